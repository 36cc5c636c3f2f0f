"""Pins the field-access read semantics of _punie_model (see docs/tracing.md).

Pure Python, no pydantic, no pytest: `python3 Tests/python/test_tracer.py`. Tool calls are simulated
by functions that call `from_tool_result` the way the harness does; programs are exec'd from strings
in a fresh namespace, as the sandbox runs them.
"""

import contextlib
import copy
import importlib.util
import io
import os
import sys
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODEL_PY = os.path.join(ROOT, "Sources", "CodeMode", "Interpreter", "Python", "model.py")


def _load():
    spec = importlib.util.spec_from_file_location("_punie_model", MODEL_PY)
    module = importlib.util.module_from_spec(spec)
    sys.modules["_punie_model"] = module
    spec.loader.exec_module(module)
    with open(os.path.join(ROOT, "stubs", "models.py"), encoding="utf-8") as handle:
        return module, module.load_models(handle.read())


M, MODELS = _load()

TYPED_TOOLS = {
    "typecheck": "TypeCheckResult", "ruff_check": "RuffResult", "pytest_run": "TestResult",
    "document_symbols": "DocumentSymbolsResult", "git_status": "GitStatusResult",
}  # fmt: skip

TYPECHECK = {
    "success": False, "error_count": 2, "warning_count": 1, "parse_error": None,
    "errors": [
        {"file": "a.py", "line": 3, "column": 5, "severity": "error", "code": "E1", "message": "bad"},
        {"file": "b.py", "line": 7, "column": 1, "severity": "error", "code": "E2", "message": "worse"},
        {"file": "b.py", "line": 9, "column": 2, "severity": "warning", "code": "W1", "message": "meh"},
    ],
}  # fmt: skip
SYMBOLS = {
    "success": True, "file_path": "m.py", "symbol_count": 3,
    "symbols": [{"name": "A", "kind": 5, "line": 1, "end_line": 9,
                 "children": [{"name": "f", "kind": 6, "line": 2, "end_line": 3}]},
                {"name": "g", "kind": 12, "line": 11, "end_line": 12}],
}  # fmt: skip
GIT = {"success": True, "clean": True, "file_count": 0, "files": []}
RESULTS = {"typecheck": TYPECHECK, "document_symbols": SYMBOLS, "git_status": GIT}


def run(code, exact=False, builtin_print=False, tools=RESULTS):
    """Execute `code` with simulated typed tools under a trace; return (trace, stdout, error)."""
    calls = [0]

    def make(name):
        def tool(*args, **kwargs):
            index = calls[0]
            calls[0] += 1
            data = copy.deepcopy(tools[name])
            return M.from_tool_result(MODELS[TYPED_TOOLS[name]], data, index, name)

        return tool

    namespace = {name: make(name) for name in tools}
    namespace.update(MODELS)
    out = io.StringIO()
    if not builtin_print:
        namespace["print"] = M.traced_print
    error = None
    M.begin_trace(exact_counts=exact)
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(code, "<code>", "exec"), namespace)
    except Exception as exception:  # noqa: BLE001
        error = exception
    finally:
        trace = M.end_trace()
    return trace, out.getvalue(), error


def reads(trace, call=0):
    return trace["calls"][call]["reads"]


def uses(trace, call=0):
    return {k: v for k, v in trace["calls"][call]["whole_object_uses"].items() if v}


