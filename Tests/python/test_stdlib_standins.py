"""The harness's stand-ins for standard modules it does not import, against the modules themselves.

model.py and runtime.py do themselves what they used Python modules of the standard library for,
so that loading them loads none (see Benchmarks/harness_startup.py). Each stand-in must do exactly
what the original does:

- `parse_source` (model.py, `_parse` in runtime.py), `_walk` (runtime.py) and the static estimate's visitor (model.py) are
  ast.parse, ast.walk and ast.NodeVisitor: the same trees and errors, nodes in the same order;
- `close_matches` (model.py) is difflib.get_close_matches: every field name of every model in
  stubs/models.py against typos of it (deletions, insertions, swaps, case changes), unrelated words,
  empty strings and long words, with n and cutoff as the harness passes them;
- `json_loads` and `json_dumps` (model.py) are json.loads and json.dumps with default settings,
  including their errors (also in a bare interpreter where the json package is not loaded);
- `_is_int_text` (model.py) and `_dotted_forbidden` (runtime.py) find what the regular expressions
  they replace find;
- `_simple_annotation_spec` (model.py) reads an annotation exactly as the parser's tree is read
  (`_spec_from_node`), or leaves it to the parser.

Pure Python, no pytest: `python3 Tests/python/test_stdlib_standins.py`.
"""

import difflib
import itertools
import json
import math
import os
import re
import subprocess
import sys
import unittest

from harness_loader import load_harness  # beside this file

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PYTHON_DIR = os.path.join(ROOT, "Sources", "CodeMode", "Interpreter", "Python")
WORKLOAD = os.path.join(ROOT, "Benchmarks", "sandbox-bench", "workload")


def _load_harness():
    """model.py and runtime.py as the harness loads them, with a stand-in `_punie` (no host)."""
    model, runtime = load_harness()
    with open(os.path.join(ROOT, "stubs", "models.py"), encoding="utf-8") as handle:
        models = model.load_models(handle.read())
    return model, runtime, models


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
                        MODEL.parse_source(source, "<code>", mode)
                    continue
                tree = RUNTIME._parse(source, "<code>", mode)
                self.assertEqual(ast.dump(tree, include_attributes=True), ast.dump(expected, include_attributes=True))
                self.assertEqual(ast.dump(MODEL.parse_source(source, "<code>", mode)), ast.dump(expected))
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


# ---- json ------------------------------------------------------------------------------------------


def workload_answers():
    with open(os.path.join(WORKLOAD, "tools.json"), encoding="utf-8") as handle:
        return [json.dumps(value) for value in json.load(handle).values()]


JSON_TEXTS = [
    "0", "-0", "1", "-1", "12345678901234567890123456789012345678901234567890", "1.5", "-0.0", "1e5", "1E+5",
    "1e-7", "1e400", "-1e400", "2.2250738585072014e-308", "0.1", "NaN", "Infinity", "-Infinity", "[NaN, -Infinity]",
    "true", "false", "null", '""', '"plain"', '"caf\\u00e9 \\ud83d\\ude00 \\n\\t\\"\\\\\\/"', '"\\ud800"',
    '"é 😀 \u2028"',
    "[]", "{}", "[1, [2, [3, [4]]]]", '{"a": 1, "a": 2}', '{"": {"": []}}', '{"k": [true, false, null, 1.0, "x"]}',
    "  [1]  ", "\n\t\r [1,2] \r\n", " 1", "1 ", " \"x\" ",
    # errors
    "", " ", "[", "]", "[1,]", "[1 2]", "{", '{"a"}', '{"a" 1}', '{"a": 1,}', '{1: 2}', "{'a': 1}", '"abc', '"a\nb"',
    '"\\x"', '"\\u12"', '"\\u12g4"', "tru", "nul", "nan", "inf", "+1", "01", "1.", ".5", "-", "1e", "[1] x", "1 2",
    "[1]]", '{"a": 1}}', "\ufeff[1]", "[\n1,\n2,\n]", "\n\n  x", "\x00", '"\x1f"', "[1, NaN, Inf]", "--1",
] + workload_answers()

