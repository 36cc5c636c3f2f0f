result = ruff_check("src/")
fixable = [v for v in result.violations if v.fixable]
manual = [v for v in result.violations if not v.fixable]
print(f"{result.violation_count} violations: {len(fixable)} fixable (reported {result.fixable_count}), {len(manual)} manual")
codes = sorted({v.code for v in fixable})
print("auto-fix with: ruff check --fix --select " + ",".join(codes))
files = {}
for v in manual:
    files.setdefault(v.file, set()).add(v.code)
for file in sorted(files):
    print(f"{file}: {' '.join(sorted(files[file]))}")
