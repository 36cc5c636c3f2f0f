"""Cold start of the Code Mode harness (model.py + runtime.py), stage by stage, in fresh processes.

Each sample is a fresh `python3 -S -I` process that loads the harness the way the Swift side does:
a stand-in `_punie` module (as in Benchmarks/harness_profile.py), model.py and runtime.py executed
from marshalled code objects (Swift caches their bytecode: nothing is compiled before the timed
stages, so the first `compile()` pays for setting up the AST types, about 1.6 ms, as in Swift),
`install(models, catalog)`, then `prepare` and `execute` of `print(1)`, and of a program that imports
json and reads a field of a typed tool's result. It also lists the modules each stage loaded beyond
those of a bare `python3 -S -I`.

    /usr/bin/python3 -S -I Benchmarks/harness_startup.py              # median of 20 processes
    /usr/bin/python3 -S -I Benchmarks/harness_startup.py --runs 50 --models code

--models code hands `install` the stub models as a code object (as Swift does once the models'
bytecode is cached) instead of source text; harness versions that accept only text fail with it.

The measured child process imports nothing itself: it reads its inputs (code objects, the catalog
JSON and the tools' answers) marshalled on stdin and prints its figures as a Python literal.
"""

import sys

PROGRAM_PLAIN = "print(1)\n"
PROGRAM_IMPORT = "import json\nresult = typecheck('src/')\nprint(json.dumps({'errors': result.error_count}))\n"
OPTIONS = ('{"output_limit": 1048576, "recursion_limit": 200, "timeout": 10.0, "cpu_limit": 10.0, '
           '"estimates": false, "mirror_stdout": true, "guard": true}')
STAGES = (
    ("model", "exec model.py"),
    ("runtime", "exec runtime.py"),
    ("install", "install(models, catalog)"),
    ("prepare_plain", "prepare('print(1)')"),
    ("execute_plain", "execute('print(1)')"),
    ("prepare_import", "prepare(import json + field read)"),
    ("execute_import", "execute(import json + field read)"),
)


def child(models_as_code):
    """One measured start-up; prints {"times": {stage: ms}, "modules": {stage: [new module names]}}."""
    import marshal  # loaded in a bare interpreter already
    import time

    clock = time.perf_counter_ns
    bare = set(sys.modules)
    inputs = marshal.loads(sys.stdin.buffer.read())
    codes = inputs["codes"]
    models = inputs["models_code"] if models_as_code else inputs["models_source"]
    answers = inputs["answers"]
    module_type = type(sys)
    punie = module_type("_punie")
    punie.call_tool = lambda name, arguments: (0, answers[name]) if name in answers else (1, "no data for " + name)
    punie.mirror_stdout = lambda text: None
    sys.modules["_punie"] = punie
    bare.add("_punie")

    times, modules = {}, {}
    seen = set(bare)

    def stage(name, action):
        start = clock()
        result = action()
        times[name] = (clock() - start) / 1e6
        modules[name] = sorted(set(sys.modules) - seen)
        seen.update(sys.modules)
        return result

    def load(name, filename):
        module = module_type(name)
        module.__file__ = "punie/" + filename
        sys.modules[name] = module  # as PyImport_ExecCodeModule does, before executing
        exec(codes[filename], module.__dict__)  # noqa: S102 - the harness itself
        return module

    stage("model", lambda: load("_punie_model", "model.py"))
    runtime = stage("runtime", lambda: load("_punie_runtime", "runtime.py"))
    stage("install", lambda: runtime.install(models, inputs["catalog"]))
    reports = []
    for suffix, program in (("plain", PROGRAM_PLAIN), ("import", PROGRAM_IMPORT)):
        stage("prepare_" + suffix, lambda: runtime.prepare(program))
        reports.append(stage("execute_" + suffix, lambda: runtime.execute(program, OPTIONS)))
    statuses = [(report["status"], report["stdout"]) for report in reports]
    print(repr({"times": times, "modules": modules, "reports": statuses}))


def parent(runs, models_as_code):
    import ast
    import json
    import marshal
    import os
    import statistics
    import subprocess

    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, here)
    import harness_profile  # noqa: E402 - found through the path above

    with open(os.path.join(harness_profile.WORKLOAD, "tools.json"), encoding="utf-8") as handle:
        answers = {name: json.dumps(value) for name, value in json.load(handle).items()}

    def read(path):
        with open(path, encoding="utf-8") as handle:
            return handle.read()

    codes = {name: compile(read(os.path.join(harness_profile.PYTHON_DIR, name)), "punie/" + name, "exec")
             for name in ("model.py", "runtime.py")}
    models_source = read(os.path.join(harness_profile.ROOT, "stubs", "models.py"))
    inputs = marshal.dumps({
        "codes": codes,
        "models_source": models_source,
        "models_code": compile(models_source, "stubs/models.py", "exec", dont_inherit=True),
        "catalog": harness_profile.catalog_json(),
        "answers": answers,
    })
    bare = subprocess.run([sys.executable, "-S", "-I", "-c", "import sys; print(sorted(sys.modules))"],
                          capture_output=True, text=True, check=True)
    bare_modules = set(ast.literal_eval(bare.stdout))
    command = [sys.executable, "-S", "-I", os.path.abspath(__file__), "--child"]
    if models_as_code:
        command.append("--models-code")
    samples = []
    for _ in range(runs):
        done = subprocess.run(command, input=inputs, capture_output=True)
        if done.returncode != 0:
            sys.stderr.write(done.stderr.decode("utf-8", "replace"))
            sys.exit(1)
        samples.append(ast.literal_eval(done.stdout.decode("utf-8").strip().splitlines()[-1]))
    first = samples[0]
    expected = [("ok", "1\n"), ("ok", '{"errors": 166}\n')]
    if first["reports"] != expected:
        sys.exit("unexpected reports: %r" % (first["reports"],))
    print("%s, models as %s, median of %d fresh processes (ms)" % (
        sys.version.split()[0], "code" if models_as_code else "source", runs))
    total = 0.0
    for key, label in STAGES:
        value = statistics.median(sample["times"][key] for sample in samples)
        if key == "prepare_import":
            print("  %-38s %7.2f" % ("load + install + print(1)", total))
        total += value
        print("  %-38s %7.2f   %s" % (label, value, " ".join(first["modules"][key]) or "-"))
    totals = [sum(sample["times"].values()) for sample in samples]
    print("  %-38s %7.2f" % ("all stages (median of the sums)", statistics.median(totals)))
    beyond = sorted(set().union(*first["modules"].values()) - bare_modules)
    print("modules beyond a bare python3 -S -I (%d): %s" % (len(beyond), " ".join(beyond) or "-"))
    varying = [key for key, _ in STAGES if any(s["modules"][key] != first["modules"][key] for s in samples)]
    if varying:
        print("note: the modules loaded differed between processes in stages %s" % ", ".join(varying))


def main():
    arguments = sys.argv[1:]
    if "--child" in arguments:
        child("--models-code" in arguments)
        return
    runs = 20
    if "--runs" in arguments:
        runs = int(arguments[arguments.index("--runs") + 1])
    models_as_code = "--models" in arguments and arguments[arguments.index("--models") + 1] == "code"
    parent(runs, models_as_code)


if __name__ == "__main__":
    main()
