from dataclasses import dataclass


@dataclass
class Module:
    name: str
    size: int
    lines: int

    def density(self):
        return self.size / max(self.lines, 1)


listing = list_directory("src/inventory")
text = read_file("src/inventory/service.py")
lines = len(text.splitlines())
modules = [Module(e.name, e.size, lines) for e in listing.entries if e.kind == "file" and e.name.endswith(".py")]
print(f"{listing.entry_count} entries, {len(modules)} modules")
for m in sorted(modules, key=lambda m: m.size, reverse=True):
    print(f"  {m.name:<16} {m.size:>7,d} bytes  {m.density():6.2f} bytes/line")
