"""Pins the guard's fast screen (`_compile_screened` in runtime.py) against the AST guard.

The screen lets a program skip `ast.parse` and `_check_tree` when its compiled code shows nothing
the guard would look at. It must never let through a program the AST guard blocks: every attack
program of the Swift attack suite, and the targeted cases below, are checked both ways. It must also
pass the ordinary programs of the sandbox workload, or it would be useless.

Pure Python, no pytest: `python3 Tests/python/test_guard_screen.py`.
"""

import os
import re
import sys
import textwrap
import unittest

from harness_loader import load_harness  # beside this file

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ATTACKS = os.path.join(ROOT, "Tests", "CodeModeTests", "Sandbox", "AttackPrograms.swift")
WORKLOAD = os.path.join(ROOT, "Benchmarks", "sandbox-bench", "workload")


RUNTIME = load_harness()[1]
GUARDED = {"guard": True}


def screened(source):
    """`_compile_screened` after `prepare`, as the harness runs them (prepare loads `opcode`, which the
    screen reads import instructions with, for a program that has the word "import")."""
    RUNTIME.prepare(source)
    return RUNTIME._compile_screened(source, GUARDED)


def attack_programs():
    with open(ATTACKS, encoding="utf-8") as handle:
        text = handle.read()
    programs = []
    for match in re.finditer(r'Attack\("([^"]+)".*?#"""\n(.*?)\n\s*"""#', text, re.S):
        source = textwrap.dedent(match.group(2)) + "\n"
        source = source.replace("{{CANARY}}", "/tmp/canary").replace("{{ENV}}", "SECRET")
        source = source.replace("{{LISTENER}}", "12345").replace("{{WORKSPACE}}", "/tmp/ws")
        programs.append((match.group(1), source))
    return programs


# Programs aimed at the screen itself: each is blocked by the AST guard.
TARGETED = {
    "string annotation, dotted": 'def f(x: "y.f_globals"):\n    pass\n',
    "string annotation, spaced": 'def f(x: "y .  gi_frame"):\n    pass\n',
    "string annotation, continued line": 'def f(x: "(y.\\\\\\nf_globals)"):\n    pass\n',
    "string annotation, comment": 'def f(x: "(y.  # c\\n f_globals)"):\n    pass\n',
    "string annotation, full-width letter": 'def f(x: "y.ｆ_globals"):\n    pass\n',
    "string return annotation": 'def f() -> "y.tb_frame":\n    pass\n',
    "module annotation string": 'x: "y.f_back" = 1\n',
    "match keyword attribute": "match 1:\n    case int(f_globals=g):\n        pass\n",
    # "_＿" is no ASCII "__" in the source, but normalises to "__" in the identifier.
    "match keyword dunder via full-width": "match 1:\n    case int(_＿class_＿=c):\n        pass\n",
    "full-width dunder attribute": "print(()._＿class_＿)\n",
    "full-width dunder name": "print(_＿builtins_＿)\n",
    "forbidden attribute": "print(print.mro)\n",
    "forbidden attribute in a lambda": "f = lambda g: g.gi_frame\n",
    "forbidden attribute in a comprehension": "x = [g.f_back for g in []]\n",
    "forbidden attribute in a nested class": "class A:\n    def m(self):\n        return self.f_locals\n",
    "import of os": "import os\n",
    "import of a dotted forbidden module": "import importlib.util\n",
    "import inside a function": "def f():\n    import subprocess\n",
    "relative import": "from . import models\n",
    "relative import of a name": "from .x import y\n",
    "from-import of a forbidden name": "from dataclasses import sys\n",
    "from-import of os through an allowed module": "from fnmatch import os\n",
    "escaped dunder in a format template": 'print("{0.\\x5f_class__}".format(1))\n',
    "format field with a built dunder": 'print("{0.__class__}".format(1))\n',
    "dunder name": "print(__builtins__)\n",
    "attrgetter": "import operator\nprint(operator.attrgetter('x'))\n",
    "string annotation, continued line in a regular-expression-like string": (
        'def f(x: "(y.\\\\\\nf_globals)  # [a-z]+\\\\.txt"):\n    pass\n'
    ),
    "many constants": "x = " + " + ".join(f"'s{i}'" for i in range(300)) + "\ny = ().f_back\n",
}

BENIGN = {
    "class body": "class A:\n    x: int = 1\n    def m(self):\n        return super().m()\n",
    "regular expressions": 'import re\nprint(re.findall(r"\\w+\\.\\w+", "a.b c.d"))\n',
    "allowed imports": "import json\nfrom collections import Counter, defaultdict\nimport collections.abc\n",
    "string with a dot": 'print("done. 3 files.")\n',
    "non-ASCII output": 'print("✓ all good → next")\n',
}


