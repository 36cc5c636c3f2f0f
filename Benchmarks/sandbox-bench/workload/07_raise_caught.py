result = pytest_run("tests/")
durations = []
problems = 0
for test in result.tests:
    try:
        if test.message is None:
            raise ValueError(f"{test.name} has no message")
        durations.append(float(test.message.split()[3]))
    except (ValueError, IndexError) as error:
        problems += 1
        last = str(error)
print(f"{result.passed} passed, {result.failed} failed; {problems} tests without a parsable message")
print("last problem:", last[:60])
try:
    slowest = max(result.tests, key=lambda t: t.duration)
    print(f"slowest: {slowest.name} ({slowest.duration:.3f}s)")
    print(result.tests[500].name)
except IndexError:
    print("fewer than 500 tests")
