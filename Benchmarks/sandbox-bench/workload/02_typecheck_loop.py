result = typecheck("src/")
errors = [e for e in result.errors if e.severity == "error"]
warnings = [e for e in result.errors if e.severity == "warning"]
print(f"{len(errors)} errors and {len(warnings)} warnings in {len(result.errors)} diagnostics")
by_code = {}
for error in errors:
    by_code[error.code] = by_code.get(error.code, 0) + 1
for code, count in sorted(by_code.items(), key=lambda item: -item[1]):
    print(f"  {code}: {count}")
for error in errors[:10]:
    print(f"{error.file}:{error.line}:{error.column} {error.message}")
