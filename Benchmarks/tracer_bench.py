"""Tracer overhead and model build cost of _punie_model (Sources/CodeMode/Interpreter/Python/model.py).

Measures, as medians over many runs in one process:
1. build: a TypeCheckResult with 1,000 errors from JSON-decoded dicts (from_tool_result, no trace),
   from the same dicts through model_validate (copies), and json.loads of the payload for scale.
2. reads: the read-heavy loop below (1,000 items x 3 fields) exec'd as a Code Mode program in a fresh
   namespace, on an untraced result vs a traced one (default "first" mode, and exact_counts=True).
   Only the loop is timed; begin_trace/from_tool_result/end_trace run outside the timer.
3. execution: begin_trace + from_tool_result + loop + end_trace vs the same without tracing.

Run: python3 Benchmarks/tracer_bench.py [--runs N]   Target: reads ratio (first mode) < 1.2x.
"""

import argparse
import importlib.util
import json
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODEL_PY = os.path.join(ROOT, "Sources", "CodeMode", "Interpreter", "Python", "model.py")

LOOP = """
total = 0
for e in result.errors:
    total += e.line + e.column
    last = e.message
"""


def load():
    spec = importlib.util.spec_from_file_location("_punie_model", MODEL_PY)
    module = importlib.util.module_from_spec(spec)
    sys.modules["_punie_model"] = module
    spec.loader.exec_module(module)
    with open(os.path.join(ROOT, "stubs", "models.py"), encoding="utf-8") as handle:
        models = module.load_models(handle.read())
    return module, models


def payload(count):
    return json.dumps({
        "success": False, "error_count": count, "warning_count": 0, "parse_error": None,
        "errors": [{"file": "src/app%d.py" % (i % 7), "line": i + 1, "column": (i % 80) + 1,
                    "severity": "error", "code": "invalid-argument-type", "message": "Argument %d is wrong" % i}
                   for i in range(count)],
    })


def median_us(samples):
    return statistics.median(samples) / 1000.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--items", type=int, default=1000)
    args = parser.parse_args()
    m, models = load()
    result_cls = models["TypeCheckResult"]
    text = payload(args.items)
    program = compile(LOOP, "<code>", "exec")

    # 1. build cost
    decoded = [json.loads(text) for _ in range(args.runs)]
    builds, validates, loads = [], [], []
    for data in decoded:
        start = time.perf_counter_ns()
        m.from_tool_result(result_cls, data, 0, "typecheck")
        builds.append(time.perf_counter_ns() - start)
    template = json.loads(text)
    for _ in range(args.runs):
        start = time.perf_counter_ns()
        result_cls.model_validate(template)
        validates.append(time.perf_counter_ns() - start)
        start = time.perf_counter_ns()
        json.loads(text)
        loads.append(time.perf_counter_ns() - start)

    # 2. reads: untraced vs traced, interleaved so drift hits both alike
    def run_loop(result):
        namespace = {"result": result}
        start = time.perf_counter_ns()
        exec(program, namespace)
        return time.perf_counter_ns() - start

    untraced, traced, exact = [], [], []
    whole_plain, whole_traced = [], []
    for index in range(args.runs):
        data = json.loads(text)
        untraced.append(run_loop(m.from_tool_result(result_cls, data, 0, "typecheck")))
        m.begin_trace()
        traced_result = m.from_tool_result(result_cls, json.loads(text), 0, "typecheck")
        traced.append(run_loop(traced_result))
        trace = m.end_trace()
        m.begin_trace(exact_counts=True)
        exact_result = m.from_tool_result(result_cls, json.loads(text), 0, "typecheck")
        exact.append(run_loop(exact_result))
        m.end_trace()
        # 3. a whole execution, tracing included
        # each execution compiles its own program, as the sandbox does (fresh inline caches)
        data_a, data_b = json.loads(text), json.loads(text)
        program_a, program_b = compile(LOOP, "<code>", "exec"), compile(LOOP, "<code>", "exec")
        start = time.perf_counter_ns()
        exec(program_a, {"result": m.from_tool_result(result_cls, data_a, 0, "typecheck")})
        whole_plain.append(time.perf_counter_ns() - start)
        start = time.perf_counter_ns()
        m.begin_trace()
        exec(program_b, {"result": m.from_tool_result(result_cls, data_b, 0, "typecheck")})
        m.end_trace()
        whole_traced.append(time.perf_counter_ns() - start)
    assert trace["calls"][0]["reads"] == {"errors": 1, "errors[].line": 1, "errors[].column": 1,
                                          "errors[].message": 1}, trace

    base = median_us(untraced)
    print("python %s, %d items, %d runs (medians)" % (sys.version.split()[0], args.items, args.runs))
    print("build  from_tool_result (JSON dicts reused): %8.1f us" % median_us(builds))
    print("build  model_validate (dicts copied):        %8.1f us" % median_us(validates))
    print("       json.loads of the payload, for scale: %8.1f us" % median_us(loads))
    print("reads  untraced loop:                        %8.1f us" % base)
    print("reads  traced loop (first mode):             %8.1f us  ratio %.3fx" % (median_us(traced),
                                                                                 median_us(traced) / base))
    print("reads  traced loop (exact_counts=True):      %8.1f us  ratio %.3fx" % (median_us(exact),
                                                                                 median_us(exact) / base))
    print("exec   build+loop untraced:                  %8.1f us" % median_us(whole_plain))
    print("exec   begin+build+loop+end traced:          %8.1f us  ratio %.3fx" % (
        median_us(whole_traced), median_us(whole_traced) / median_us(whole_plain)))
    ratio = median_us(traced) / base
    print("RESULT tracer overhead ratio (first mode) = %.3fx (target < 1.2x): %s"
          % (ratio, "ok" if ratio < 1.2 else "ABOVE TARGET"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
