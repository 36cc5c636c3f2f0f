result = typecheck("src/")
if not result.success:
    first = result.errors[0]
    print(f"{result.error_count} errors, {result.warning_count} warnings")
    print(f"first: {first.file}:{first.line} [{first.code}] {first.message}")
