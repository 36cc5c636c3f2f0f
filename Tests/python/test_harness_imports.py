"""What the harness imports, and that it never imports while a program runs.

Each test runs a bare interpreter (`python3 -S -I`) that loads model.py and runtime.py with a
stand-in `_punie`, installs the stub models and the tool catalog, and runs programs with an audit
hook that refuses, as the C one does once armed, the import of any module not loaded yet. Loading
the harness and running `print(1)` must load nothing but C modules; what programs and estimates
need later is loaded by `prepare`, `prepare_estimates` or `preload`, before the hook is armed.

Pure Python, no pytest: `python3 Tests/python/test_harness_imports.py`.
"""

import ast
import json
import os
import subprocess
import sys
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "Benchmarks"))
import harness_profile  # noqa: E402 - found through the path above

# Modules beyond a bare interpreter's that loading the harness may add: C modules and its own.
HARNESS_MODULES = {"_ast", "_json", "_punie", "_punie_model", "_punie_runtime"}

CHILD = r'''
import sys

root, catalog, steps = eval(sys.stdin.read())
bare = set(sys.modules)
armed = [False]


def refuse_new_imports(event, args):
    if armed[0] and event == "import" and args[0] not in sys.modules:
        raise ImportError("import of %r is not allowed in Code Mode" % (args[0],))


sys.addaudithook(refuse_new_imports)
answers = {"typecheck": '{"success": false, "error_count": 1, "warning_count": 0, "errors": []}'}
punie = type(sys)("_punie")
punie.call_tool = lambda name, arguments: (0, answers[name]) if name in answers else (1, "no data")
punie.mirror_stdout = lambda text: None
sys.modules["_punie"] = punie
for name, filename in (("_punie_model", "model.py"), ("_punie_runtime", "runtime.py")):
    module = type(sys)(name)
    sys.modules[name] = module
    path = root + "/Sources/CodeMode/Interpreter/Python/" + filename
    with open(path, encoding="utf-8") as handle:
        exec(compile(handle.read(), path, "exec"), module.__dict__)
runtime = sys.modules["_punie_runtime"]
with open(root + "/stubs/models.py", encoding="utf-8") as handle:
    models = handle.read()
results = []
for step, argument in steps:
    if step == "install":
        if argument == "code":
            models = compile(models, "stubs/models.py", "exec", dont_inherit=True)
        runtime.install(models, catalog)
        result = sorted(runtime._bindings)
    elif step == "execute":
        code, options = argument
        armed[0] = True
        try:
            report = runtime.execute(code, options)
        finally:
            armed[0] = False
        error = report["error"] or {}
        field_access = report["field_access"]
        result = (report["status"], report["stdout"], error.get("type"), error.get("message"), error.get("hint"),
                  field_access.get("heuristic", {}).get("syntax_error"), field_access.get("heuristic", {}).get("matched"))
    else:
        result = getattr(runtime, step)(argument)
    results.append((step, result, sorted(set(sys.modules) - bare)))
print(repr(results))
'''

ESTIMATES = '{"estimates": true}'


def run_harness(steps):
    """[(step, result, modules loaded beyond a bare interpreter's after the step)] of a fresh child."""
    done = subprocess.run([sys.executable, "-S", "-I", "-c", CHILD],
                          input=repr((ROOT, harness_profile.catalog_json(), steps)), capture_output=True, text=True)
    if done.returncode != 0:
        raise AssertionError(done.stderr)
    return ast.literal_eval(done.stdout)


def new_modules(results, index):
    before = set(results[index - 1][2]) if index else set()
    return set(results[index][2]) - before


