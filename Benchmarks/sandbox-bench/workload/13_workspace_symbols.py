result = workspace_symbols("Order")
classes = [s for s in result.symbols if s.kind == 5]
methods = [s for s in result.symbols if s.kind == 6]
print(f"{result.symbol_count} symbols matching {result.query!r}: {len(classes)} classes, {len(methods)} methods")
for s in sorted(classes, key=lambda s: (s.file, s.line))[:15]:
    print(f"  class {s.name} at {s.file}:{s.line}")
containers = {}
for m in methods:
    containers.setdefault(m.container_name or "<module>", []).append(m.name)
for container, names in sorted(containers.items()):
    print(f"  {container}: {len(names)} methods")