class ReadSemantics(unittest.TestCase):
    def test_direct_read(self):
        trace, out, _ = run("r = typecheck('.')\nprint(r.error_count)")
        self.assertEqual(reads(trace), {"error_count": 1})
        self.assertTrue(trace["accessed_fields"])
        self.assertEqual(uses(trace), {})
        self.assertEqual(out, "2\n")

    def test_nested_read(self):
        trace, _, _ = run("r = typecheck('.')\nx = r.errors[0].line")
        self.assertEqual(reads(trace), {"errors": 1, "errors[].line": 1})

    def test_loop_over_list_field(self):
        trace, out, _ = run("r = typecheck('.')\nfor e in r.errors:\n    print(e.file, e.line)")
        self.assertEqual(reads(trace), {"errors": 1, "errors[].file": 1, "errors[].line": 1})
        self.assertEqual(out, "a.py 3\nb.py 7\nb.py 9\n")

    def test_comprehension(self):
        trace, _, _ = run("r = typecheck('.')\ncodes = [e.code for e in r.errors if e.severity == 'error']")
        self.assertEqual(set(reads(trace)), {"errors", "errors[].code", "errors[].severity"})

    def test_getattr_with_literal_name(self):
        trace, _, _ = run("r = typecheck('.')\nn = getattr(r, 'warning_count')")
        self.assertEqual(reads(trace), {"warning_count": 1})

    def test_hasattr_counts_as_read_or_unknown_field(self):
        trace, out, _ = run("r = typecheck('.')\nprint(hasattr(r, 'errors'), hasattr(r, 'total'))")
        self.assertEqual(out, "True False\n")
        self.assertEqual(reads(trace), {"errors": 1})
        unknown = trace["calls"][0]["unknown_fields"]
        self.assertEqual(unknown, [{"type": "TypeCheckResult", "name": "total", "suggestion": None, "count": 1}])

    def test_read_inside_fstring(self):
        trace, out, _ = run("r = typecheck('.')\nprint(f'{r.error_count} errors in {r.errors[1].file}')")
        self.assertEqual(reads(trace), {"error_count": 1, "errors": 1, "errors[].file": 1})
        self.assertEqual(out, "2 errors in b.py\n")

    def test_print_is_a_whole_object_use_not_a_read(self):
        trace, out, _ = run("r = typecheck('.')\nprint(r)")
        self.assertEqual(reads(trace), {})
        self.assertFalse(trace["accessed_fields"])
        self.assertEqual(uses(trace), {"print": 1})
        self.assertTrue(out.startswith("success=False error_count=2 warning_count=1 errors=[TypeCheckError("))

    def test_print_without_traced_print_is_recorded_as_str(self):
        trace, _, _ = run("r = typecheck('.')\nprint(r)", builtin_print=True)
        self.assertEqual(reads(trace), {})
        self.assertEqual(uses(trace), {"str": 1})

    def test_whole_object_uses_by_kind(self):
        code = ("r = typecheck('.')\na = repr(r)\nb = str(r)\nc = f'{r}'\nd = r.model_dump()\n"
                "e = r.model_dump_json()\nf = dict(r)\n")
        trace, _, _ = run(code)
        self.assertEqual(reads(trace), {})
        self.assertEqual(uses(trace), {"repr": 1, "str": 1, "format": 1, "model_dump": 1, "model_dump_json": 1,
                                       "iter": 1})
        self.assertEqual(trace["calls"][0]["unknown_fields"], [])  # dict() probing 'keys' is not the program

    def test_printing_a_list_of_results_counts_each_element(self):
        trace, _, _ = run("r = typecheck('.')\nprint(r.errors)")
        self.assertEqual(reads(trace), {"errors": 1})
        self.assertEqual(uses(trace), {"print": 3})

    def test_branch_not_taken_is_not_a_read(self):
        trace, _, _ = run("r = typecheck('.')\nif r.success:\n    print(r.warning_count)")
        self.assertEqual(reads(trace), {"success": 1})

    def test_hallucinated_field(self):
        trace, _, error = run("r = typecheck('.')\nprint(r.error)")
        self.assertIsInstance(error, AttributeError)
        self.assertEqual(str(error), "'TypeCheckResult' object has no attribute 'error' (did you mean 'errors'?)")
        self.assertEqual(trace["calls"][0]["unknown_fields"],
                         [{"type": "TypeCheckResult", "name": "error", "suggestion": "errors", "count": 1}])
        self.assertFalse(trace["accessed_fields"])

    def test_hallucinated_field_without_close_match_lists_fields(self):
        _, _, error = run("r = typecheck('.')\nr.errors[0].filename_and_path")
        self.assertEqual(str(error), "'TypeCheckError' object has no attribute 'filename_and_path' "
                                     "(fields: file, line, column, severity, code, message)")

    def test_objects_not_from_a_tool_are_not_traced(self):
        code = ("e = TypeCheckError(file='x', line=1, column=1, severity='error', code='c', message='m')\n"
                "r = TypeCheckResult.model_validate({'success': True, 'error_count': 0, 'warning_count': 0,"
                " 'errors': [e]})\nprint(e.line, r.errors[0].file)\n")
        trace, out, error = run(code)
        self.assertIsNone(error)
        self.assertEqual(trace["calls"], [])
        self.assertFalse(trace["accessed_fields"])
        self.assertEqual(out, "1 x\n")

    def test_two_calls_only_second_read(self):
        trace, _, _ = run("a = typecheck('a')\nb = typecheck('b')\nprint(b.errors[2].message)")
        self.assertEqual([c["index"] for c in trace["calls"]], [0, 1])
        self.assertEqual(reads(trace, 0), {})
        self.assertEqual(reads(trace, 1), {"errors": 1, "errors[].message": 1})
        self.assertTrue(trace["accessed_fields"])

    def test_deep_paths(self):
        trace, out, _ = run("s = document_symbols('m.py')\nfor c in s.symbols[0].children:\n    print(c.name)")
        self.assertEqual(reads(trace), {"symbols": 1, "symbols[].children": 1, "symbols[].children[].name": 1})
        self.assertEqual(out, "f\n")

    def test_aliases_and_sorting(self):
        code = "r = typecheck('.')\nerrs = r.errors\nworst = sorted(errs, key=lambda e: -e.line)[0]\nprint(worst.file)"
        trace, out, _ = run(code)
        self.assertEqual(reads(trace), {"errors": 1, "errors[].line": 1, "errors[].file": 1})
        self.assertEqual(out, "b.py\n")

    def test_exact_counts_mode(self):
        code = "r = typecheck('.')\nfor e in r.errors:\n    x = e.line + e.line\nn = len(r.errors)"
        trace, _, _ = run(code, exact=True)
        self.assertEqual(trace["read_counts"], "exact")
        self.assertEqual(reads(trace), {"errors": 2, "errors[].line": 6})
        first, _, _ = run(code)
        self.assertEqual(first["read_counts"], "first")
        self.assertEqual(reads(first), {"errors": 1, "errors[].line": 1})

    def test_trace_is_fresh_per_execution(self):
        run("r = typecheck('.')\nprint(r.error_count)")
        trace, _, _ = run("r = typecheck('.')\nprint(r.error_count)")
        self.assertEqual(reads(trace), {"error_count": 1})  # re-armed: recorded again
        self.assertEqual(trace["calls"][0]["tool"], "typecheck")
        self.assertEqual(trace["calls"][0]["result_type"], "TypeCheckResult")

    def test_internal_machinery_is_not_a_read(self):
        code = ("r = typecheck('.')\nsame = r == TypeCheckResult.model_validate(r.model_dump())\n"
                "c = r.model_copy()\nprint(same)")
        trace, out, _ = run(code)
        self.assertEqual(out, "True\n")
        self.assertEqual(reads(trace), {})

    def test_many_traces_keep_working(self):
        for _ in range(80):  # crosses the shadow-class retirement boundary
            trace, _, _ = run("r = typecheck('.')\nx = r.errors[0].line")
            self.assertEqual(reads(trace), {"errors": 1, "errors[].line": 1})

    def test_json_serialisable(self):
        import json

        trace, _, _ = run("r = typecheck('.')\nprint(r.error)")
        json.dumps(trace)


