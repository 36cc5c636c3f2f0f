"""Writes Benchmarks/sandbox-bench/workload/tools.json: the canned result of every tool the
sandbox benchmark's programs call (deterministic; run it again only to change the data).

Each value is what the Swift tool would answer: a model object as JSON (snake_case field names,
the order of stubs/models.py), or a JSON string for the text tools (read_file).
"""

import json
import os
import random

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Benchmarks", "sandbox-bench", "workload", "tools.json")
rng = random.Random(5)

FILES = [f"src/inventory/{name}.py" for name in (
    "service", "models", "repository", "api", "pricing", "stock", "orders", "events", "cache", "config",
    "reports", "warehouse")]


def source_file():
    """A 2,000-line Python module; `class OrderService` is defined at line 812."""
    lines = ['"""Inventory services: orders, stock and pricing."""', "", "from __future__ import annotations", "",
             "import logging", "from dataclasses import dataclass, field", "from decimal import Decimal", "",
             "log = logging.getLogger(__name__)", ""]
    index = 0
    placed = False
    while len(lines) < 2000:
        if not placed and len(lines) >= 804:
            lines += [""] * (811 - len(lines))
            placed = True
            lines += ["class OrderService:", '    """Places, reserves and ships orders."""', "",
                      "    def __init__(self, repository, pricing):", "        self.repository = repository",
                      "        self.pricing = pricing", ""]
            continue
        index += 1
        kind = index % 5
        if kind == 0:
            lines += [f"class Record{index}:", f'    """A record of kind {index}."""', "",
                      f"    def total_{index}(self, quantity: int) -> Decimal:",
                      f"        # TODO: apply discount tier {index % 4}",
                      f"        return Decimal(quantity) * self.price_{index}", ""]
        elif kind == 1:
            lines += [f"def compute_{index}(items: list[int], factor: float = {index / 10:.1f}) -> float:",
                      "    total = 0.0", "    for item in items:", "        total += item * factor",
                      f"    log.debug('compute_{index} -> %s', total)", "    return total", ""]
        elif kind == 2:
            lines += [f"CONSTANT_{index} = {index * 37 % 1000}", f"# FIXME: CONSTANT_{index} should come from config",
                      ""]
        elif kind == 3:
            lines += ["@dataclass", f"class Event{index}:", "    name: str", "    quantity: int = 0",
                      "    tags: list[str] = field(default_factory=list)", ""]
        else:
            lines += [f"async def fetch_{index}(client, sku: str) -> dict:",
                      f"    response = await client.get(f'/api/v1/items/{{sku}}?page={index}')",
                      "    response.raise_for_status()", "    return response.json()  # noqa: E501 " + "x" * (index % 60), ""]
    return "\n".join(lines[:2000]) + "\n"


TY_CODES = [("invalid-assignment", "Object of type `float` is not assignable to `int`"),
            ("unresolved-attribute", "Type `Order` has no attribute `sku_code`"),
            ("invalid-argument-type", "Argument to function `reserve` is incorrect: Expected `str`, found `int`"),
            ("possibly-unbound", "Name `total` used when possibly not defined"),
            ("unresolved-import", "Cannot resolve imported module `inventory.legacy`"),
            ("invalid-return-type", "Return type does not match returned value: expected `Decimal`, found `float`"),
            ("call-non-callable", "Object of type `None` is not callable")]


def typecheck():
    errors = []
    for i in range(200):
        code, message = TY_CODES[rng.randrange(len(TY_CODES))]
        errors.append({"file": FILES[rng.randrange(len(FILES))], "line": rng.randrange(1, 2000),
                       "column": rng.randrange(1, 60), "severity": "warning" if i % 6 == 0 else "error",
                       "code": code, "message": message})
    warnings = sum(e["severity"] == "warning" for e in errors)
    return {"success": False, "error_count": 200 - warnings, "warning_count": warnings, "errors": errors,
            "parse_error": None}


