result = ruff_check("src/")
print(f"{result.violation_count} violations")
by_rule = {v.code: v for v in result.violations}
print("first F401:", by_rule["F401"].file)
worst = by_rule["E999"]
print(worst.message)
