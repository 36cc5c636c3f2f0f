"""The harness's stand-ins for standard modules it does not import, against the modules themselves.

model.py and runtime.py do themselves what they used Python modules of the standard library for,
so that loading them loads none (see Benchmarks/harness_startup.py). Each stand-in must do exactly
what the original does:

- `_parse` (both files), `_walk` (runtime.py) and the static estimate's visitor (model.py) are
  ast.parse, ast.walk and ast.NodeVisitor: the same trees and errors, nodes in the same order;
- `close_matches` (model.py) is difflib.get_close_matches: every field name of every model in
  stubs/models.py against typos of it (deletions, insertions, swaps, case changes), unrelated words,
  empty strings and long words, with n and cutoff as the harness passes them;

Pure Python, no pytest: `python3 Tests/python/test_stdlib_standins.py`.
"""

import difflib
import os
import sys
import types
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PYTHON_DIR = os.path.join(ROOT, "Sources", "CodeMode", "Interpreter", "Python")
WORKLOAD = os.path.join(ROOT, "Benchmarks", "sandbox-bench", "workload")


def _load_harness():
    """model.py and runtime.py as the harness loads them, with a stand-in `_punie` (no host)."""
    punie = types.ModuleType("_punie")
    punie.call_tool = lambda name, arguments: (1, "no host")
    punie.mirror_stdout = lambda text: None
    sys.modules["_punie"] = punie
    for name, filename in (("_punie_model", "model.py"), ("_punie_runtime", "runtime.py")):
        module = types.ModuleType(name)
        sys.modules[name] = module
        path = os.path.join(PYTHON_DIR, filename)
        with open(path, encoding="utf-8") as handle:
            exec(compile(handle.read(), path, "exec"), module.__dict__)
    with open(os.path.join(ROOT, "stubs", "models.py"), encoding="utf-8") as handle:
        models = sys.modules["_punie_model"].load_models(handle.read())
    return sys.modules["_punie_model"], sys.modules["_punie_runtime"], models


MODEL, RUNTIME, MODELS = _load_harness()


# ---- ast -------------------------------------------------------------------------------------------


def python_sources():
    """Programs to parse: the sandbox workload, the stubs and the harness itself, and broken ones."""
    sources = []
    for folder in (WORKLOAD, os.path.join(ROOT, "stubs"), PYTHON_DIR):
        for entry in sorted(os.listdir(folder)):
            if entry.endswith(".py"):
                with open(os.path.join(folder, entry), encoding="utf-8") as handle:
                    sources.append(handle.read())
    sources += ["def f(:\n", "x = (1,\n", "café = 1\nprint(café.ｆ_globals)\n", "match x:\n    case {**r}: pass\n",
                "async def f():\n    async with a as b:\n        await c\n", "x: 'List[int]' = []\n", "\0",
                "'\\N{BULLET}'"]
    return sources


class AstStandIns(unittest.TestCase):
    def test_parse_and_walk(self):
        import ast

        for source in python_sources():
            for mode in ("exec", "eval"):
                try:
                    expected = ast.parse(source, "<code>", mode)
                except (SyntaxError, ValueError) as error:
                    with self.assertRaises(type(error)) as actual:
                        RUNTIME._parse(source, "<code>", mode)
                    self.assertEqual(str(actual.exception), str(error))
                    with self.assertRaises(type(error)):
                        MODEL._parse(source, "<code>", mode)
                    continue
                tree = RUNTIME._parse(source, "<code>", mode)
                self.assertEqual(ast.dump(tree, include_attributes=True), ast.dump(expected, include_attributes=True))
                self.assertEqual(ast.dump(MODEL._parse(source, "<code>", mode)), ast.dump(expected))
                self.assertEqual([ast.dump(node) for node in RUNTIME._walk(tree)],
                                 [ast.dump(node) for node in ast.walk(tree)])

    def test_static_estimate_visits_as_ast_node_visitor_does(self):
        import ast

        reference = type("Reference", (MODEL._StaticAnalysis,), {
            "visit": ast.NodeVisitor.visit, "generic_visit": ast.NodeVisitor.generic_visit})
        tools = MODEL._model_classes({"typecheck": "TypeCheckResult", "ruff_check": "RuffResult",
                                      "pytest_run": "TestResult", "git_status": "GitStatusResult",
                                      "document_symbols": "DocumentSymbolsResult"})
        for source in python_sources():
            try:
                tree = ast.parse(source)
            except (SyntaxError, ValueError):
                continue
            results = []
            for analysis_class in (MODEL._StaticAnalysis, reference):
                analysis = analysis_class(tools)
                for statement in tree.body:
                    analysis.visit(statement)
                results.append((analysis.reads, analysis.unknown, analysis.calls))
            self.assertEqual(results[0], results[1])