RUFF = [("F401", "`os` imported but unused", True), ("E501", "Line too long (104 > 88)", False),
        ("UP006", "Use `list` instead of `List` for type annotation", True),
        ("I001", "Import block is un-sorted or un-formatted", True),
        ("B008", "Do not perform function call `Depends` in argument defaults", False),
        ("SIM108", "Use ternary operator instead of `if`-`else`-block", False),
        ("F841", "Local variable `result` is assigned to but never used", True),
        ("E711", "Comparison to `None` should be `cond is None`", True)]


def ruff():
    violations = []
    for _ in range(200):
        code, message, fixable = RUFF[rng.randrange(len(RUFF))]
        violations.append({"file": FILES[rng.randrange(len(FILES))], "line": rng.randrange(1, 2000),
                           "column": rng.randrange(1, 80), "code": code, "message": message, "fixable": fixable})
    return {"success": False, "violation_count": 200, "fixable_count": sum(v["fixable"] for v in violations),
            "violations": violations, "parse_error": None}


def pytest():
    tests = []
    for i in range(200):
        module = f"tests/test_{FILES[i % len(FILES)].rsplit('/', 1)[1]}"
        name = f"{module}::Test{['Order', 'Stock', 'Pricing', 'Api'][i % 4]}::test_case_{i}"
        outcome = "failed" if i % 17 == 3 else "error" if i % 67 == 5 else "skipped" if i % 41 == 7 else "passed"
        message = None
        if outcome == "failed":
            message = f"AssertionError: assert {i % 9} == {i % 9 + 1}\n +  where {i % 9} = reserve('SKU-{i}', {i % 5})"
        elif outcome == "error":
            message = "fixture 'database' not found"
        elif outcome == "skipped":
            message = "needs the warehouse service"
        tests.append({"name": name, "outcome": outcome, "duration": round(rng.uniform(0.001, 0.4), 4),
                      "message": message})
    count = lambda o: sum(t["outcome"] == o for t in tests)  # noqa: E731
    return {"success": False, "passed": count("passed"), "failed": count("failed"), "errors": count("error"),
            "skipped": count("skipped"), "duration": round(sum(t["duration"] for t in tests), 3), "tests": tests,
            "parse_error": None}


def references():
    refs = []
    for _ in range(200):
        file = FILES[rng.randrange(len(FILES))] if rng.random() < 0.8 else f"tests/test_{rng.randrange(9)}.py"
        line = rng.randrange(1, 2000)
        refs.append({"file": file, "line": line, "column": rng.randrange(1, 40),
                     "preview": f"service = OrderService(repository, pricing)  # line {line}"})
    return {"success": True, "symbol": "OrderService", "reference_count": 200, "references": refs,
            "parse_error": None}


def document_symbols():
    symbols = []
    count = 0
    line = 10
    for c in range(16):
        methods = []
        for m in range(8):
            nested = []
            if m == 0 and c % 4 == 0:
                nested = [{"name": f"_helper_{c}", "kind": 12, "line": line + 2, "end_line": line + 4, "children": []}]
                count += 1
            methods.append({"name": ["__init__", "reserve", "release", "ship", "cancel", "total", "refresh",
                                     "to_dict"][m], "kind": 6, "line": line, "end_line": line + 9, "children": nested})
            count += 1
            line += 10
        symbols.append({"name": f"Service{c}" if c else "OrderService", "kind": 5, "line": line - 81,
                        "end_line": line, "children": methods})
        count += 1
    for f in range(20):
        symbols.append({"name": f"compute_{f}", "kind": 12, "line": line, "end_line": line + 6, "children": []})
        symbols.append({"name": f"CONSTANT_{f}", "kind": 14, "line": line + 7, "end_line": line + 7, "children": []})
        count += 2
        line += 9
    return {"success": True, "file_path": "src/inventory/service.py", "symbols": symbols, "symbol_count": count,
            "parse_error": None}


def workspace_symbols():
    symbols = []
    kinds = [5, 6, 12, 13, 14]
    for i in range(200):
        kind = kinds[rng.randrange(len(kinds))]
        symbols.append({"name": f"Order{['Service', 'Line', 'Event', 'Repository', 'Status'][i % 5]}{i}",
                        "kind": kind, "file": FILES[rng.randrange(len(FILES))], "line": rng.randrange(1, 2000),
                        "container_name": f"Service{i % 7}" if kind == 6 else None})
    return {"success": True, "query": "Order", "symbols": symbols, "symbol_count": 200, "parse_error": None}


