import re
import textwrap

info = hover("src/inventory/api.py", 57, 22, "reserve")
if not info.success or not info.content:
    print("no hover information")
else:
    content = info.content
    code = re.search(r"```python\n(.*?)\n```", content, re.S)
    signature = code.group(1) if code else ""
    match = re.match(r"def (\w+)\((.*)\) -> (.+)", signature)
    name, params, returns = match.groups()
    parameters = []
    for part in params.split(", "):
        if part in ("self", "*"):
            continue
        pname, _, rest = part.partition(": ")
        ptype, _, default = rest.partition(" = ")
        parameters.append((pname, ptype, default or None))
    print(f"{name}() -> {returns}  [{info.language}]")
    for pname, ptype, default in parameters:
        print(f"  {pname}: {ptype}" + (f" (default {default})" if default else ""))
    doc = content.split("---", 1)[1].strip()
    summary = doc.split("\n\n")[0]
    print(textwrap.shorten(summary, width=70))
    args = re.findall(r"^    (\w+): (.+)$", doc, re.M)
    print(f"{len(args)} documented arguments:", ", ".join(a for a, _ in args))
