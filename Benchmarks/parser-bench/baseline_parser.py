"""The Python baseline for parser-bench: a regex tool-call parser of the kind the research used.

re.finditer over <tool_call>(.*?)</tool_call>; inside each match, Qwen3 XML (<function=…> with
<parameter=…> values, one leading and trailing newline stripped), a JSON body (json.loads), or bare
code. Fenced ```json blocks holding a {"name": …, "arguments": …} call are calls too (the Swift parser
returns them, so both sides extract the same calls); the regex for them only runs when the text has a
fence. Usage: python3 baseline_parser.py INPUTS.json REPETITIONS. INPUTS.json is {"name": [texts]};
prints {"name": {"bytes": …, "seconds": best time, "calls": …}} as JSON. Times are the thread's CPU
time (time.thread_time()), like the Swift side's, so a busy machine does not skew the ratio.
"""

import json
import re
import sys
import time

TOOL_CALL = re.compile(r"<tool_call>(.*?)</tool_call>", re.DOTALL)
FUNCTION = re.compile(r"<function=(.*?)>(.*?)(?:</function>|$)", re.DOTALL)
PARAMETER = re.compile(r"<parameter=(.*?)>(.*?)(?:</parameter>|$)", re.DOTALL)
FENCE = re.compile(
    r"^[ \t]*```[ \t]*json[ \t]*\n(.*?)(?:^[ \t]*```|\Z)", re.DOTALL | re.MULTILINE | re.IGNORECASE)
DECODER = json.JSONDecoder()


def is_call(value):
    return isinstance(value, dict) and isinstance(value.get("name"), str) and (
        "arguments" in value or "parameters" in value)


def fenced_calls(text):
    calls = []
    for match in FENCE.finditer(text):
        try:
            value = DECODER.raw_decode(match.group(1).strip())[0]  # text after the value is tolerated
        except ValueError:
            continue
        objects = value if isinstance(value, list) else [value]
        if objects and all(is_call(obj) for obj in objects):
            for obj in objects:
                calls.append((obj["name"], obj.get("arguments", obj.get("parameters"))))
            text = text.replace(match.group(0), "", 1)
    return calls, text


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
    if "```" in text_outside:
        fenced, text_outside = fenced_calls(text_outside)
        calls.extend(fenced)
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
            start = time.thread_time()
            count = 0
            for text in texts:
                count += len(parse(text)[0])
            best = min(best, time.thread_time() - start)
        report[name] = {"bytes": size, "seconds": best, "calls": count}
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main()
