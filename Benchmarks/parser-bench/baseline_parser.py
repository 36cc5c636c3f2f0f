"""The Python baseline for parser-bench: a regex tool-call parser of the kind the research used.

re.finditer over <tool_call>(.*?)</tool_call>; inside each match, Qwen3 XML (<function=…> with
<parameter=…> values, one leading and trailing newline stripped), a JSON body (json.loads), or bare
code. Usage: python3 baseline_parser.py INPUTS.json REPETITIONS. INPUTS.json is {"name": [texts]};
prints {"name": {"bytes": …, "seconds": best time, "calls": …}} as JSON.
"""

import json
import re
import sys
import time

TOOL_CALL = re.compile(r"<tool_call>(.*?)</tool_call>", re.DOTALL)
FUNCTION = re.compile(r"<function=(.*?)>(.*?)(?:</function>|$)", re.DOTALL)
PARAMETER = re.compile(r"<parameter=(.*?)>(.*?)(?:</parameter>|$)", re.DOTALL)


def parse(text):
    calls = []
    for match in TOOL_CALL.finditer(text):
        body = match.group(1)
        function = FUNCTION.search(body)
        if function:
            arguments = {}
            for parameter in PARAMETER.finditer(function.group(2)):
                value = parameter.group(2)
                if value.startswith("\n"):
                    value = value[1:]
                if value.endswith("\n"):
                    value = value[:-1]
                arguments[parameter.group(1)] = value
            calls.append((function.group(1), arguments))
            continue
        stripped = body.strip()
        if stripped.startswith("{"):
            try:
                obj = json.loads(stripped)
            except ValueError:
                continue
            arguments = obj.get("arguments", {})
            if isinstance(arguments, str):
                try:
                    arguments = json.loads(arguments)
                except ValueError:
                    arguments = {}
            calls.append((obj.get("name"), arguments))
            continue
        calls.append(("execute_code", {"code": stripped}))
    text_outside = TOOL_CALL.sub("", text)
    return calls, text_outside


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        inputs = json.load(handle)
    repetitions = int(sys.argv[2])
    report = {}
    for name, texts in inputs.items():
        size = sum(len(text.encode("utf-8")) for text in texts)
        best = float("inf")
        count = 0
        for _ in range(repetitions):
            start = time.perf_counter()
            count = 0
            for text in texts:
                count += len(parse(text)[0])
            best = min(best, time.perf_counter() - start)
        report[name] = {"bytes": size, "seconds": best, "calls": count}
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main()
