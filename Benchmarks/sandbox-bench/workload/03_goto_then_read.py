definition = goto_definition("src/inventory/api.py", 42, 17, "OrderService")
if definition.success and definition.locations:
    location = definition.locations[0]
    text = read_file(location.file)
    lines = text.splitlines()
    start = max(location.line - 3, 0)
    print(f"{definition.symbol} is defined in {location.file}:{location.line}")
    for number in range(start, min(location.line + 6, len(lines))):
        marker = ">" if number + 1 == location.line else " "
        print(f"{marker} {number + 1:5d} | {lines[number]}")
else:
    print("definition not found")