# ---- difflib ---------------------------------------------------------------------------------------


def typos(word):
    """Deletions, insertions, adjacent swaps and case changes of `word`."""
    out = []
    for i in range(len(word)):
        out.append(word[:i] + word[i + 1:])
        if i + 1 < len(word):
            out.append(word[:i] + word[i + 1] + word[i] + word[i + 2:])
    for i in range(len(word) + 1):
        for letter in "aes_":
            out.append(word[:i] + letter + word[i:])
    out += [word.upper(), word.title(), word.capitalize(), word.swapcase(), word.replace("_", ""),
            word.replace("_", "-"), word + "s", word[:-1] + word[-1].upper() if word else word]
    return out


UNRELATED = ["", "x", "foo", "print", "zzzz", "count", "items", "message_text", "résumé", "errors2",
             "ERROR", "a" * 250, "ab" * 120, "error_count" * 25, "_" * 300]


class CloseMatches(unittest.TestCase):
    def assert_same(self, word, possibilities, n, cutoff):
        expected = difflib.get_close_matches(word, possibilities, n, cutoff)
        actual = MODEL.close_matches(word, possibilities, n, cutoff)
        self.assertEqual(actual, expected, f"{word!r} among {possibilities!r}, n={n}, cutoff={cutoff}")

    def test_unknown_field_suggestions(self):
        """As `_unknown_field_message` asks: a misspelt field among the model's fields."""
        compared = 0
        for cls in MODELS.values():
            names = list(MODEL._info_of(cls).names)
            for field in names:
                for word in typos(field) + UNRELATED:
                    self.assert_same(word, names, 1, 0.6)
                    compared += 1
        self.assertGreater(compared, 5000)

    def test_name_hints(self):
        """As `_hint` asks: a misspelt name among the program's names and the builtins."""
        fields = sorted({name for cls in MODELS.values() for name in MODEL._info_of(cls).names})
        candidates = fields + [name for name in dir(__builtins__) if not name.startswith("_")] + [""]
        words = [word for field in fields[::3] for word in typos(field)[::4]] + UNRELATED
        for word in words:
            self.assert_same(word, candidates, 1, 0.6)

    def test_other_n_and_cutoff(self):
        fields = sorted({name for cls in MODELS.values() for name in MODEL._info_of(cls).names})
        for word in ["line", "erors", "file_path", "", "x" * 210, "succes"] + typos("message")[::5]:
            for n, cutoff in ((1, 0.0), (3, 0.6), (5, 0.3), (100, 0.8), (2, 1.0)):
                self.assert_same(word, fields + ["", word], n, cutoff)

    def test_long_words_use_the_popular_element_heuristic(self):
        words = ["ab" * 100, "a" * 150 + "b" * 60, "error_count" * 20, "xyz" * 70 + "error", "_" * 200 + "line"]
        possibilities = ["a" * 199, "ab" * 99 + "c", "error_count" * 19, "line", "b" * 60 + "a" * 150, ""]
        for word in words:
            self.assert_same(word, possibilities + [word[1:], word[:-3]], 3, 0.1)

    def test_arguments_are_checked_alike(self):
        for n, cutoff in ((0, 0.6), (1, 1.5), (1, -0.1)):
            with self.assertRaises(ValueError) as expected:
                difflib.get_close_matches("a", ["a"], n, cutoff)
            with self.assertRaises(ValueError) as actual:
                MODEL.close_matches("a", ["a"], n, cutoff)
            self.assertEqual(str(actual.exception), str(expected.exception))


if __name__ == "__main__":
    unittest.main()