class ModelBehaviour(unittest.TestCase):
    def test_trace_off_mode(self):
        cls = MODELS["TypeCheckResult"]
        result = M.from_tool_result(cls, copy.deepcopy(TYPECHECK), 0, "typecheck")
        self.assertIs(type(result), cls)
        self.assertEqual(result.errors[1].line, 7)
        self.assertEqual(M.end_trace()["calls"], [])

    def test_traced_object_looks_like_its_model(self):
        M.begin_trace()
        result = M.from_tool_result(MODELS["TypeCheckResult"], copy.deepcopy(TYPECHECK), 0, "typecheck")
        M.end_trace()
        self.assertEqual(type(result).__name__, "TypeCheckResult")
        self.assertIsInstance(result, MODELS["TypeCheckResult"])
        self.assertEqual(result, MODELS["TypeCheckResult"].model_validate(TYPECHECK))
        self.assertEqual(repr(result), repr(MODELS["TypeCheckResult"].model_validate(TYPECHECK)))

    def test_setattr(self):
        result = MODELS["GitStatusResult"].model_validate(GIT)
        result.clean = False
        self.assertFalse(result.clean)
        with self.assertRaises(ValueError) as caught:
            result.dirty = True
        self.assertEqual(str(caught.exception), '"GitStatusResult" object has no field "dirty"')

    def test_validation_error(self):
        with self.assertRaises(M.ValidationError) as caught:
            M.from_tool_result(MODELS["GitStatusResult"], {"success": "x", "clean": True, "files": []}, 0, "g")
        self.assertIsInstance(caught.exception, ValueError)
        self.assertEqual(str(caught.exception).split("\n")[:3], [
            "2 validation errors for GitStatusResult", "success",
            "  Input should be a valid boolean, unable to interpret input "
            "[type=bool_parsing, input_value='x', input_type=str]"])

    def test_model_fields(self):
        fields = MODELS["TypeCheckResult"].model_fields
        self.assertEqual(list(fields), ["success", "error_count", "warning_count", "errors", "parse_error"])
        self.assertTrue(fields["errors"].is_required())
        self.assertIsNone(fields["parse_error"].default)
        self.assertEqual(fields["errors"].annotation, list[MODELS["TypeCheckError"]])


