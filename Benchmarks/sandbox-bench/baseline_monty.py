"""Baseline (c) of the sandbox benchmark: pydantic-monty (a pool of `monty` worker subprocesses).

The same Code Mode programs run through `Monty().checkout().feed_run(...)`, one fresh session per
execution (punie-exec starts every execution from a fresh interpreter state too). The tools are
external functions (`external_lookup`) answering with the same canned JSON, turned into dataclass
instances of the stubs/models.py models on every call and sent into the sandbox wrapped in
`ClassInstance(eager_attrs="all")` (Monty accepts host objects only wrapped; nested models and lists
of models are wrapped the same way), so the programs read fields exactly as they are written.
print() output is collected with CollectString. A program Monty cannot run (an unsupported module
or construct) is reported with its error; the Swift side leaves it out of the Monty geomean.

Output (stdout): one JSON document {"monty": ..., "programs": {name: {"samples_us": [...],
"stdout": ..., "error": ..., "unsupported": ...}}}. Usable alone:

    python baseline_monty.py --workload workload --stubs ../../stubs --reps 10 --warmup 2
"""

import argparse
import ast
import dataclasses
import json
import os
import re
import sys
import time

import pydantic_monty
from pydantic_monty import ClassInstance, CollectString, Monty, MontyError, MontyRuntimeError

from workload_files import load_programs, tool_returns


class ModelInstance(ClassInstance):
    """A dataclass result with every field sent eagerly, nested models wrapped the same way."""

    def convert_value(self, name, value):
        return wrap(value)


def wrap(value):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return ModelInstance(value, eager_attrs="all")
    if type(value) is list:
        return [wrap(item) for item in value]
    return value


def load_models(stubs):
    """The classes of stubs/models.py as dataclasses, with a builder from decoded JSON per class."""
    with open(os.path.join(stubs, "models.py")) as handle:
        tree = ast.parse(handle.read())
    specs = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            fields = []
            for item in node.body:
                if isinstance(item, ast.AnnAssign):
                    fields.append((item.target.id, ast.unparse(item.annotation), item.value is not None))
            specs[node.name] = fields
    classes = {name: dataclasses.make_dataclass(name, [f for f, _, _ in fields]) for name, fields in specs.items()}
    builders = {}

    def field_builder(annotation):
        inner = annotation.removesuffix(" | None")
        match = re.fullmatch(r"list\[(\w+)\]", inner)
        if match and match.group(1) in classes:
            element = match.group(1)
            return lambda items: None if items is None else [builders[element](item) for item in items]
        if inner in classes:
            return lambda data: None if data is None else builders[inner](data)
        return None

    for name, fields in specs.items():
        cls = classes[name]
        plan = [(field, field_builder(annotation)) for field, annotation, _ in fields]

        def build(data, _cls=cls, _plan=plan):
            return _cls(*[convert(data.get(field)) if convert else data.get(field) for field, convert in _plan])

        builders[name] = build
    return builders



def make_tools(tool_data, builders, returns, aliases):
    tools = {}
    for name, value in tool_data.items():
        payload = json.dumps(value).encode()
        build = builders.get(returns[name])
        if build is None:
            def tool(*args, _payload=payload, **kwargs):
                return json.loads(_payload)
        else:
            def tool(*args, _payload=payload, _build=build, **kwargs):
                return wrap(_build(json.loads(_payload)))
        tools[name] = tool
    for alias, canonical in aliases.items():
        if canonical in tools:
            tools[alias] = tools[canonical]
    return tools


def run_once(pool, source, tools):
    output = CollectString()
    error = None
    try:
        with pool.checkout() as session:
            session.feed_run(source, external_lookup=tools, print_callback=output)
    except MontyRuntimeError as exception:
        error = exception.display(format="type-msg")
    except MontyError as exception:
        error = f"{type(exception).__name__}: {exception}"
    return output.output, error


UNSUPPORTED = re.compile(r"ModuleNotFoundError|NotImplementedError|not (yet )?supported|SyntaxError")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workload", required=True)
    parser.add_argument("--stubs", required=True)
    parser.add_argument("--reps", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--pause-ms", type=float, default=0)
    options = parser.parse_args()

    builders = load_models(options.stubs)
    returns, aliases = tool_returns(options.stubs)
    with open(os.path.join(options.workload, "tools.json")) as handle:
        tools = make_tools(json.load(handle), builders, returns, aliases)
    programs = load_programs(options.workload)

    results = {name: {"samples_us": []} for name in programs}
    clock = time.perf_counter_ns
    with Monty(min_processes=1, max_processes=1) as pool:
        for _ in range(options.warmup):
            for name, source in programs.items():
                stdout, error = run_once(pool, source, tools)
                results[name].update(stdout=stdout, error=error)
                results[name]["unsupported"] = bool(error and UNSUPPORTED.search(error))
        for _ in range(options.reps):
            for name, source in programs.items():
                if results[name]["unsupported"]:
                    continue
                if options.pause_ms:
                    time.sleep(options.pause_ms / 1000)
                start = clock()
                run_once(pool, source, tools)
                results[name]["samples_us"].append((clock() - start) / 1000)
    json.dump({"monty": pydantic_monty.__version__, "python": sys.version.split()[0], "programs": results}, sys.stdout)


if __name__ == "__main__":
    main()