class GuardScreenTests(unittest.TestCase):
    def guard_blocks(self, source):
        try:
            RUNTIME._check_tree(RUNTIME._parse(source, RUNTIME.PROGRAM_FILENAME, "exec"))
        except RUNTIME._Blocked:
            return True
        except SyntaxError:
            return False
        return False

    def assert_never_lets_through_what_the_guard_blocks(self, name, source):
        if self.guard_blocks(source):
            self.assertIsNone(screened(source), f"{name}: the screen let it through")

    def test_attack_programs(self):
        programs = attack_programs()
        self.assertGreaterEqual(len(programs), 80, "the attack programs were not found")
        blocked = 0
        for name, source in programs:
            with self.subTest(attack=name):
                blocked += self.guard_blocks(source)
                self.assert_never_lets_through_what_the_guard_blocks(name, source)
        self.assertGreater(blocked, 30)

    def test_targeted_programs(self):
        for name, source in TARGETED.items():
            with self.subTest(case=name):
                self.assertTrue(self.guard_blocks(source), f"{name}: the AST guard does not block it")
                self.assertIsNone(screened(source), f"{name}: the screen let it through")

    def test_benign_programs_take_the_fast_way(self):
        programs = dict(BENIGN)
        for entry in sorted(os.listdir(WORKLOAD)):
            if entry.endswith(".py"):
                with open(os.path.join(WORKLOAD, entry), encoding="utf-8") as handle:
                    programs[entry] = handle.read()
        for name, source in programs.items():
            with self.subTest(program=name):
                self.assertFalse(self.guard_blocks(source))
                self.assertIsNotNone(screened(source), f"{name} took the long way")

    def test_ascii_strings_without_forbidden_names_are_not_parsed(self):
        """Dotted strings with backslashes or "#" (regular expressions) are judged without a parse
        unless a forbidden name occurs in them as a whole identifier."""
        parsed = []
        original = RUNTIME._parse

        def counting_parse(*arguments, **keywords):
            parsed.append(arguments[0])
            return original(*arguments, **keywords)

        RUNTIME._parse = counting_parse
        try:
            for text in (r"\d+\.\d+", r"^    (\w+): (.+)$\.", "a.b # c", r"```python\n(.*?)\n```.", r"\.os_path"):
                self.assertTrue(RUNTIME._dotted_string_clean(text), text)
            self.assertEqual(parsed, [])
            for text in ("(y.\\\nf_globals)", "(y.  # c\n f_globals)", r"[a-z]+ os\.", "y.ｆ_globals"):
                RUNTIME._dotted_string_clean(text)
            self.assertEqual(len(parsed), 4)
        finally:
            RUNTIME._parse = original

    def test_identifier_runs_agree_with_the_guard(self):
        """For ASCII strings the shortcut never calls clean what the guard's own check of a string
        annotation (`_check_tree` over the string parsed as an expression) blocks: every string built
        from these pieces is checked both ways, bare and in parentheses."""
        import itertools

        pieces = ["y", ".", " ", "\\\n", "# c\n", "(", ")", "f_globals", "os", "mro", "1", "[a-z]"]
        checked = 0
        for length in range(1, 5):
            for combination in itertools.product(pieces, repeat=length):
                for text in ("".join(combination), "(" + "".join(combination) + ")"):
                    if "." not in text:
                        continue
                    try:
                        RUNTIME._check_tree(RUNTIME._parse(text, RUNTIME.PROGRAM_FILENAME, "eval"))
                        blocked = False
                    except RUNTIME._Blocked:
                        blocked = True
                    except (SyntaxError, ValueError):
                        blocked = False
                    if blocked:
                        self.assertFalse(RUNTIME._dotted_string_clean(text), repr(text))
                    checked += 1
        self.assertGreater(checked, 5000)

    def test_without_opcode_imports_take_the_long_way(self):
        saved = RUNTIME._IMPORT_OPCODES
        RUNTIME._IMPORT_OPCODES = None  # as before a prepare of a program with the word "import"
        try:
            self.assertIsNone(RUNTIME._compile_screened("import json\n", GUARDED))
            self.assertIsNone(RUNTIME._compile_screened("important = 1\n", GUARDED))
            self.assertIsNotNone(RUNTIME._compile_screened("print(1)\n", GUARDED))
            report = RUNTIME._run("import os\n", dict(RUNTIME._DEFAULT_OPTIONS))
            self.assertEqual(report["status"], "blocked")
        finally:
            RUNTIME._IMPORT_OPCODES = saved

    def test_the_long_way_reports_syntax_errors(self):
        self.assertIsNone(screened("def f(:\n"))
        report = RUNTIME._run("def f(:\n", dict(RUNTIME._DEFAULT_OPTIONS))
        self.assertEqual(report["status"], "syntax_error")
        self.assertEqual(report["error"]["line"], 1)


if __name__ == "__main__":
    unittest.main()