JSON_BYTES = [
    b"[1, 2]", b"\xef\xbb\xbf[1]", "[\"é\"]".encode("utf-16"), "[\"é\"]".encode("utf-16-le"),
    "[\"é\"]".encode("utf-16-be"), "[1]".encode("utf-32"), "[1]".encode("utf-32-le"), "[1]".encode("utf-32-be"),
    "1".encode("utf-16-le"), "1".encode("utf-16-be"), b"", b"\xff", b"[\xc3\xa9]", b'"\xed\xa0\x80"', b"  7  ",
    bytearray(b'{"a": [1]}'), b"\x00\x00\x00", b"1\x00\x00\x00",
]


def same_json_value(a, b):
    """Equal, of the same types throughout, NaN equal to NaN."""
    if type(a) is not type(b):
        return False
    if type(a) is float:
        return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
    if type(a) is list:
        return len(a) == len(b) and all(same_json_value(x, y) for x, y in zip(a, b))
    if type(a) is dict:
        return list(a) == list(b) and all(same_json_value(a[k], b[k]) for k in a)
    return a == b


def outcome(function, argument):
    try:
        return "value", function(argument)
    except Exception as error:  # noqa: BLE001 - compared as data
        attributes = tuple(getattr(error, name, None) for name in ("msg", "doc", "pos", "lineno", "colno"))
        return "error", (type(error), str(error), attributes)


class _Circular(list):
    pass


CIRCULAR = []
CIRCULAR.append(CIRCULAR)

JSON_VALUES = [
    None, True, False, 0, -1, 10**40, 1.5, -0.0, 1e-7, 1e300, float("nan"), float("inf"), float("-inf"), "", "x",
    "é \u2028 😀 \ud800 \x00 \x1f \" \\ /", [], {}, (), (1, [2, (3,)]), {"a": 1, "b": [1, 2.5, None, True]},
    {1: "int key", 2.5: "float key", True: "bool key", None: "none key", "s": "str key"}, {"é": {"ü": "😀"}},
    [float("nan"), {"k": float("inf")}], list(range(50)), {"nested": {"deeper": {"deepest": [[], {}]}}},
    # errors
    {(1, 2): "tuple key"}, {"a": object()}, [1, {2, 3}], b"bytes", CIRCULAR, {"self": CIRCULAR},
] + [json.loads(text) for text in workload_answers()]


