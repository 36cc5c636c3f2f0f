"""Baseline (b) of the sandbox benchmark: plain in-process `exec()` of the same Code Mode programs.

The tools are plain Python functions returning real Pydantic v2 model instances (the classes of
stubs/models.py bound to `pydantic.BaseModel`), validated from the same canned JSON the sandbox's
tools answer with, on every call. Each timed execution compiles the program, runs it with `exec()`
in a fresh namespace with stdout captured by contextlib.redirect_stdout, and catches its exception.
No guards, no tracing, no isolation: the floor a sandbox is compared with.

Output (stdout): one JSON document {"python": ..., "pydantic": ..., "programs": {name: {"samples_us":
[...], "stdout": ..., "error": ...}}}. Run by the Swift `sandbox-bench`; usable alone:

    python baseline_exec.py --workload workload --stubs ../../stubs --reps 20 --warmup 3
"""

import argparse
import builtins
import contextlib
import io
import json
import os
import sys
import time
import types

from workload_files import load_programs, tool_returns


def load_models(stubs):
    import pydantic

    module = types.ModuleType("bench_models")
    module.BaseModel = pydantic.BaseModel
    sys.modules["bench_models"] = module
    with open(os.path.join(stubs, "models.py")) as handle:
        exec(compile(handle.read(), "stubs/models.py", "exec"), module.__dict__)
    models = {
        name: value for name, value in module.__dict__.items()
        if isinstance(value, type) and issubclass(value, pydantic.BaseModel) and value is not pydantic.BaseModel
    }
    for model in models.values():
        model.model_rebuild(_types_namespace=module.__dict__)
    return models, pydantic.VERSION



def make_tools(tool_data, models, returns, aliases):
    tools = {}
    for name, value in tool_data.items():
        payload = json.dumps(value).encode()
        model = models.get(returns[name])
        if model is None:
            def tool(*args, _payload=payload, **kwargs):
                return json.loads(_payload)
        else:
            def tool(*args, _payload=payload, _model=model, **kwargs):
                return _model.model_validate_json(_payload)
        tool.__name__ = name
        tools[name] = tool
    for alias, canonical in aliases.items():
        if canonical in tools:
            tools[alias] = tools[canonical]
    return tools


def run_once(source, bindings):
    """One execution: compile, exec in a fresh namespace, capture stdout, catch the exception."""
    buffer = io.StringIO()
    error = None
    with contextlib.redirect_stdout(buffer):
        try:
            code = compile(source, "<code>", "exec", dont_inherit=True)
            namespace = {"__builtins__": builtins, "__name__": "__main__", **bindings}
            exec(code, namespace)
        except Exception as exception:  # noqa: BLE001 - the program's failure is data
            error = f"{type(exception).__name__}: {exception}"
    return buffer.getvalue(), error


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workload", required=True)
    parser.add_argument("--stubs", required=True)
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--pause-ms", type=float, default=0)
    options = parser.parse_args()

    models, pydantic_version = load_models(options.stubs)
    returns, aliases = tool_returns(options.stubs)
    with open(os.path.join(options.workload, "tools.json")) as handle:
        tool_data = json.load(handle)
    bindings = dict(models)
    bindings.update(make_tools(tool_data, models, returns, aliases))
    programs = load_programs(options.workload)

    results = {name: {"samples_us": []} for name in programs}
    for _ in range(options.warmup):
        for name, source in programs.items():
            results[name]["stdout"], results[name]["error"] = run_once(source, bindings)
    clock = time.perf_counter_ns
    for _ in range(options.reps):
        for name, source in programs.items():
            if options.pause_ms:
                time.sleep(options.pause_ms / 1000)
            start = clock()
            run_once(source, bindings)
            results[name]["samples_us"].append((clock() - start) / 1000)
    json.dump({"python": sys.version.split()[0], "pydantic": pydantic_version, "programs": results}, sys.stdout)


if __name__ == "__main__":
    main()
