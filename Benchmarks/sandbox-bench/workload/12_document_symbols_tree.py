KINDS = {5: "class", 6: "method", 12: "function", 13: "variable", 14: "constant"}
result = document_symbols("src/inventory/service.py")


def walk(symbols, depth, counts):
    for symbol in symbols:
        counts[symbol.kind] = counts.get(symbol.kind, 0) + 1
        if depth < 2 and symbol.kind in (5, 6):
            print(f"{'  ' * depth}{KINDS.get(symbol.kind, symbol.kind)} {symbol.name} (lines {symbol.line}-{symbol.end_line})")
        walk(symbol.children, depth + 1, counts)
    return counts


counts = walk(result.symbols, 0, {})
print(f"{result.symbol_count} symbols in {result.file_path}:",
      ", ".join(f"{count} {KINDS.get(kind, kind)}" for kind, count in sorted(counts.items())))
largest = max((s for s in result.symbols if s.kind == 5), key=lambda s: s.end_line - s.line)
print(f"largest class: {largest.name} with {len(largest.children)} methods")
