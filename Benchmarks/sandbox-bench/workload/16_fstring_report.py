checks = typecheck("src/")
lint = ruff_check("src/")
tests = pytest_run("tests/")
rows = [
    ("typecheck", checks.error_count, checks.warning_count, "ok" if checks.success else "FAIL"),
    ("ruff", lint.violation_count, lint.fixable_count, "ok" if lint.success else "FAIL"),
    ("pytest", tests.failed + tests.errors, tests.skipped, "ok" if tests.success else "FAIL"),
]
print(f"{'check':<10} | {'problems':>8} | {'other':>6} | {'state':^6}")
print(f"{'-' * 10}-+-{'-' * 8}-+-{'-' * 6}-+-{'-' * 6}")
for name, problems, other, state in rows:
    print(f"{name:<10} | {problems:>8,d} | {other:>6d} | {state:^6}")
pass_rate = tests.passed / len(tests.tests)
print(f"pass rate {pass_rate:.1%}, mean test time {tests.duration / len(tests.tests) * 1000:.1f} ms")
for t in sorted(tests.tests, key=lambda t: t.duration, reverse=True)[:10]:
    print(f"  {t.duration:8.4f}s  {t.outcome!s:>8}  {t.name[-48:]!r}")
for v in lint.violations[:40]:
    print(f"{v.file}:{v.line:>4}:{v.column:<3} {v.code:<6} {'[*]' if v.fixable else '   '} {v.message}")