class HarnessImports(unittest.TestCase):
    def test_print_1_loads_nothing_but_c_modules(self):
        results = run_harness([("install", "text"), ("prepare", "print(1)\n"), ("execute", ("print(1)\n", None))])
        self.assertEqual(results[2][1][:2], ("ok", "1\n"))
        self.assertLessEqual(set(results[2][2]), HARNESS_MODULES)
        # Neither the stub annotations nor a program the guard's screen passes need the parser's trees,
        # even one that speaks of classes without defining one.
        self.assertNotIn("_ast", results[2][2])
        code = "print([word for word in 'class Item:'.split() if word.startswith('class')])\n"
        results = run_harness([("install", "text"), ("prepare", code), ("execute", (code, None))])
        self.assertEqual(results[2][1][:2], ("ok", "['class']\n"))
        self.assertNotIn("_ast", results[2][2])

    def test_prepare_loads_ast_for_what_the_screen_sends_the_long_way(self):
        programs = {
            "dunder attribute": ("print((1).__class__)\n", "blocked", ""),
            "syntax error": ("print(1\n", "syntax_error", ""),
            "import": ("import json\nprint(json.dumps(1))\n", "ok", "1\n"),
            "a model class with an annotation only the parser reads": (
                "class Tagged(DirectoryEntry):\n    tags: dict[str, int]\n\n"
                "print(Tagged(name='a', kind='file', size=1, tags={'a': 1}).tags)\n",
                "ok", "{'a': 1}\n"),
        }
        for name, (code, status, stdout) in programs.items():
            with self.subTest(program=name):
                results = run_harness([("install", "text"), ("prepare", code), ("execute", (code, None))])
                self.assertEqual(results[2][1][:2], (status, stdout))
                self.assertIn("_ast", results[1][2])
                self.assertEqual(new_modules(results, 2), set(), "the execution imported")

    def test_install_takes_the_models_code_object(self):
        from_text = run_harness([("install", "text")])
        from_code = run_harness([("install", "code")])
        self.assertEqual(from_code[0][1], from_text[0][1])
        self.assertIn("TypeCheckResult", from_code[0][1])
        self.assertLessEqual(set(from_code[0][2]), HARNESS_MODULES)

    def test_suggestions_and_model_json_need_no_import(self):
        programs = [
            ("r = typecheck('src/')\nprint(r.eror_count)\n", "AttributeError", "did you mean 'error_count'?"),
            ("prnt(1)\n", "NameError", "did you mean 'print'?"),
            ("print(TypeCheckResult.model_validate_json('{\"success\": 1'))\n", "JSONDecodeError", None),
            ("print(TypeCheckResult.model_validate_json('[1] x'))\n", "JSONDecodeError", None),
        ]
        steps = [("install", "text")]
        for code, _, _ in programs:
            steps += [("prepare", code), ("execute", (code, None))]
        results = run_harness(steps)
        for index, (code, error_type, hint) in enumerate(programs):
            status, _, actual_type, message, actual_hint, _, _ = results[2 + 2 * index][1]
            self.assertEqual((status, actual_type, actual_hint), ("error", error_type, hint), code)
        for index, text in ((6, '{"success": 1'), (8, "[1] x")):
            with self.assertRaises(json.JSONDecodeError) as expected:
                json.loads(text)
            self.assertEqual(results[index][1][3], str(expected.exception))
        self.assertLessEqual(set(results[-1][2]), HARNESS_MODULES)

    def test_prepare_loads_what_the_program_needs(self):
        programs = {
            "non-ASCII identifier": ("café = 1\nprint(café)\n", "1\n", {"unicodedata"}),
            "named escape": ("print('\\N{BULLET}')\n", "•\n", {"unicodedata"}),
            "Counter.most_common": ("from collections import Counter\nprint(Counter('aab').most_common(1))\n",
                                    "[('a', 2)]\n", {"collections", "heapq", "opcode"}),
            "json": ("import json\nr = typecheck('src/')\nprint(json.dumps({'n': r.error_count}))\n",
                     '{"n": 1}\n', {"json", "opcode"}),
            "datetime.strptime (CPython imports _strptime on first use)": (
                "import datetime\nprint(datetime.datetime.strptime('2026-11-26 10:30', '%Y-%m-%d %H:%M').date())\n",
                "2026-11-26\n", {"datetime", "_strptime"}),
            "re with a named escape built at run time": (
                "import re\nprint(re.findall(chr(92) + 'N{BULLET}', '\\N{BULLET}x'))\n", "['•']\n", {"re"}),
        }
        for name, (code, stdout, expected) in programs.items():
            with self.subTest(program=name):
                results = run_harness([("install", "text"), ("prepare", code), ("execute", (code, None))])
                self.assertEqual(results[2][1][:2], ("ok", stdout))
                self.assertLessEqual(expected, new_modules(results, 1))
                self.assertEqual(new_modules(results, 2), set(), "the execution imported")

    def test_private_modules_stay_unimportable(self):
        """`_strptime` is for CPython's own lazy import, not for programs: the guard refuses the
        statement, and `__import__` never loads it (even without the guard, which only trusted tests
        turn off, a name prepare did not see is refused)."""
        code = "import _strptime\nprint(1)\n"
        results = run_harness([("install", "text"), ("prepare", code), ("execute", (code, None))])
        self.assertEqual(results[2][1][0], "blocked")
        hidden = "m = __import__('_str' + 'ptime')\nprint(1)\n"
        unguarded = '{"guard": false}'
        results = run_harness([("install", "text"), ("prepare", hidden), ("execute", (hidden, unguarded))])
        self.assertEqual(results[2][1][:3], ("error", "", "ImportError"))
        self.assertNotIn("_strptime", results[2][2])

    def test_estimates_read_re_loaded_by_prepare_estimates(self):
        code = "r = typecheck('src/')\nprint(r.error_count)\n"
        results = run_harness([("install", "text"), ("prepare", code), ("execute", (code, ESTIMATES)),
                               ("prepare_estimates", ""), ("execute", (code, ESTIMATES))])
        unprepared, prepared = results[2][1], results[4][1]
        self.assertEqual(unprepared[:2], ("ok", "1\n"))
        self.assertEqual(unprepared[5], "ImportError: the program could not be analysed")
        self.assertEqual(prepared[5:], (None, ["r.error_count"]))
        self.assertEqual(new_modules(results, 3) & {"re"}, {"re"})

    def test_preload_loads_everything(self):
        code = "import json, re\nfrom collections import Counter\nprint(Counter('ab').most_common(1))\n"
        results = run_harness([("install", "text"), ("preload", "*"), ("execute", (code, ESTIMATES))])
        self.assertEqual(results[2][1][:2], ("ok", "[('a', 1)]\n"))
        self.assertIsNone(results[2][1][5])
        loaded = set(results[1][2])
        self.assertLessEqual({"opcode", "re", "unicodedata", "heapq", "json", "typing", "difflib"}, loaded)

    def test_preload_among_words_loads_only_the_allowed_modules_named(self):
        code = "import json, datetime\nprint(json.dumps(datetime.date(2020, 1, 2).isoformat()))\n"
        words = "import,json,datetime,print,dumps,date,isoformat,os"
        results = run_harness([("install", "text"), ("preload", words), ("execute", (code, ESTIMATES))])
        self.assertEqual(results[2][1][:2], ("ok", '"2020-01-02"\n'))
        loaded = set(results[1][2])
        self.assertLessEqual({"json", "datetime", "_strptime", "re", "unicodedata", "heapq"}, loaded)
        self.assertFalse({"typing", "difflib", "dataclasses", "statistics", "os"} & loaded)


if __name__ == "__main__":
    unittest.main()
