result = pytest_run("tests/")
print(f"passed={result.passed} failed={result.failed} errors={result.errors} skipped={result.skipped} in {result.duration:.2f}s")
for test in result.tests:
    if test.outcome in ("failed", "error"):
        module, _, name = test.name.partition("::")
        first_line = (test.message or "").splitlines()[0] if test.message else ""
        print(f"{test.outcome.upper():7} {module} :: {name}\n        {first_line}")
