refs = find_references("src/inventory/service.py", 812, 7, "OrderService")
print(f"{refs.reference_count} references to {refs.symbol}")
groups = {}
for ref in refs.references:
    groups.setdefault(ref.file, []).append(ref.line)
tests = {f: lines for f, lines in groups.items() if f.startswith("tests/")}
print(f"{len(groups)} files, {len(tests)} of them tests")
for file in sorted(groups, key=lambda f: len(groups[f]), reverse=True)[:8]:
    lines = sorted(groups[file])
    print(f"  {file}: {len(lines)} uses, lines {', '.join(map(str, lines[:5]))}{' ...' if len(lines) > 5 else ''}")
