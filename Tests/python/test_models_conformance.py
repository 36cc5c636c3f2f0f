"""Conformance: punie-exec's BaseModel (Sources/.../model.py) against real Pydantic v2.

Loads stubs/models.py twice, once with `pydantic.BaseModel` and once with `_punie_model.BaseModel`,
builds the same seeded random instances with both and compares, byte for byte: repr(), str(),
model_dump() (python and json modes, exclude_none, exclude_unset), model_dump_json() (compact and
indent=2), model_fields (keys, order, annotation, default, is_required()), model_fields_set,
equality, and the outcome of lax coercions (accepted value, or error types and locations).

Run: python3 Tests/python/test_models_conformance.py [--count N] [--seed S]
The interpreter is whichever runs this file; set PUNIE_CONFORMANCE_PYTHON to re-run under another
one. It must have pydantic 2.x; the test fails loudly if it does not. Exit status 1 on any difference.
"""

import argparse
import importlib.util
import math
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODEL_PY = os.path.join(ROOT, "Sources", "CodeMode", "Interpreter", "Python", "model.py")
STUBS = os.path.join(ROOT, "stubs", "models.py")


def _reexec_if_requested():
    wanted = os.environ.get("PUNIE_CONFORMANCE_PYTHON")
    if wanted and os.path.realpath(wanted) != os.path.realpath(sys.executable):
        os.execv(wanted, [wanted, os.path.abspath(__file__)] + sys.argv[1:])


def _load_pydantic():
    try:
        import pydantic
    except ImportError:
        sys.stderr.write(
            "FAIL: pydantic is not importable by %s; the conformance test needs pydantic 2.x "
            "(set PUNIE_CONFORMANCE_PYTHON to an interpreter that has it)\n" % sys.executable
        )
        sys.exit(2)
    if not pydantic.VERSION.startswith("2."):
        sys.stderr.write("FAIL: pydantic %s found, 2.x needed\n" % pydantic.VERSION)
        sys.exit(2)
    return pydantic


def _load_ours():
    spec = importlib.util.spec_from_file_location("_punie_model", MODEL_PY)
    module = importlib.util.module_from_spec(spec)
    sys.modules["_punie_model"] = module
    spec.loader.exec_module(module)
    return module


def _exec_stubs(base_model):
    namespace = {"BaseModel": base_model, "__name__": "punie_models"}
    with open(STUBS, encoding="utf-8") as handle:
        exec(compile(handle.read(), "stubs/models.py", "exec", dont_inherit=True), namespace)
    models = {
        name: value
        for name, value in namespace.items()
        if isinstance(value, type) and issubclass(value, base_model) and value is not base_model
    }
    if hasattr(base_model, "model_rebuild") and hasattr(base_model, "__pydantic_validator__"):
        for cls in models.values():  # pydantic resolves the postponed annotations in this namespace
            cls.model_rebuild(_types_namespace=namespace)
    return models


# ---- random data ---------------------------------------------------------------------------------

TRICKY_STRINGS = [
    "", "a", "src/app.py", "it's", 'say "hi"', "both ' and \"", "back\\slash", "C:\\path\\to\\file",
    "line1\nline2", "tab\there", "cr\rlf", "\x00nul", "\x1f\x7f\x80", "\u2028\u2029", "é", "naïve café",
    "日本語", "emoji 😀🎉", "👨‍👩‍👧", "\u200b", "</script>", "{\"json\": [1, 2]}", "'" * 3, "\\n not newline",
    "trailing space ", "\ufeffbom", "\U0010ffff", "a" * 200,
]
TRICKY_FLOATS = [
    0.0, -0.0, 0.1, 0.2, 0.30000000000000004, 1.0, -1.0, 1.5, 1e20, 1e-7, 1e-5, 2.5e-5, 1e-4, 1e15, 1e16,
    1e17, 123456789.123, 1.7976931348623157e308, 5e-324, 2.2250738585072014e-308, 1e100, -1e-100,
    3.141592653589793, 1 / 3, 100.0, 0.05, float("inf"), float("-inf"), float("nan"),
]
TRICKY_INTS = [0, 1, -1, 2**31, -(2**31), 2**53 + 1, 2**63 - 1, -(2**63), 2**64, 2**70, -(2**100), 10**30]


def random_string(rng):
    if rng.random() < 0.6:
        return rng.choice(TRICKY_STRINGS)
    alphabet = "abcxyz019 _-./\"'\\\n\té日😀\u0301"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))


