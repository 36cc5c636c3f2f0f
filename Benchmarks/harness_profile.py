"""Profile the Code Mode harness (runtime.py + model.py) outside Swift, on the sandbox workload.

The harness runs in a plain python3 process with a stand-in `_punie` module whose `call_tool`
answers from Benchmarks/sandbox-bench/workload/tools.json, exactly as the host would (kind 0 and
the JSON text). This isolates the harness's own cost (AST guard, compile, tool binding, model
building, tracing, report) from the sandbox around it.

    python3 Benchmarks/harness_profile.py                 # per-program median µs
    python3 Benchmarks/harness_profile.py --profile 02    # cProfile of one program (name prefix)
"""

import argparse
import ast
import json
import os
import statistics
import sys
import time
import types

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PYTHON_DIR = os.path.join(ROOT, "Sources", "CodeMode", "Interpreter", "Python")
WORKLOAD = os.path.join(ROOT, "Benchmarks", "sandbox-bench", "workload")
sys.path.insert(0, os.path.dirname(WORKLOAD))
from workload_files import load_programs  # noqa: E402 - found through the path above


def catalog_json():
    """The tool table the Swift side hands to `install`, derived from stubs/tools.py."""
    with open(os.path.join(ROOT, "stubs", "tools.py"), encoding="utf-8") as handle:
        tree = ast.parse(handle.read())
    tools, aliases = [], {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            positional = node.args.args
            defaults = [None] * (len(positional) - len(node.args.defaults)) + list(node.args.defaults)
            parameters = [
                {
                    "name": arg.arg,
                    "type": ast.unparse(arg.annotation),
                    "required": default is None,
                    "default": None if default is None else ast.literal_eval(default),
                }
                for arg, default in zip(positional, defaults)
            ]
            tools.append({"name": node.name, "parameters": parameters, "returns": ast.unparse(node.returns)})
        elif isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "ALIASES":
            aliases = ast.literal_eval(node.value)
    return json.dumps({"tools": tools, "aliases": aliases})


def load_harness(tool_data):
    answers = {name: json.dumps(value) for name, value in tool_data.items()}
    punie = types.ModuleType("_punie")
    punie.call_tool = lambda name, arguments: (0, answers[name]) if name in answers else (1, f"no data for {name}")
    punie.mirror_stdout = lambda text: None
    sys.modules["_punie"] = punie
    modules = {}
    for name, filename in (("_punie_model", "model.py"), ("_punie_runtime", "runtime.py")):
        module = types.ModuleType(name)
        module.__file__ = os.path.join(PYTHON_DIR, filename)
        sys.modules[name] = module
        with open(module.__file__, encoding="utf-8") as handle:
            exec(compile(handle.read(), module.__file__, "exec"), module.__dict__)
        modules[name] = module
    runtime = modules["_punie_runtime"]
    with open(os.path.join(ROOT, "stubs", "models.py"), encoding="utf-8") as handle:
        runtime.install(handle.read(), catalog_json())
    return runtime


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=200)
    parser.add_argument("--profile", help="profile the program whose name starts with this")
    parser.add_argument("--estimates", action="store_true")
    options = parser.parse_args()
    with open(os.path.join(WORKLOAD, "tools.json"), encoding="utf-8") as handle:
        tool_data = json.load(handle)
    runtime = load_harness(tool_data)
    programs = load_programs(WORKLOAD)
    settings = json.dumps({"estimates": options.estimates})
    for source in programs.values():
        runtime.prepare(source)
    if options.profile:
        import cProfile
        import pstats

        name, source = next((n, s) for n, s in programs.items() if n.startswith(options.profile))
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(options.reps):
            runtime.execute(source, settings)
        profiler.disable()
        print(f"== {name}, {options.reps} executions")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        return
    clock = time.perf_counter_ns
    ratios = []
    for name, source in programs.items():
        samples = []
        for _ in range(options.reps):
            start = clock()
            report = runtime.execute(source, settings)
            samples.append((clock() - start) / 1000)
        harness = statistics.median(samples)
        ratios.append(harness)
        print(f"{name:32} {harness:8.0f} µs  status {report['status']}")
    print(f"geomean {statistics.geometric_mean(ratios):.0f} µs")


if __name__ == "__main__":
    main()