class JsonStandIns(unittest.TestCase):
    def assert_same_outcome(self, actual, expected, label):
        self.assertEqual(actual[0], expected[0], f"{label}: {actual} != {expected}")
        if expected[0] == "value":
            self.assertTrue(same_json_value(actual[1], expected[1]), f"{label}: {actual[1]!r} != {expected[1]!r}")
        else:
            self.assertEqual(actual[1], expected[1], label)

    def test_loads_like_json(self):
        for text in JSON_TEXTS + JSON_BYTES:
            self.assert_same_outcome(outcome(MODEL.json_loads, text), outcome(json.loads, text), repr(text)[:80])

    def test_loads_refuses_other_types_alike(self):
        for value in (None, 1, 1.5, ["[]"], memoryview(b"[]")):
            self.assert_same_outcome(outcome(MODEL.json_loads, value), outcome(json.loads, value), repr(value))

    def test_loads_errors_are_the_json_packages_own_once_it_is_loaded(self):
        with self.assertRaises(json.JSONDecodeError):
            MODEL.json_loads('{"a" 1}')
        with self.assertRaises(json.JSONDecodeError):
            MODEL.json_loads("[1] x")

    def test_loads_without_the_json_package(self):
        """In a bare interpreter (json not loaded): the same values and messages, and for text no module
        loaded or left behind (bytes in UTF-16 or -32 load their codec, as json.loads does)."""
        child = (
            "import sys\n"
            "module = type(sys)('_punie_model')\n"
            "sys.modules['_punie_model'] = module\n"
            "path = sys.argv[1]\n"
            "with open(path, encoding='utf-8') as handle:\n"
            "    exec(compile(handle.read(), path, 'exec'), module.__dict__)\n"
            "texts, strings = eval(sys.stdin.read())\n"
            "before = set(sys.modules)\n"
            "out = []\n"
            "for text in texts:\n"
            "    try:\n"
            "        out.append(('value', repr(module.json_loads(text))))\n"
            "    except Exception as error:\n"
            "        attributes = tuple(getattr(error, name, None)\n"
            "                           for name in ('msg', 'doc', 'pos', 'lineno', 'colno'))\n"
            "        out.append(('error', (type(error).__name__, str(error)) + attributes))\n"
            "    if len(out) == strings:\n"
            "        changed = sorted(set(sys.modules) ^ before)\n"
            "print(repr((out, changed)))\n"
        )
        texts = JSON_TEXTS + JSON_BYTES
        done = subprocess.run([sys.executable, "-S", "-I", "-c", child, os.path.join(PYTHON_DIR, "model.py")],
                              input=repr((texts, len(JSON_TEXTS))), capture_output=True, text=True)
        self.assertEqual(done.returncode, 0, done.stderr)
        results, module_changes = eval(done.stdout)  # noqa: S307 - our own child's repr
        self.assertEqual(module_changes, [], "json_loads of text loaded or left modules")
        for text, (kind, detail) in zip(texts, results):
            expected = outcome(json.loads, text)
            self.assertEqual(kind, expected[0], repr(text))
            if kind == "value":
                self.assertEqual(detail, repr(expected[1]), repr(text))
            else:
                error_type, message, attributes = expected[1]
                self.assertEqual(detail, (error_type.__name__, message) + attributes, repr(text))

    def test_dumps_like_json(self):
        for value in JSON_VALUES:
            self.assert_same_outcome(outcome(MODEL.json_dumps, value), outcome(json.dumps, value), repr(value)[:80])

    def test_encode_basestring_is_jsons(self):
        for text in ("", "x", "é \u2028 😀 \ud800 \x00 \x1f \" \\ /", "\x7f\x80"):
            self.assertEqual(MODEL._encode_string(text), json.encoder.encode_basestring(text))


# ---- re --------------------------------------------------------------------------------------------

INT_TEXT = re.compile(r"[+-]?[0-9]+(?:_[0-9]+)*(?:\.0*)?")
INT_PIECES = ["0", "1", "9", "_", ".", "+", "-", "a", "e", "٣", "１", " "]


class IntText(unittest.TestCase):
    def test_matches_the_regular_expression(self):
        texts = ["", "12_345", "1__2", "_1", "1_", "1.0", "1.", "1.00", "1.01", "+0", "-0.000", "1_0.0", "١٢٣",
                 "１２", "12e3", "0x10", "1 000", "+-1", "99999999999999999999999"]
        for length in range(1, 6):
            pieces = INT_PIECES if length <= 4 else INT_PIECES[:7]
            texts.extend("".join(combination) for combination in itertools.product(pieces, repeat=length))
        for text in texts:
            self.assertEqual(MODEL._is_int_text(text), INT_TEXT.fullmatch(text) is not None, repr(text))

    def test_int_coercion_is_unchanged(self):
        for text in (" 12 ", "1_000", "-3.000", "\u3000 7\t", "1.5", "٣", "x", "+_1"):
            data = {"kind": 5, "line": text, "name": "n", "end_line": 1}
            try:
                result = MODELS["SymbolInfo"].model_validate(data).line
            except MODEL.ValidationError as error:
                result = error.errors()[0]["type"]
            expected = int(text.strip().split(".")[0].replace("_", "")) \
                if INT_TEXT.fullmatch(text.strip()) else "int_parsing"
            self.assertEqual(result, expected, repr(text))