def hover():
    content = "\n".join([
        "```python",
        "def reserve(self, sku: str, quantity: int = 1, *, warehouse: str | None = None, "
        "deadline: float = 30.0) -> Reservation",
        "```",
        "---",
        "Reserve `quantity` units of `sku` in a warehouse and return the reservation.",
        "",
        "The reservation holds the stock until it is shipped or cancelled; an expired reservation is "
        "released by the nightly job. Raises `OutOfStock` when fewer than `quantity` units are free.",
        "",
        "Args:",
        "    sku: the stock-keeping unit, such as `SKU-1042`.",
        "    quantity: how many units to hold.",
        "    warehouse: the warehouse code; the nearest one when omitted.",
        "    deadline: seconds to wait for the stock service.",
        "",
        "Returns:",
        "    Reservation: the reservation, with its id and expiry.",
    ])
    return {"success": True, "symbol": "reserve", "content": content, "language": "python", "parse_error": None}


def git_status():
    files = []
    statuses = ["modified", "added", "deleted", "renamed", "untracked", "modified", "modified"]
    for i in range(60):
        status = statuses[rng.randrange(len(statuses))]
        path = FILES[i % len(FILES)] if i < 12 else f"{['tests', 'docs', 'src/inventory/legacy'][i % 3]}/file_{i}.py"
        files.append({"file": path, "status": status, "staged": status != "untracked" and rng.random() < 0.45})
    return {"success": True, "clean": False, "file_count": 60, "files": files, "parse_error": None}


def git_diff():
    files = []
    for i in range(12):
        hunks = []
        for h in range(3):
            start = 40 * h + i + 1
            hunks.append(f"@@ -{start},6 +{start},7 @@ def compute_{i}(items):\n     total = 0.0\n"
                         f"-    for item in items:\n+    for index, item in enumerate(items):\n"
                         f"+        log.debug('item %d', index)\n         total += item * factor\n")
        files.append({"file": FILES[i], "additions": 2 * 3 + i, "deletions": 3 + i % 4, "hunks": hunks})
    return {"success": True, "file_count": 12, "additions": sum(f["additions"] for f in files),
            "deletions": sum(f["deletions"] for f in files), "files": files, "parse_error": None}


def git_log():
    commits = []
    for i in range(50):
        commits.append({"hash": f"{rng.getrandbits(160):040x}",
                        "message": ["fix: ", "feat: ", "refactor: ", "test: "][i % 4] + f"order pipeline step {i}",
                        "author": ["Ada Lovelace", "Grace Hopper", "Alan Turing"][i % 3],
                        "date": f"2025-11-{1 + i % 28:02d}T{i % 24:02d}:15:00+01:00"})
    return {"success": True, "commits": commits, "commit_count": 50, "parse_error": None}


def list_directory():
    entries = [{"name": name.rsplit("/", 1)[1], "kind": "file", "size": 1200 + 731 * i}
               for i, name in enumerate(FILES)]
    entries += [{"name": d, "kind": "directory", "size": 4096} for d in ("legacy", "migrations", "templates")]
    entries.sort(key=lambda e: e["name"])
    return {"success": True, "path": "src/inventory", "entries": entries, "entry_count": len(entries),
            "parse_error": None}


def goto_definition():
    return {"success": True, "symbol": "OrderService",
            "locations": [{"file": "src/inventory/service.py", "line": 812, "column": 7, "end_line": 818,
                           "end_column": 1, "preview": "class OrderService:"}], "parse_error": None}


tools = {
    "typecheck": typecheck(), "ruff_check": ruff(), "pytest_run": pytest(), "goto_definition": goto_definition(),
    "find_references": references(), "hover": hover(), "document_symbols": document_symbols(),
    "workspace_symbols": workspace_symbols(), "git_status": git_status(), "git_diff": git_diff(),
    "git_log": git_log(), "list_directory": list_directory(), "read_file": source_file(),
}
with open(OUT, "w") as handle:
    json.dump(tools, handle, indent=1)
    handle.write("\n")
print(f"wrote {OUT} ({os.path.getsize(OUT)} bytes)")