class Estimates(unittest.TestCase):
    def estimates(self, code):
        return M.static_estimate(code, TYPED_TOOLS), M.heuristic_estimate(code, TYPED_TOOLS), run(code)[0]

    def test_branch_not_taken(self):
        # static counts both branches; the exact trace only the one that ran
        static, heuristic, exact = self.estimates(
            "r = typecheck('.')\nif r.success:\n    print(r.warning_count)\n")
        self.assertEqual(static["reads"], {"success": 1, "warning_count": 1})
        self.assertEqual(reads(exact), {"success": 1})
        self.assertEqual(heuristic["matched"], ["r.success", "r.warning_count"])

    def test_comment_fools_the_heuristic(self):
        static, heuristic, exact = self.estimates("r = typecheck('.')\n# look at r.errors later\nprint(r)\n")
        self.assertTrue(heuristic["typed_call"])
        self.assertTrue(heuristic["accessed_fields"])
        self.assertEqual(heuristic["matched"], ["r.errors"])
        self.assertFalse(static["accessed_fields"])
        self.assertFalse(exact["accessed_fields"])

    def test_getattr_and_indexing_escape_the_heuristic(self):
        static, heuristic, exact = self.estimates("r = typecheck('.')\nprint(getattr(r, 'error_count'))\n")
        self.assertFalse(heuristic["accessed_fields"])
        self.assertEqual(static["reads"], {"error_count": 1})
        self.assertTrue(exact["accessed_fields"])

    def test_generic_field_names_over_match(self):
        code = "text = 'x'\nparts = text.split('.')\nclass P:\n    line = 1\nprint(P.line)\n"
        static, heuristic, exact = self.estimates(code)
        self.assertFalse(heuristic["typed_call"])
        self.assertEqual(heuristic["matched"], ["P.line"])
        self.assertFalse(static["accessed_fields"])
        self.assertEqual(exact["calls"], [])

    def test_function_parameters_escape_the_static_estimate(self):
        code = "def show(res):\n    print(res.error_count)\nshow(typecheck('.'))\n"
        static, heuristic, exact = self.estimates(code)
        self.assertTrue(static["typed_call"])
        self.assertFalse(static["accessed_fields"])
        self.assertEqual(reads(exact), {"error_count": 1})
        self.assertEqual(heuristic["matched"], ["res.error_count"])

    def test_static_follows_aliases_loops_and_comprehensions(self):
        code = ("r = typecheck('.')\nerrs = r.errors\nfor i, e in enumerate(errs):\n    print(e.line)\n"
                "msgs = [x.message for x in errs if x.severity == 'error']\n"
                "first = sorted(errs, key=lambda e: e.column)[0]\nprint(first.code)\n"
                "s = document_symbols('m.py')\nnames = [c.name for sym in s.symbols for c in sym.children]\n")
        static, _, exact = self.estimates(code)
        self.assertEqual(static["reads"], {
            "errors": 1, "errors[].line": 1, "errors[].message": 1, "errors[].severity": 1, "errors[].column": 1,
            "errors[].code": 1, "symbols": 1, "symbols[].children": 1, "symbols[].children[].name": 1})
        self.assertEqual(set(reads(exact, 0)), {k for k in static["reads"] if k.startswith("errors")})
        self.assertEqual(set(reads(exact, 1)), {k for k in static["reads"] if k.startswith("symbols")})
        self.assertEqual([c["tool"] for c in static["typed_calls"]], ["typecheck", "document_symbols"])

    def test_static_reports_unknown_fields(self):
        static = M.static_estimate("r = typecheck('.')\nprint(r.error)\nprint(r.model_dump())", TYPED_TOOLS)
        self.assertEqual(static["unknown_fields"],
                         [{"type": "TypeCheckResult", "name": "error", "suggestion": "errors", "line": 2}])
        self.assertFalse(static["accessed_fields"])

    def test_syntax_error(self):
        static = M.static_estimate("r = typecheck(\n", TYPED_TOOLS)
        self.assertIsNotNone(static["syntax_error"])
        self.assertFalse(static["accessed_fields"])

    def test_the_heuristic_builds_its_patterns_for_each_set_of_tools(self):
        # The compiled patterns are kept per set of typed tools: another set gets its own.
        code = "r = ruff_check('.')\nprint(r.fixable_count, r.error_count)\n"
        everything = M.heuristic_estimate(code, TYPED_TOOLS)
        self.assertTrue(everything["typed_call"])
        self.assertEqual(everything["matched"], ["r.fixable_count", "r.error_count"])
        only_typecheck = M.heuristic_estimate(code, {"typecheck": "TypeCheckResult"})
        self.assertFalse(only_typecheck["typed_call"])
        self.assertEqual(only_typecheck["matched"], ["r.error_count"])
        nothing = M.heuristic_estimate(code, {})
        self.assertEqual((nothing["typed_call"], nothing["matched"]), (False, []))
        self.assertEqual(M.heuristic_estimate(code, TYPED_TOOLS), everything)


if __name__ == "__main__":
    unittest.main(verbosity=1)
