checks = typecheck("src/")
lint = ruff_check("src/")
tests = pytest_run("tests/")
hot = {}
for e in checks.errors:
    if e.severity == "error":
        hot[e.file] = hot.get(e.file, 0) + 3
for v in lint.violations:
    if not v.fixable:
        hot[v.file] = hot.get(v.file, 0) + 1
failing_modules = {t.name.split("::")[0].replace("tests/test_", "src/inventory/") for t in tests.tests if t.outcome == "failed"}
for module in failing_modules:
    hot[module] = hot.get(module, 0) + 10
print("files to fix first:")
for file, score in sorted(hot.items(), key=lambda item: -item[1])[:6]:
    marker = " (failing tests)" if file in failing_modules else ""
    print(f"  {score:4d}  {file}{marker}")