DOTTED = re.compile(r"\.\s*(?:%s)\b" % "|".join(sorted(RUNTIME.FORBIDDEN_ATTRIBUTES)))
DOTTED_PIECES = [
    ".", " ", "\t", "\n", "\u3000", "\u00a0", "\x1c", "\u2028", "os", "sys", "f_globals", "mro", "gi_frame",
    "oss", "os2", "_os", "xos", "mros", "é", "ｆ", "٣", "_", "\u0301", "(", ")", "[", "-", "\\", "#", "a",
]


class SimpleAnnotations(unittest.TestCase):
    """The annotation reader that spares the parser, against `_spec_from_node` on the parser's tree."""

    FIXED = [
        "str", "int", "float", "bool", "None", "int | None", "None | int", "str | int | None", "list[str]",
        "list[TypeCheckError]", "List[TypeCheckError] | None", "Sequence[int]", "Optional[GitCommit]",
        "Optional[list[str | None]]", "typing.Optional[int]", "t.List[x.TypeCheckError]", "Union[int]",
        "dict[str]", "list[list[int]]", "Unknown", "Unknown | None", "list [ int ] ", "int  |  None",
        "BaseModel", "TypeCheckResult", " int", "int\n| None", "\tint", "int |", "| int", "[int]",
        "list[]", "list[int", "list]int[", "list[int]]", "int None", "True", "x.None", "None.x", "not int",
        "int or None", "lambda", "list[int][0]", "None[int]", "dict[str, int]", "'int'", "1int", "café",
        "int | 'str'", "list[(int)]", "a.b.c.d", "a..b", ".a", "a.", "",
    ]

    def spec_from_parser(self, text, resolve):
        try:
            node = MODEL.parse_source(text, "<unknown>", "eval").body
        except SyntaxError:
            return ("any", False, None)
        return MODEL._spec_from_node(node, resolve)

    def test_reads_like_the_parser_or_declines(self):
        resolve = MODEL._registry.get
        stub_annotations = set()
        for info in MODEL._infos.values():
            stub_annotations.update(field.raw for field in info.fields if isinstance(field.raw, str))
        self.assertIn("list[TypeCheckError]", stub_annotations)
        pieces = ["int", "None", "list[", "]", " | ", "TypeCheckError", "Optional[", "x.", "[", "|", " "]
        generated = {"".join(parts) for size in range(1, 4) for parts in itertools.product(pieces, repeat=size)}
        read = 0
        for text in sorted(stub_annotations) + self.FIXED + sorted(generated):
            fast = MODEL._simple_annotation_spec(text, resolve)
            if fast is not None:
                read += 1
                self.assertEqual(fast, self.spec_from_parser(text, resolve), text)
        for text in stub_annotations:
            self.assertIsNotNone(MODEL._simple_annotation_spec(text, resolve), text)
        self.assertGreater(read, 100)


class DottedForbidden(unittest.TestCase):
    def test_finds_what_the_regular_expression_finds(self):
        texts = ["", ".", "x.os", "x. os", "x.os()", "x.osé", "x.os_", "x.os\u0301", "x.\u3000sys",
                 "typing.get_type_hints", "a.b.c.f_back.x", "y .  gi_frame", "y.ｆ_globals", "(y.\\\nf_globals)",
                 "(y.  # c\n f_globals)",
                 "x..mro", "x.mro.mro", "3.14", "done. 3 files.", "x.attrgetter", "x.attrgetters"]
        for length in range(1, 4):
            texts.extend("".join(combination) for combination in itertools.product(DOTTED_PIECES, repeat=length))
        names = sorted(RUNTIME.FORBIDDEN_ATTRIBUTES)
        texts.extend("x." + name + tail for name in names for tail in ("", " ", "x", "é", "_", ".", "٣"))
        texts.extend("x." + name[:-1] for name in names)
        for text in texts:
            self.assertEqual(RUNTIME._dotted_forbidden(text), DOTTED.search(text) is not None, repr(text))


if __name__ == "__main__":
    unittest.main()