def random_float(rng):
    roll = rng.random()
    if roll < 0.4:
        return rng.choice(TRICKY_FLOATS)
    if roll < 0.7:
        return rng.uniform(-1000, 1000)
    return rng.random() * 10 ** rng.randint(-30, 30) * rng.choice((1, -1))


def random_int(rng):
    return rng.choice(TRICKY_INTS) if rng.random() < 0.3 else rng.randint(-5, 5000)


def random_value(rng, annotation, depth):
    if annotation.endswith(" | None"):
        if rng.random() < 0.4:
            return None
        annotation = annotation[: -len(" | None")]
    if annotation == "str":
        return random_string(rng)
    if annotation == "int":
        return random_int(rng)
    if annotation == "float":
        # JSON from the host often carries whole floats as ints: exercise the int -> float path too
        return rng.randint(0, 9) if rng.random() < 0.15 else random_float(rng)
    if annotation == "bool":
        return rng.random() < 0.5
    if annotation.startswith("list[") and annotation.endswith("]"):
        inner = annotation[5:-1]
        limit = 0 if depth > 3 else (4 if depth < 2 else 2)
        return [random_value(rng, inner, depth + 1) for _ in range(rng.randint(0, limit))]
    return random_data(rng, annotation, depth + 1)


ANNOTATIONS = {}
DEFAULTED = {}


def random_data(rng, class_name, depth=0):
    data = {}
    for name, annotation in ANNOTATIONS[class_name].items():
        if name in DEFAULTED[class_name] and rng.random() < 0.25:
            continue  # leave it unset: exercises defaults and exclude_unset
        data[name] = random_value(rng, annotation, depth)
    return data


# ---- comparison ----------------------------------------------------------------------------------


class Comparison:
    def __init__(self):
        self.failures = []
        self.checks = 0
        self.instances = 0

    def same(self, what, expected, actual):
        self.checks += 1
        if type(expected) is not type(actual) or not _identical(expected, actual):
            self.failures.append("%s\n  pydantic: %r\n  ours:     %r" % (what, expected, actual))
            return False
        return True


