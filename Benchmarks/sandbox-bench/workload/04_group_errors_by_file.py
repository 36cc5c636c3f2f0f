from collections import defaultdict

result = typecheck("src/")
by_file = defaultdict(list)
for error in result.errors:
    by_file[error.file].append(error)
print(f"{result.error_count} errors in {len(by_file)} files")
for file, errors in sorted(by_file.items(), key=lambda item: (-len(item[1]), item[0])):
    codes = sorted({e.code for e in errors})
    lines = sorted(e.line for e in errors)
    print(f"{file}: {len(errors)} ({', '.join(codes)}) first at line {lines[0]}, last at {lines[-1]}")
