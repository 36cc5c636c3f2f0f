"""What the sandbox benchmark's Python baselines (and Benchmarks/harness_profile.py) read alike: the
workload's programs and the tools' return annotations from stubs/tools.py."""

import ast
import os


def load_programs(workload):
    """{program name: source} for every .py file of the workload folder, in name order."""
    programs = {}
    for entry in sorted(os.listdir(workload)):
        if entry.endswith(".py"):
            with open(os.path.join(workload, entry), encoding="utf-8") as handle:
                programs[entry[:-3]] = handle.read()
    return programs


def tool_returns(stubs):
    """Tool name -> return annotation (a model name or "str"), and the aliases, from stubs/tools.py."""
    with open(os.path.join(stubs, "tools.py"), encoding="utf-8") as handle:
        tree = ast.parse(handle.read())
    returns, aliases = {}, {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            returns[node.name] = ast.unparse(node.returns)
        elif isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "ALIASES":
            aliases = ast.literal_eval(node.value)
    return returns, aliases
