text = read_file("src/inventory/service.py")
lines = text.splitlines()
functions = [line.strip() for line in lines if line.lstrip().startswith(("def ", "async def "))]
classes = [line.split()[1].split("(")[0].rstrip(":") for line in lines if line.startswith("class ")]
todos = [(number + 1, line.strip()) for number, line in enumerate(lines) if "TODO" in line or "FIXME" in line]
long_lines = [number + 1 for number, line in enumerate(lines) if len(line) > 88]
blank = sum(1 for line in lines if not line.strip())
indents = {}
for line in lines:
    if line.strip():
        width = len(line) - len(line.lstrip(" "))
        indents[width] = indents.get(width, 0) + 1
print(f"{len(lines)} lines ({blank} blank), {len(classes)} classes, {len(functions)} functions")
print("classes:", ", ".join(classes[:8]), "...")
print(f"{len(todos)} TODO/FIXME markers; first: line {todos[0][0]}: {todos[0][1]}")
print(f"{len(long_lines)} lines over 88 characters")
print("indentation:", ", ".join(f"{width}:{count}" for width, count in sorted(indents.items())))
words = text.replace("(", " ").replace(")", " ").replace(":", " ").split()
print("identifiers starting with compute_:", len({w for w in words if w.startswith("compute_")}))