def _identical(a, b):
    """Equality that also distinguishes -0.0/0.0, nan, bool/int and container types."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(_identical(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_identical(x, y) for x, y in zip(a, b))
    return a == b


def outcome(function):
    """('ok', value) or ('error', exception type name, text)."""
    try:
        return ("ok", function())
    except Exception as error:  # noqa: BLE001 - the error itself is compared
        return ("error", type(error).__name__, str(error))


def validation_summary(error):
    """A ValidationError reduced to what both implementations must agree on."""
    return [(e["type"], tuple(e["loc"])) for e in error.errors()]


def strip_urls(text):
    return "\n".join(line for line in text.split("\n") if "errors.pydantic.dev" not in line)


def compare_instance(cmp, what, p, o):
    cmp.instances += 1
    cmp.same(what + " repr", repr(p), repr(o))
    cmp.same(what + " str", str(p), str(o))
    cmp.same(what + " format", f"{p}", f"{o}")
    cmp.same(what + " model_dump", p.model_dump(), o.model_dump())
    cmp.same(what + " model_dump json", p.model_dump(mode="json"), o.model_dump(mode="json"))
    cmp.same(what + " model_dump exclude_none", p.model_dump(exclude_none=True), o.model_dump(exclude_none=True))
    cmp.same(what + " model_dump exclude_unset", p.model_dump(exclude_unset=True), o.model_dump(exclude_unset=True))
    cmp.same(what + " model_dump exclude_defaults", p.model_dump(exclude_defaults=True),
             o.model_dump(exclude_defaults=True))
    cmp.same(what + " model_fields_set", p.model_fields_set, o.model_fields_set)
    first = next(iter(type(p).model_fields))
    cmp.same(what + " model_dump exclude", p.model_dump(exclude={first}), o.model_dump(exclude={first}))
    cmp.same(what + " model_dump include", p.model_dump(include={first}), o.model_dump(include={first}))
    json_p = outcome(p.model_dump_json)
    json_o = outcome(o.model_dump_json)
    cmp.same(what + " model_dump_json", json_p, json_o)
    cmp.same(what + " model_dump_json indent", outcome(lambda: p.model_dump_json(indent=2)),
             outcome(lambda: o.model_dump_json(indent=2)))
    cmp.same(what + " iter", [k for k, _ in p], [k for k, _ in o])


def compare_fields(cmp, pmodels, omodels):
    for name, pcls in pmodels.items():
        ocls = omodels[name]
        pf, of = pcls.model_fields, ocls.model_fields
        cmp.same(name + " model_fields keys", list(pf), list(of))
        for field in pf:
            cmp.same("%s.%s is_required" % (name, field), pf[field].is_required(), of[field].is_required())
            cmp.same("%s.%s default" % (name, field), repr(pf[field].default), repr(of[field].default))
            cmp.same("%s.%s annotation" % (name, field), _annotation_text(pf[field].annotation),
                     _annotation_text(of[field].annotation))


def _annotation_text(annotation):
    return repr(annotation).replace("typing.Optional[", "").replace("punie_models.", "")


COERCION_INPUTS = {
    "str": ["x", b"bytes", bytearray(b"ba"), 1, 1.5, True, None, ["x"], {"a": 1}],
    "int": [1, True, False, 1.0, 1.5, -2.0, "12", " 12 ", "+5", "-0", "1_000", "1.0", "1.5", "1e3", "0x10",
            "١٢", "", b"12", float("nan"), float("inf"), None, [1], 2**70],
    "float": [1.5, 1, True, "1.5", " 2.5 ", "inf", "-inf", "nan", "1e3", "1_0", "x", "", b"1.5", None, 10**400,
              [1.0]],
    "bool": [True, False, 1, 0, 2, -1, 1.0, 0.0, 0.5, "yes", "No", "ON", "off", "t", "F", "y", "n", "true",
             "False", "1", "0", "2", "", " true ", None, [True], b"true"],
    "list": [[], ("a",), {"a"}, frozenset(), "ab", b"ab", {"a": 1}, None, 5, {}.keys()],
}


def compare_coercions(cmp, pmodels, omodels, pydantic):
    """Feed questionable values into one field of each scalar type and compare the outcomes."""
    probes = {
        "str": ("GitFileStatus", "file", {"status": "modified", "staged": True}),
        "int": ("ReferenceLocation", "line", {"file": "a.py", "column": 1}),
        "float": ("TestCase", "duration", {"name": "t", "outcome": "passed"}),
        "bool": ("GitFileStatus", "staged", {"file": "a", "status": "modified"}),
        "list": ("DiffFile", "hunks", {"file": "a", "additions": 1, "deletions": 0}),
    }
    ours_error = sys.modules["_punie_model"].ValidationError
    for kind, values in COERCION_INPUTS.items():
        class_name, field, rest = probes[kind]
        for value in values:
            data = dict(rest, **{field: value})
            what = "coerce %s %s=%r" % (class_name, field, value)
            try:
                expected = ("ok", repr(pmodels[class_name].model_validate(data)))
            except pydantic.ValidationError as error:
                expected = ("error", validation_summary(error), strip_urls(str(error)))
            try:
                actual = ("ok", repr(omodels[class_name].model_validate(data)))
            except ours_error as error:
                actual = ("error", validation_summary(error), str(error))
            cmp.same(what, expected, actual)


def compare_errors(cmp, pmodels, omodels, pydantic):
    """Structural errors: missing fields, wrong nested types, non-dict input."""
    ours_error = sys.modules["_punie_model"].ValidationError
    cases = [
        ("TypeCheckResult", {"success": True}),
        ("TypeCheckResult", {"success": True, "error_count": 0, "warning_count": 0, "errors": [{"file": "a"}, 5]}),
        ("TypeCheckResult", 5),
        ("TypeCheckResult", {"success": "maybe", "error_count": "x", "warning_count": 0, "errors": "no"}),
        ("DocumentSymbolsResult", {"success": True, "file_path": "a", "symbols": [
            {"name": "A", "kind": 5, "line": 1, "end_line": 2, "children": [{"name": "f", "kind": "x"}]}]}),
    ]
    for class_name, data in cases:
        what = "errors %s %r" % (class_name, data)
        try:
            pmodels[class_name].model_validate(data)
            expected = ("ok",)
        except pydantic.ValidationError as error:
            expected = ("error", validation_summary(error), strip_urls(str(error)))
        try:
            omodels[class_name].model_validate(data)
            actual = ("ok",)
        except ours_error as error:
            actual = ("error", validation_summary(error), str(error))
        cmp.same(what, expected, actual)
    # assignment of an unknown attribute, reading a class attribute
    p = pmodels["GitCommit"](hash="h", message="m")
    o = omodels["GitCommit"](hash="h", message="m")
    cmp.same("setattr unknown", outcome(lambda: setattr(p, "nope", 1)), outcome(lambda: setattr(o, "nope", 1)))
    cmp.same("setattr field", outcome(lambda: (setattr(p, "message", "x"), repr(p))[1]),
             outcome(lambda: (setattr(o, "message", "x"), repr(o))[1]))
    cmp.same("class attribute", outcome(lambda: pmodels["GitCommit"].author)[0],
             outcome(lambda: omodels["GitCommit"].author)[0])
    cmp.same("format spec", outcome(lambda: format(p, "x")), outcome(lambda: format(o, "x")))
    cmp.same("hash", outcome(lambda: hash(p))[0:2], outcome(lambda: hash(o))[0:2])


def main():
    _reexec_if_requested()
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=200, help="random instances per model class")
    parser.add_argument("--seed", type=int, default=20251125)
    args = parser.parse_args()
    pydantic = _load_pydantic()
    ours = _load_ours()
    pmodels = _exec_stubs(pydantic.BaseModel)
    omodels = _exec_stubs(ours.BaseModel)
    ours.finalize_models(omodels)
    cmp = Comparison()
    cmp.same("model classes", list(pmodels), list(omodels))
    for name, cls in pmodels.items():
        ANNOTATIONS[name] = dict(cls.__annotations__)
        DEFAULTED[name] = {f for f, info in cls.model_fields.items() if not info.is_required()}
    compare_fields(cmp, pmodels, omodels)
    rng = random.Random(args.seed)
    call_index = 0
    for name in pmodels:
        previous = None
        for round_ in range(args.count):
            data = random_data(rng, name)
            p = pmodels[name].model_validate(data)
            o = omodels[name].model_validate(data)
            compare_instance(cmp, "%s#%d" % (name, round_), p, o)
            if round_ % 4 == 0:
                kw_p = outcome(lambda: repr(pmodels[name](**data)))
                kw_o = outcome(lambda: repr(omodels[name](**data)))
                cmp.same("%s#%d constructor" % (name, round_), kw_p, kw_o)
            if round_ % 8 == 0:
                # the traced path: a shadow-class instance must render exactly like the plain one
                import copy

                ours.begin_trace()
                traced = ours.from_tool_result(omodels[name], copy.deepcopy(data), call_index, "tool")
                call_index += 1
                compare_instance(cmp, "%s#%d traced" % (name, round_), p, traced)
                cmp.same("%s#%d traced eq" % (name, round_), True, traced == o)
                ours.end_trace()
            again_p = pmodels[name].model_validate(data)
            again_o = omodels[name].model_validate(data)
            cmp.same("%s#%d eq same data" % (name, round_), p == again_p, o == again_o)
            if previous is not None:
                cmp.same("%s#%d eq other data" % (name, round_), p == previous[0], o == previous[1])
            previous = (p, o)
    # equality across classes with identical fields values is False in both
    p1 = pmodels["WorkspaceSymbolsResult"](success=True, query="q", symbols=[])
    o1 = omodels["WorkspaceSymbolsResult"](success=True, query="q", symbols=[])
    p2 = pmodels["FindReferencesResult"](success=True, symbol="q", reference_count=0, references=[])
    o2 = omodels["FindReferencesResult"](success=True, symbol="q", reference_count=0, references=[])
    cmp.same("eq other class", p1 == p2, o1 == o2)
    cmp.same("eq non-model", p1 == {"success": True}, o1 == {"success": True})
    # a lone surrogate: repr works, model_dump_json raises PydanticSerializationError with this text
    p = pmodels["GitCommit"](hash="ab\ud800", message="m")
    o = omodels["GitCommit"](hash="ab\ud800", message="m")
    cmp.same("surrogate repr", repr(p), repr(o))
    cmp.same("surrogate json", outcome(p.model_dump_json), outcome(o.model_dump_json))
    # a mutable default is copied per instance
    a, b = omodels["DiffFile"](file="a", additions=0, deletions=0), omodels["DiffFile"](file="b", additions=0,
                                                                                        deletions=0)
    a.hunks.append("x")
    cmp.same("mutable default copied", [], b.hunks)
    compare_coercions(cmp, pmodels, omodels, pydantic)
    compare_errors(cmp, pmodels, omodels, pydantic)
    print("python %s, pydantic %s: %d instances, %d checks, %d differences"
          % (sys.version.split()[0], pydantic.VERSION, cmp.instances, cmp.checks, len(cmp.failures)))
    for failure in cmp.failures[:8]:
        print("DIFFERENCE:", failure)
    return 1 if cmp.failures else 0


if __name__ == "__main__":
    sys.exit(main())
