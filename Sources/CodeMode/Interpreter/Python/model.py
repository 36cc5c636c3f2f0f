"""_punie_model: Pydantic-shaped result models and the field-access tracer.

Embedded in the punie-exec binary and executed once at interpreter start as module `_punie_model`.
Standard library only: no pydantic at run time. Works on CPython 3.11, 3.12 and 3.13.

Sections, one concern each:

1. Errors             ValidationError and PydanticSerializationError (ValueError subclasses).
2. Field types        parsing the string annotations of stubs/models.py into small type specs.
3. Field metadata     FieldInfo, per-class _ModelInfo, the class registry.
4. Validation         lax coercion (Pydantic v2 Python-mode rules) and error collection.
5. Fast builders      one generated builder per (class, target) that turns decoded JSON into objects.
6. Rendering          repr/str, model_dump, model_dump_json (byte-identical to pydantic_core).
7. BaseModel          the base class and its metaclass.
8. Tracing            shadow classes, read probes, whole-object uses, begin_trace/end_trace.
9. Estimates          static (AST data-flow) and heuristic (regex) field-access estimates.
10. Stand-ins         what the harness needs of standard modules it does not import (ast, difflib, json).

How field reads are traced (details in docs/tracing.md): field values live in the instance
`__dict__`, so reading `result.errors` is an ordinary, specialised attribute read with no Python code
in between. Objects built by `from_tool_result` during a trace are instances of a *shadow class*: a
subclass with the same name, created once per (model class, call index, field path), whose fields
are data descriptors ("probes"). A probe records the read and, in the default "first" mode, removes
itself from its shadow class, so every later read of that path is again a plain attribute read.
Internal machinery (repr, dumps, equality) reads `__dict__` directly and never touches a probe.

Imports: only modules built into the interpreter or written in C (`_json`, and `_ast` when first
used), so that loading the harness costs no module loads beyond a bare interpreter's
(Benchmarks/harness_startup.py). The harness never imports while a program runs (the audit hook
refuses it): `heuristic_estimate` reads `re` from `sys.modules`, where the harness's
`prepare_estimates` or `preload` put it, and `_ast` is loaded by `load_ast` before anything that
needs it runs.
"""

import _json
import sys


class LazyModule:
    """A built-in module imported on its first attribute read, which then replaces this stand-in in
    every namespace bound to it. For `_ast`: creating its node types is ~1.7 ms of a cold start, and a
    program that passes the guard's screen is never parsed into them (nor are the stub annotations,
    see `_simple_annotation_spec`)."""

    __slots__ = ("_name", "_namespaces")

    def __init__(self, name, namespace):
        self._name = name
        self._namespaces = [namespace]

    def bind(self, namespace):
        """Also replace this stand-in in `namespace` once the module is loaded."""
        self._namespaces.append(namespace)

    def load(self):
        module = __import__(self._name)
        for namespace in self._namespaces:
            if namespace.get(self._name) is self:
                namespace[self._name] = module
        return module

    def __getattr__(self, attribute):
        return getattr(self.load(), attribute)


_ast = LazyModule("_ast", globals())


def compile_source(source, filename):
    """`compile(source, filename, "exec", dont_inherit=True)` for a str, through the host's
    `_punie.compile_source` when there is one: the builtin first checks whether its argument is a
    tree, which creates `_ast`'s node types (~1.7 ms of a cold start) even for source text."""
    punie = sys.modules.get("_punie")
    compile_with = getattr(punie, "compile_source", None)
    if compile_with is None:
        return compile(source, filename, "exec", 0, True)
    return compile_with(source, filename)


def load_ast():
    """Load `_ast` now (trusted code, before the audit hook is armed); returns the module."""
    return _ast.load() if type(_ast) is LazyModule else _ast

__all__ = [
    "BaseModel",
    "FieldInfo",
    "ValidationError",
    "PydanticSerializationError",
    "PydanticUndefined",
    "load_models",
    "finalize_models",
    "from_tool_result",
    "begin_trace",
    "end_trace",
    "trace_active",
    "traced_print",
    "warm_trace_classes",
    "static_estimate",
    "heuristic_estimate",
    "close_matches",
    "parse_source",
    "load_ast",
    "compile_source",
    "json_loads",
    "json_dumps",
    "JSONDecodeError",
]


# =================================================================================================
# 1. Errors
# =================================================================================================


class ValidationError(ValueError):
    """Raised when data does not fit a model; text shaped like Pydantic v2's ValidationError.

    `errors()` returns dicts with `type`, `loc`, `msg` and `input`, as Pydantic's does (without
    `url`). The text omits Pydantic's "For further information visit ..." lines.
    """

    def __init__(self, title, errors):
        self.title = title
        self._errors = errors
        super().__init__(_format_validation_errors(title, errors))

    def errors(self):
        return [dict(e) for e in self._errors]

    def error_count(self):
        return len(self._errors)


class PydanticSerializationError(ValueError):
    """Raised by model_dump_json when a value cannot be encoded (for example a lone surrogate)."""


def _truncated_repr(value):
    """Pydantic's input_value rendering: repr, shortened to 25 + '...' + 24 characters."""
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - a broken __repr__ must not hide the validation error
        text = "<unrepresentable>"
    if len(text) > 50:
        text = text[:25] + "..." + text[-24:]
    return text


def _format_validation_errors(title, errors):
    count = len(errors)
    lines = ["%d validation error%s for %s" % (count, "" if count == 1 else "s", title)]
    for error in errors:
        if error["loc"]:
            lines.append(".".join(str(part) for part in error["loc"]))
        lines.append(
            "  %s [type=%s, input_value=%s, input_type=%s]"
            % (error["msg"], error["type"], _truncated_repr(error["input"]), type(error["input"]).__name__)
        )
    return "\n".join(lines)


class _Invalid(Exception):
    """Internal: the fast path met data it cannot accept; the caller re-validates to report."""


_BAD = object()  # result of a failed coercion while errors are being collected


# =================================================================================================
# 2. Field types
# =================================================================================================
#
# An annotation becomes a spec tuple (kind, optional, inner):
#   kind      "str" | "int" | "float" | "bool" | "none" | "any" | "model" | "list"
#   optional  True for `X | None` / Optional[X]
#   inner     the model class for "model" (resolved lazily by name), the element spec for "list"

_SCALAR_KINDS = {"str": str, "int": int, "float": float, "bool": bool}
_annotation_nodes = {}  # annotation text -> its expression node, or None when it is not Python; parsed once


def _parse_annotation(annotation, resolve_name):
    """Turn an annotation (string or object) into a spec tuple; unknown shapes become "any"."""
    if isinstance(annotation, str):
        spec = _simple_annotation_spec(annotation, resolve_name)
        if spec is not None:
            return spec
        node = _annotation_nodes.get(annotation, _MISSING)
        if node is _MISSING:
            try:
                node = parse_source(annotation, "<unknown>", "eval").body
            except SyntaxError:
                node = None
            _annotation_nodes[annotation] = node
        if node is None:
            return ("any", False, None)
        return _spec_from_node(node, resolve_name)
    return _spec_from_object(annotation)


_KEYWORDS = frozenset((
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def",
    "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is",
    "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
))


def _simple_annotation_spec(text, resolve_name):
    """The spec of an annotation made only of names, `[...]` and `|` (every annotation of the stubs:
    `str`, `int | None`, `list[TypeCheckError]`), read without the parser, exactly as `_spec_from_node`
    reads its tree; None for anything else, which goes to the parser. Pinned against the parser by
    Tests/python/test_stdlib_standins.py."""
    shape = _simple_shapes.get(text, _MISSING)
    if shape is _MISSING:
        shape = _simple_shapes[text] = _simple_shape(text)
    return None if shape is None else _spec_from_shape(shape, resolve_name)


_simple_shapes = {}  # annotation text -> its shape (see _simple_shape), or None; read once


def _simple_shape(text):
    """`text` as nested tuples ("name", dotted), ("item", dotted, shape) for `dotted[shape]`,
    ("or", left, right); None when it is not made only of those."""
    if text[:1] == " " or any(character.isspace() and character != " " for character in text):
        return None  # the parser refuses leading blanks and (outside brackets) line breaks
    tokens = [token for token in text.replace("[", " [ ").replace("]", " ] ").replace("|", " | ").split(" ") if token]
    if not tokens or not all(token in "[]|" or _is_dotted_name(token) for token in tokens):
        return None
    position = 0

    def union():
        nonlocal position
        shape = primary()
        while shape is not None and position < len(tokens) and tokens[position] == "|":
            position += 1
            right = primary()
            shape = None if right is None else ("or", shape, right)
        return shape

    def primary():
        nonlocal position
        if position >= len(tokens) or tokens[position] in "[]|":
            return None
        name = tokens[position]
        position += 1
        if position < len(tokens) and tokens[position] == "[":
            position += 1
            argument = union()
            if argument is None or position >= len(tokens) or tokens[position] != "]":
                return None
            position += 1
            return ("item", name, argument)
        return ("name", name)

    shape = union()
    return shape if shape is not None and position == len(tokens) else None


def _spec_from_shape(shape, resolve_name):
    kind = shape[0]
    if kind == "or":
        return _union(_spec_from_shape(shape[1], resolve_name), _spec_from_shape(shape[2], resolve_name))
    tail = shape[1].rpartition(".")[2]
    if kind == "item":
        if tail in ("list", "List", "Sequence"):
            return ("list", False, _spec_from_shape(shape[2], resolve_name))
        if tail == "Optional":
            return _union(_spec_from_shape(shape[2], resolve_name), ("none", True, None))
        return ("any", False, None)
    if tail == "None":
        return ("none", True, None)
    if tail in _SCALAR_KINDS:
        return (tail, False, None)
    target = resolve_name(tail)
    if isinstance(target, _ModelMeta) and target is not BaseModel:
        return ("model", False, target)
    return ("any", False, None)


def _is_dotted_name(token):
    """`name` or `a.b.c`, ASCII identifiers that are not keywords (`None` alone is the constant)."""
    if token == "None":
        return True
    return token.isascii() and all(part.isidentifier() and part not in _KEYWORDS for part in token.split("."))


def _spec_from_node(node, resolve_name):
    if isinstance(node, _ast.Constant) and node.value is None:
        return ("none", True, None)
    if isinstance(node, _ast.Constant) and isinstance(node.value, str):  # quoted forward reference
        return _parse_annotation(node.value, resolve_name)
    if isinstance(node, _ast.BinOp) and isinstance(node.op, _ast.BitOr):
        return _union(_spec_from_node(node.left, resolve_name), _spec_from_node(node.right, resolve_name))
    if isinstance(node, _ast.Subscript):
        head = _dotted_tail(node.value)
        arg = node.slice
        if head in ("list", "List", "Sequence"):
            return ("list", False, _spec_from_node(arg, resolve_name))
        if head == "Optional":
            return _union(_spec_from_node(arg, resolve_name), ("none", True, None))
        if head == "Union" and isinstance(arg, _ast.Tuple):
            spec = _spec_from_node(arg.elts[0], resolve_name)
            for element in arg.elts[1:]:
                spec = _union(spec, _spec_from_node(element, resolve_name))
            return spec
        return ("any", False, None)
    name = _dotted_tail(node)
    if name in _SCALAR_KINDS:
        return (name, False, None)
    if name == "None":
        return ("none", True, None)
    if name is not None:
        target = resolve_name(name)
        if isinstance(target, _ModelMeta) and target is not BaseModel:
            return ("model", False, target)
    return ("any", False, None)


def _spec_from_object(annotation):
    if annotation is None or annotation is type(None):
        return ("none", True, None)
    for name, kind in _SCALAR_KINDS.items():
        if annotation is kind:
            return (name, False, None)
    if isinstance(annotation, _ModelMeta) and annotation is not BaseModel:
        return ("model", False, annotation)
    origin = getattr(annotation, "__origin__", None)
    args = getattr(annotation, "__args__", ())
    if origin is list and len(args) == 1:
        return ("list", False, _spec_from_object(args[0]))
    if args and (type(annotation).__name__ == "UnionType" or repr(origin) == "typing.Union"):
        spec = _spec_from_object(args[0])
        for arg in args[1:]:
            spec = _union(spec, _spec_from_object(arg))
        return spec
    return ("any", False, None)


def _dotted_tail(node):
    if isinstance(node, _ast.Name):
        return node.id
    if isinstance(node, _ast.Attribute):
        return node.attr
    return None


def _union(a, b):
    """Only `X | None` is supported precisely; any other union accepts anything."""
    if a[0] == "none":
        return (b[0], True, b[2])
    if b[0] == "none":
        return (a[0], True, a[2])
    return ("any", True, None)


def _spec_to_type(spec):
    """The runtime annotation object shown by FieldInfo.annotation (list[X], X | None, ...)."""
    kind, optional, inner = spec
    if kind in _SCALAR_KINDS:
        base = _SCALAR_KINDS[kind]
    elif kind == "model":
        base = inner
    elif kind == "list":
        base = list[_spec_to_type(inner)]
    elif kind == "none":
        return None
    else:
        base = object
    return base | None if optional else base


# =================================================================================================
# 3. Field metadata
# =================================================================================================


class _UndefinedType:
    """The `default` of a required field, as Pydantic's PydanticUndefined."""

    __slots__ = ()

    def __repr__(self):
        return "PydanticUndefined"

    def __reduce__(self):
        return "PydanticUndefined"


PydanticUndefined = _UndefinedType()
_MISSING = object()


class FieldInfo:
    """What `Model.model_fields[name]` holds: annotation, default and is_required()."""

    __slots__ = ("annotation", "default", "default_factory", "alias", "description", "title")

    def __init__(self, annotation, default):
        self.annotation = annotation
        self.default = default
        self.default_factory = None
        self.alias = None
        self.description = None
        self.title = None

    def is_required(self):
        return self.default is PydanticUndefined

    def __repr__(self):
        annotation = getattr(self.annotation, "__name__", None) if isinstance(self.annotation, type) else None
        parts = ["annotation=%s" % (annotation or repr(self.annotation)), "required=%s" % self.is_required()]
        if not self.is_required():
            parts.append("default=%r" % (self.default,))
        return "FieldInfo(%s)" % ", ".join(parts)


class _Field:
    """One declared field: name, raw annotation, spec (resolved lazily) and default."""

    __slots__ = ("name", "raw", "spec", "default", "info")

    def __init__(self, name, raw, default):
        self.name = name
        self.raw = raw
        self.spec = None
        self.default = default
        self.info = None

    def has_default(self):
        return self.default is not PydanticUndefined

    def make_default(self):
        """A fresh default value: mutable defaults ([] and the like) are copied per instance."""
        value = self.default
        if type(value) is list:
            return list(value)
        if type(value) in (dict, set):
            return value.copy()
        return value


class _ModelInfo:
    """Everything the machinery knows about one declared model class."""

    __slots__ = ("cls", "name", "fields", "names", "by_name", "namespace", "resolved", "target", "factory")

    def __init__(self, cls, fields, namespace):
        self.cls = cls
        self.name = cls.__name__
        self.fields = fields
        self.names = tuple(f.name for f in fields)
        self.by_name = {f.name: f for f in fields}
        self.namespace = namespace
        self.resolved = False
        self.target = None
        self.factory = None

    def resolve(self):
        """Parse annotations once every referenced class exists (stubs use postponed annotations)."""
        if self.resolved:
            return
        for field in self.fields:
            field.spec = _parse_annotation(field.raw, self._resolve_name)
            field.info = FieldInfo(_spec_to_type(field.spec), field.default)
        self.resolved = True

    def _resolve_name(self, name):
        if name == self.name:
            return self.cls
        if self.namespace is not None and name in self.namespace:
            return self.namespace[name]
        return _registry.get(name)


_registry = {}  # model class name -> most recently defined class of that name (a fallback resolver)
_infos = {}  # model class -> _ModelInfo


def _info_of(cls):
    info = _infos[cls]
    if not info.resolved:
        info.resolve()
    return info


def load_models(source, filename="models.py"):
    """Execute stubs/models.py source with BaseModel bound; return {class name: class}.

    Resolves every annotation eagerly so a bad stub fails at start-up, not at the first tool call.
    """
    namespace = {"BaseModel": BaseModel, "__name__": "punie_models"}
    exec(compile_source(source, filename), namespace)  # noqa: S102 - trusted stub source
    models = {}
    for name, value in namespace.items():
        if isinstance(value, _ModelMeta) and value is not BaseModel:
            models[name] = value
    finalize_models(models)
    return models


def finalize_models(models):
    """Resolve the annotations of already-defined model classes ({name: class}) eagerly.

    The harness calls this after executing stubs/models.py itself; errors surface at start-up. The
    builders (generated code, about half a millisecond per class to compile) are made on first use:
    a one-shot run needs only its tools' result classes, and a pooled worker's warm-up makes them
    all before it forks.
    """
    for cls in models.values():
        if isinstance(cls, _ModelMeta) and cls is not BaseModel:
            _info_of(cls)


# =================================================================================================
# 4. Validation (lax mode, Pydantic v2 Python-mode rules) and error collection
# =================================================================================================

_BOOL_STRINGS = {
    "0": False, "off": False, "f": False, "false": False, "n": False, "no": False,
    "1": True, "on": True, "t": True, "true": True, "y": True, "yes": True,
}  # fmt: skip
_LIST_LIKE = (list, tuple, set, frozenset, type({}.keys()), type({}.values()))
_FLOAT_LIMIT = 2**1023


def _is_int_text(text):
    """True when all of `text` matches `[+-]?[0-9]+(?:_[0-9]+)*(?:\\.0*)?` (ASCII digits, single
    underscores between digits, an optional point followed by zeros only), scanned without `re`."""
    index = 1 if text.startswith(("+", "-")) else 0
    digits = 0  # digits since the sign or the last underscore
    for position in range(index, len(text)):
        char = text[position]
        if "0" <= char <= "9":
            digits += 1
        elif char == "_" and digits:
            digits = 0
        elif char == "." and digits:
            return not text[position + 1:].strip("0")
        else:
            return False
    return digits > 0


def _fail(errors, loc, kind, message, value, ctx=None):
    if errors is None:
        raise _Invalid
    error = {"type": kind, "loc": loc, "msg": message, "input": value}
    if ctx is not None:
        error["ctx"] = ctx
    errors.append(error)
    return _BAD


def _coerce_scalar(kind, value, errors, loc):
    if kind == "str":
        if isinstance(value, str):
            return value if type(value) is str else str(value)
        if isinstance(value, (bytes, bytearray)):
            try:
                return bytes(value).decode("utf-8")
            except UnicodeDecodeError:
                return _fail(errors, loc, "string_unicode",
                             "Input should be a valid string, unable to parse raw data as a unicode string", value)
        return _fail(errors, loc, "string_type", "Input should be a valid string", value)
    if kind == "int":
        if isinstance(value, int):
            return int(value)
        if isinstance(value, float):
            if value != value or value in (float("inf"), float("-inf")):
                return _fail(errors, loc, "finite_number", "Input should be a finite number", value)
            if value.is_integer():
                return int(value)
            return _fail(errors, loc, "int_from_float",
                         "Input should be a valid integer, got a number with a fractional part", value)
        if isinstance(value, (str, bytes, bytearray)):
            text = value.decode("utf-8", "replace") if not isinstance(value, str) else value
            text = text.strip()
            if _is_int_text(text):
                return int(text.split(".")[0].replace("_", ""))
            return _fail(errors, loc, "int_parsing",
                         "Input should be a valid integer, unable to parse string as an integer", value)
        return _fail(errors, loc, "int_type", "Input should be a valid integer", value)
    if kind == "float":
        if isinstance(value, float):
            return float(value)
        if isinstance(value, int):
            try:
                return float(value)
            except OverflowError:
                return _fail(errors, loc, "float_type", "Input should be a valid number", value)
        if isinstance(value, (str, bytes, bytearray)):
            text = value.decode("utf-8", "replace") if not isinstance(value, str) else value
            try:
                if not text.strip().isascii():
                    raise ValueError(text)
                return float(text.strip())
            except ValueError:
                return _fail(errors, loc, "float_parsing",
                             "Input should be a valid number, unable to parse string as a number", value)
        return _fail(errors, loc, "float_type", "Input should be a valid number", value)
    if kind == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)) and value in (0, 1):
            return bool(value) if not isinstance(value, float) or value == int(value) else _BAD
        if isinstance(value, int):
            return _fail(errors, loc, "bool_parsing", "Input should be a valid boolean, unable to interpret input",
                         value)
        if isinstance(value, (str, bytes, bytearray)):
            text = value.decode("utf-8", "replace") if not isinstance(value, str) else value
            result = _BOOL_STRINGS.get(text.lower())
            if result is not None:
                return result
            return _fail(errors, loc, "bool_parsing", "Input should be a valid boolean, unable to interpret input",
                         value)
        return _fail(errors, loc, "bool_type", "Input should be a valid boolean", value)
    return value  # "any"


def _coerce_value(spec, value, target, index, own, errors, loc):
    """Validate one field value against its spec; nested models go to the child target."""
    kind, optional, inner = spec
    if value is None and (optional or kind == "none"):
        return None
    if kind == "none":
        return _fail(errors, loc, "none_required", "Input should be None", value)
    if kind == "model":
        return _coerce_model(target.child(index), value, own, errors, loc)
    if kind == "list":
        if not isinstance(value, _LIST_LIKE) or isinstance(value, (str, bytes, dict)):
            return _fail(errors, loc, "list_type", "Input should be a valid list", value)
        out = []
        element_kind = inner[0]
        for position, element in enumerate(value):
            if element_kind == "model":
                item = _coerce_model(target.child(index), element, own, errors, loc + (position,))
            elif element_kind == "list":
                item = _coerce_value(inner, element, target, index, own, errors, loc + (position,))
            elif element is None and inner[1]:
                item = None
            else:
                item = _coerce_scalar(element_kind, element, errors, loc + (position,))
            out.append(item)
        return out
    return _coerce_scalar(kind, value, errors, loc)


def _coerce_model(target, value, own, errors, loc):
    """The slow, general path: coercions, defaults, extra keys dropped, errors collected."""
    info = target.info
    if isinstance(value, BaseModel) and isinstance(value, info.cls):
        return value  # Pydantic's default revalidate_instances='never': the instance itself
    if not isinstance(value, dict):
        return _fail(errors, loc, "model_type", "Input should be a valid dictionary or instance of %s" % info.name,
                     value, {"class_name": info.name})
    data = {}
    unset = []
    failed = False
    for index, field in enumerate(info.fields):
        name = field.name
        if name in value:
            result = _coerce_value(field.spec, value[name], target, index, own, errors, loc + (name,))
            if result is _BAD:
                failed = True
            data[name] = result
        elif field.has_default():
            data[name] = field.make_default()
            unset.append(name)
        else:
            failed = True
            _fail(errors, loc + (name,), "missing", "Field required", value)
    if failed:
        return _BAD
    return _instantiate(target.cls, data, unset, info)


def _instantiate(cls, data, unset, info):
    obj = _new_object(cls)
    _set_dict(obj, data)
    if unset:
        _set_fields_set(obj, frozenset(info.names).difference(unset))
    return obj


def _validate_top(target, data, own):
    """Entry point for every construction: fast builder first, full error report on failure."""
    try:
        return target.one(data, own)
    except _Invalid:
        pass
    errors = []
    result = _coerce_model(target, data, False, errors, ())
    if errors or result is _BAD:
        raise ValidationError(target.info.name, errors) from None
    return result


# =================================================================================================
# 5. Fast builders
# =================================================================================================
#
# A *target* is a class that objects are built as: a model class itself, or one of its shadow
# classes (section 8). Each target gets a pair of generated functions `one(data, own)` and
# `many(items, own)`. They accept exactly-typed JSON (ints for float fields are converted) and fall
# back to `_coerce_model` per object for anything else. With `own=True` (fresh JSON from a tool) the
# decoded dicts are reused as the instances' `__dict__`; otherwise new dicts are made.


class _Target:
    """A class objects are built as, with its builders and (lazily) its children's targets."""

    __slots__ = ("cls", "info", "call", "path", "kids", "kid_many", "one", "many", "probes")

    def __init__(self, cls, info, call, path):
        self.cls = cls
        self.info = info
        self.call = call  # None for a model class, the tool call index for a shadow class
        self.path = path  # "" for a tool result, "errors[]" for its errors' elements, ...
        self.kids = [None] * len(info.fields)
        self.kid_many = [None] * len(info.fields)
        self.probes = ()
        self.one, self.many = _builder_factory(info)(cls, self.kid_many, self._resolve_kid, self._slow)

    def _slow(self, data, own):
        """Per-object fallback of the fast builders: coercions, or _Invalid for the caller."""
        return _coerce_model(self, data, own, None, ())

    def child(self, index):
        """The target for elements of model-typed field `index` (same call, deeper path)."""
        kid = self.kids[index]
        if kid is None:
            field = self.info.fields[index]
            spec = field.spec
            while spec[0] == "list":
                spec = spec[2]
            if self.call is None:
                kid = _base_target(spec[2])
            else:
                suffix = "[]" * _list_depth(field.spec)
                path = field.name + suffix if not self.path else self.path + "." + field.name + suffix
                kid = _shadow_target(spec[2], self.call, path)
            self.kids[index] = kid
        return kid

    def _resolve_kid(self, index):
        many = self.child(index).many
        self.kid_many[index] = many
        return many


def _list_depth(spec):
    depth = 0
    while spec[0] == "list":
        depth += 1
        spec = spec[2]
    return depth


def _base_target(cls):
    info = _info_of(cls)
    if info.target is None:
        info.target = _Target(cls, info, None, "")
        _targets[cls] = info.target
    return info.target


_targets = {}  # class (model or shadow) -> _Target


def _builder_factory(info):
    """Generate (once per model class) the factory of fast builders for its targets."""
    if info.factory is not None:
        return info.factory
    fields = info.fields
    count = len(fields)
    required = [i for i, f in enumerate(fields) if not f.has_default()]
    defaulted = [i for i, f in enumerate(fields) if f.has_default()]
    consts = {}
    lines = []
    emit = lines.append

    def const(value):
        key = "_c%d" % len(consts)
        consts[key] = value
        return key

    def check(i, spec):
        kind, optional, inner = spec
        v = "v%d" % i
        if kind in _SCALAR_KINDS:
            test = "type(%s) is _%s" % (v, kind)
        elif kind == "list" and inner[0] == "model" and not inner[1]:
            test = "type(%s) is _list" % v
        elif kind == "list" and inner[0] in _SCALAR_KINDS and not inner[1]:
            test = "(type(%s) is _list and all(type(x) is _%s for x in %s))" % (v, inner[0], v)
        elif kind == "model":
            test = "type(%s) is _dict" % v
        elif kind == "any":
            return None
        else:
            test = "False"  # nested lists, optional elements, ...: the general path handles them
        if optional:
            test = "(%s is None or %s)" % (v, test)
        return test

    emit("def _factory(_T, _kids, _resolve, _slow):")
    emit("    def many(items, own):")
    emit("        out = []")
    emit("        app = out.append")
    emit("        for d in items:")
    emit("            if type(d) is _dict:")
    emit("                try:")
    for i in required:
        emit("                    v%d = d[%r]" % (i, fields[i].name))
    if not required:
        emit("                    pass")
    emit("                except KeyError:")
    emit("                    pass")
    emit("                else:")
    ind = " " * 20
    if defaulted:
        emit(ind + "ms = ()")
        for i in defaulted:
            name = fields[i].name
            emit(ind + "v%d = d.get(%r, _M)" % (i, name))
            emit(ind + "if v%d is _M:" % i)
            default = fields[i].default
            if type(default) is list and not default:
                emit(ind + "    v%d = []" % i)
            else:
                emit(ind + "    v%d = %s.make_default()" % (i, const(fields[i])))
            emit(ind + "    ms += (%r,)" % name)
    for i, field in enumerate(fields):
        if field.spec[0] == "float":
            emit(ind + "if type(v%d) is _int and -_FL < v%d < _FL:" % (i, i))
            emit(ind + "    v%d = _float(v%d)" % (i, i))
    tests = [t for t in (check(i, f.spec) for i, f in enumerate(fields)) if t is not None]
    size = "len(d) + len(ms) == %d" % count if defaulted else "len(d) == %d" % count
    emit(ind + "if %s:" % " and ".join([size] + tests))
    ind2 = ind + "    "
    changed = []
    for i, field in enumerate(fields):
        kind, optional, inner = field.spec
        if kind == "list" and inner[0] == "model" and not inner[1]:
            call = "(_kids[%d] or _resolve(%d))(v%d, own)" % (i, i, i)
            emit(ind2 + ("v%d = %s" % (i, call) if not optional else "if v%d is not None: v%d = %s" % (i, i, call)))
            changed.append(i)
        elif kind == "list":
            emit(ind2 + "if not own and v%d is not None: v%d = _list(v%d)" % (i, i, i))
            changed.append(i)
        elif kind == "model":
            call = "(_kids[%d] or _resolve(%d))((v%d,), own)[0]" % (i, i, i)
            emit(ind2 + ("v%d = %s" % (i, call) if not optional else "if v%d is not None: v%d = %s" % (i, i, call)))
            changed.append(i)
        elif kind == "float" or field.has_default():
            changed.append(i)
    emit(ind2 + "if own:")
    for i in changed:
        emit(ind2 + "    d[%r] = v%d" % (fields[i].name, i))
    if not changed:
        emit(ind2 + "    pass")
    emit(ind2 + "else:")
    emit(ind2 + "    d = {%s}" % ", ".join("%r: v%d" % (f.name, i) for i, f in enumerate(fields)))
    emit(ind2 + "o = _new(_T)")
    emit(ind2 + "_setdict(o, d)")
    if defaulted:
        emit(ind2 + "if ms:")
        emit(ind2 + "    _setfs(o, _ALL.difference(ms))")
    emit(ind2 + "app(o)")
    emit(ind2 + "continue")
    emit("            app(_slow(d, own))")
    emit("        return out")
    emit("    def one(d, own):")
    emit("        return many((d,), own)[0]")
    emit("    return one, many")
    source = "\n".join(lines) + "\n"
    namespace = {
        "_dict": dict, "_list": list, "_str": str, "_int": int, "_float": float, "_bool": bool,
        "_M": _MISSING, "_FL": _FLOAT_LIMIT, "_new": _new_object, "_setdict": _set_dict,
        "_setfs": _set_fields_set, "_ALL": frozenset(info.names), "KeyError": KeyError,
        "type": type, "len": len, "all": all,
    }  # fmt: skip
    namespace.update(consts)
    exec(compile_source(source, "<punie builder %s>" % info.name), namespace)  # noqa: S102 - generated
    info.factory = namespace["_factory"]
    return info.factory


# =================================================================================================
# 6. Rendering: repr/str, model_dump, model_dump_json
# =================================================================================================
#
# All of these read `__dict__` directly (never through attributes), so they record no field reads.


def _render_value(value):
    if isinstance(value, BaseModel):
        return _repr_model(value)
    if type(value) is list:
        return "[" + ", ".join([_render_value(v) for v in value]) + "]"
    return repr(value)


def _repr_args(obj):
    data = _get_dict(obj)
    return ["%s=%s" % (name, _render_value(data[name])) for name in _target_of_class(type(obj)).info.names if name in data]


def _repr_model(obj):
    return "%s(%s)" % (type(obj).__name__, ", ".join(_repr_args(obj)))


def _str_model(obj):
    return " ".join(_repr_args(obj))


def _fields_set_of(obj):
    try:
        return _get_fields_set(obj)
    except AttributeError:
        return frozenset(_target_of_class(type(obj)).info.names)


def _dump_model(obj, mode_json, include, exclude, exclude_none, exclude_unset, exclude_defaults):
    info = _target_of_class(type(obj)).info
    data = _get_dict(obj)
    fields_set = _fields_set_of(obj) if exclude_unset else None
    out = {}
    for field in info.fields:
        name = field.name
        if name not in data:
            continue
        if include is not None and name not in include:
            continue
        sub_exclude = None
        if exclude is not None and name in exclude:
            sub_exclude = exclude[name] if isinstance(exclude, dict) else True
            if sub_exclude is True or sub_exclude is ...:
                continue
        value = data[name]
        if exclude_none and value is None:
            continue
        if fields_set is not None and name not in fields_set:
            continue
        if exclude_defaults and field.has_default() and value == field.default:
            continue
        sub_include = include[name] if isinstance(include, dict) and include[name] is not True else None
        out[name] = _dump_value(value, mode_json, sub_include, sub_exclude, exclude_none, exclude_unset,
                                exclude_defaults)
    return out


def _dump_value(value, mode_json, include, exclude, exclude_none, exclude_unset, exclude_defaults):
    if isinstance(value, BaseModel):
        return _dump_model(value, mode_json, _as_filter(include), _as_filter(exclude), exclude_none, exclude_unset,
                           exclude_defaults)
    if type(value) is list or (mode_json and isinstance(value, (tuple, set, frozenset))):
        out = []
        for index, item in enumerate(value):
            item_include = _item_filter(include, index)
            if include is not None and item_include is None:
                continue
            item_exclude = _item_filter(exclude, index)
            if item_exclude is True:
                continue
            out.append(_dump_value(item, mode_json, item_include, item_exclude, exclude_none, exclude_unset,
                                   exclude_defaults))
        return out
    if type(value) is dict:
        return {k: _dump_value(v, mode_json, None, None, exclude_none, exclude_unset, exclude_defaults)
                for k, v in value.items()}
    return value


def _as_filter(spec):
    """Normalise an include/exclude spec (set, dict or None) to a set/dict of field names."""
    if spec is None or spec is True or spec is ...:
        return None
    if isinstance(spec, dict):
        return spec
    return set(spec)


def _item_filter(spec, index):
    """The include/exclude spec applying to list item `index` ('__all__' or an int key)."""
    if not isinstance(spec, dict):
        return None
    if index in spec:
        return spec[index]
    return spec.get("__all__")


_encode_string = _json.encode_basestring  # C implementation, non-ASCII kept, like serde_json


def _json_float(value):
    """A float as pydantic_core writes it: ryu-style layout, inf/nan as null.

    Python's repr already gives the shortest round-trip digits; pydantic_core differs only in the
    exponent text (1e-7 not 1e-07) and in writing 1e-05 <= |x| < 1e-04 without an exponent.
    """
    if value != value or value in (_INF, _NINF):
        return "null"
    text = float.__repr__(value)
    if "e" not in text:
        return text
    mantissa, _, exponent = text.partition("e")
    power = int(exponent)
    if power == -5:
        sign = "-" if mantissa[0] == "-" else ""
        return sign + "0.0000" + mantissa.lstrip("-").replace(".", "")
    return "%se%s%d" % (mantissa, "+" if power > 0 else "-", abs(power))


_INF = float("inf")
_NINF = float("-inf")


def _json_string(text):
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as error:
            raise PydanticSerializationError("Error serializing to JSON: UnicodeEncodeError: %s" % error) from None
    return _encode_string(text)


def _json_encode(value, indent, level):
    """JSON text of a dumped value, compact or pretty, as pydantic_core/serde_json write it."""
    kind = type(value)
    if kind is str:
        return _json_string(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        return _json_float(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        if indent is None:
            return "{" + ",".join([_json_key(k) + ":" + _json_encode(v, None, 0) for k, v in value.items()]) + "}"
        inner = "\n" + " " * (indent * (level + 1))
        items = [inner + _json_key(k) + ": " + _json_encode(v, indent, level + 1) for k, v in value.items()]
        return "{" + ",".join(items) + "\n" + " " * (indent * level) + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        if indent is None:
            return "[" + ",".join([_json_encode(v, None, 0) for v in value]) + "]"
        inner = "\n" + " " * (indent * (level + 1))
        items = [inner + _json_encode(v, indent, level + 1) for v in value]
        return "[" + ",".join(items) + "\n" + " " * (indent * level) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _json_float(value)
    if isinstance(value, str):
        return _json_string(str(value))
    raise PydanticSerializationError("Unable to serialize unknown type: %s" % type(value))


def _json_key(key):
    if isinstance(key, str):
        return _json_string(key)
    if isinstance(key, bool) or key is None:
        return _json_string(_json_encode(key, None, 0))
    if isinstance(key, (int, float)):
        return _json_string(_json_encode(key, None, 0))
    raise PydanticSerializationError("Unable to serialize unknown type: %s" % type(key))


# =================================================================================================
# 7. BaseModel and its metaclass
# =================================================================================================

_PUBLIC_METHODS = frozenset({
    "model_dump", "model_dump_json", "model_validate", "model_validate_json", "model_copy", "model_fields",
    "model_fields_set", "model_config", "model_computed_fields", "model_extra", "model_construct",
})  # fmt: skip


class _ModelMeta(type):
    """Turns `name: type [= default]` annotations into fields, like pydantic's ModelMetaclass.

    Defaults are removed from the class namespace (Pydantic raises AttributeError for
    `Model.field`), instances keep their values in `__dict__`, and the class gets no new slots.
    """

    def __new__(mcs, name, bases, namespace, **kwargs):
        if not any(isinstance(base, _ModelMeta) for base in bases):
            return super().__new__(mcs, name, bases, namespace, **kwargs)
        fields = {}
        for base in reversed(bases):
            if isinstance(base, _ModelMeta) and base in _infos:
                for field in _infos[base].fields:
                    fields[field.name] = _Field(field.name, field.raw, field.default)
        annotations = namespace.get("__annotations__", {})
        for field_name, raw in annotations.items():
            if field_name.startswith("_") or _is_classvar(raw):
                continue
            default = namespace.pop(field_name, PydanticUndefined)
            fields[field_name] = _Field(field_name, raw, default)  # an override keeps its parent's position
        namespace.setdefault("__slots__", ())
        cls = super().__new__(mcs, name, bases, namespace, **kwargs)
        _infos[cls] = _ModelInfo(cls, list(fields.values()), _defining_namespace())
        _registry[name] = cls
        return cls


def _is_classvar(raw):
    text = raw if isinstance(raw, str) else repr(raw)
    return text.startswith(("ClassVar", "typing.ClassVar"))


def _defining_namespace():
    """The globals of the code running the `class` statement, if frame access is allowed."""
    try:
        return sys._getframe(2).f_globals
    except Exception:  # noqa: BLE001 - an audit hook may refuse frame access; fall back to the registry
        return None


class _ModelFieldsDescriptor:
    """`Model.model_fields` and `instance.model_fields`: a fresh dict of FieldInfo per access."""

    def __get__(self, obj, cls=None):
        if cls is None:
            cls = type(obj)
        if cls is BaseModel:
            return {}
        info = _targets.get(cls)
        info = info.info if info is not None else _info_of(cls)
        return {field.name: field.info for field in info.fields}


class BaseModel(metaclass=_ModelMeta):
    """Pydantic-v2-shaped base class for the stub result models (no pydantic needed)."""

    __slots__ = ("__dict__", "__weakref__", "_pm_fields_set")

    model_config = {}
    model_fields = _ModelFieldsDescriptor()
    __hash__ = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)

    def __init__(self, /, **data):
        built = _validate_top(_target_of_class(type(self)), data, False)
        _set_dict(self, _get_dict(built))
        try:
            _set_fields_set(self, _get_fields_set(built))
        except AttributeError:
            pass

    # ---- construction --------------------------------------------------------------------------

    @classmethod
    def model_validate(cls, obj, *, strict=None, from_attributes=None, context=None, **kwargs):
        """Validate a dict (or return an instance of this class unchanged), as Pydantic does."""
        return _validate_top(_target_of_class(cls), obj, False)

    @classmethod
    def model_validate_json(cls, json_data, *, strict=None, context=None, **kwargs):
        return _validate_top(_target_of_class(cls), json_loads(json_data), True)

    @classmethod
    def model_construct(cls, _fields_set=None, **values):
        info = _info_of(cls)
        data = {}
        for field in info.fields:
            data[field.name] = values[field.name] if field.name in values else field.make_default()
        obj = _new_object(cls)
        _set_dict(obj, data)
        _set_fields_set(obj, frozenset(_fields_set if _fields_set is not None else values).intersection(info.names))
        return obj

    def model_copy(self, *, update=None, deep=False):
        data = dict(_get_dict(self))
        if deep:
            data = _deep_copy_value(data)
        if update:
            data.update(update)
        obj = _new_object(type(self))
        _set_dict(obj, data)
        try:
            _set_fields_set(obj, _get_fields_set(self).union(update or ()))
        except AttributeError:
            pass
        return obj

    # ---- rendering (whole-object uses) ----------------------------------------------------------

    def __repr__(self):
        if _trace is not None:
            _record_use(self, _render_kind or "repr")
        return _repr_model(self)

    def __str__(self):
        if _trace is not None:
            _record_use(self, _render_kind or "str")
        return _str_model(self)

    def __format__(self, format_spec):
        if format_spec:
            raise TypeError("unsupported format string passed to %s.__format__" % type(self).__name__)
        if _trace is not None:
            _record_use(self, _render_kind or "format")
        return _str_model(self)

    def __iter__(self):
        if _trace is not None:
            _record_use(self, "iter")
        data = _get_dict(self)
        return iter([(name, data[name]) for name in _target_of_class(type(self)).info.names if name in data])

    def model_dump(self, *, mode="python", include=None, exclude=None, context=None, by_alias=None,
                   exclude_unset=False, exclude_defaults=False, exclude_none=False, round_trip=False,
                   warnings=True, fallback=None, serialize_as_any=False, **kwargs):
        """Nested dicts and lists in field order; include/exclude accept sets or nested dicts."""
        if _trace is not None:
            _record_use(self, "model_dump")
        return _dump_model(self, mode == "json", _as_filter(include), _as_filter(exclude), exclude_none,
                           exclude_unset, exclude_defaults)

    def model_dump_json(self, *, indent=None, include=None, exclude=None, context=None, by_alias=None,
                        exclude_unset=False, exclude_defaults=False, exclude_none=False, round_trip=False,
                        warnings=True, fallback=None, serialize_as_any=False, **kwargs):
        """JSON text byte-identical to pydantic_core's (compact unless indent is given)."""
        if _trace is not None:
            _record_use(self, "model_dump_json")
        dumped = _dump_model(self, True, _as_filter(include), _as_filter(exclude), exclude_none, exclude_unset,
                             exclude_defaults)
        return _json_encode(dumped, indent, 0)

    # ---- attributes -----------------------------------------------------------------------------

    @property
    def model_fields_set(self):
        return set(_fields_set_of(self))

    @property
    def model_extra(self):
        return None

    @property
    def model_computed_fields(self):
        return {}

    def __getattr__(self, name):
        """Reached only when `name` is not a field or method: raise with a "did you mean" hint."""
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError("%r object has no attribute %r" % (type(self).__name__, name))
        target = _targets.get(type(self)) or _target_of_class(type(self))
        message, suggestion = _unknown_field_message(target.info, name)
        if _trace is not None and target.call is not None and name not in _PROBE_NAMES:
            _record_unknown(target, name, suggestion)
        raise AttributeError(message)

    def __setattr__(self, name, value):
        target = _targets.get(type(self)) or _target_of_class(type(self))
        if name in target.info.by_name:
            _get_dict(self)[name] = value
            try:
                _set_fields_set(self, _get_fields_set(self).union((name,)))
            except AttributeError:
                pass
            return
        if name in _PUBLIC_METHODS or hasattr(type(self), name):
            raise AttributeError("%r object attribute %r is read-only" % (type(self).__name__, name))
        raise ValueError('"%s" object has no field "%s"' % (type(self).__name__, name))

    def __delattr__(self, name):
        data = _get_dict(self)
        if name in data:
            del data[name]
            return
        raise AttributeError(name)

    # ---- comparison -----------------------------------------------------------------------------

    def __eq__(self, other):
        if not isinstance(other, BaseModel):
            return NotImplemented
        mine = _targets.get(type(self)) or _target_of_class(type(self))
        theirs = _targets.get(type(other)) or _target_of_class(type(other))
        return mine.info is theirs.info and _get_dict(self) == _get_dict(other)


_new_object = object.__new__
_set_dict = BaseModel.__dict__["__dict__"].__set__
_get_dict = BaseModel.__dict__["__dict__"].__get__
_set_fields_set = BaseModel.__dict__["_pm_fields_set"].__set__
_get_fields_set = BaseModel.__dict__["_pm_fields_set"].__get__
_PROBE_NAMES = frozenset({"keys"})  # looked up by dict()/dict.update() on any argument: not the program


def _target_of_class(cls):
    """The target of any model class; a retired shadow class (section 8) maps to its model's."""
    target = _targets.get(cls)
    if target is None:
        model = next(c for c in cls.__mro__ if c in _infos)
        target = _base_target(model)
    return target


def _deep_copy_value(value):
    if isinstance(value, BaseModel):
        return value.model_copy(deep=True)
    if type(value) is list:
        return [_deep_copy_value(v) for v in value]
    if type(value) is dict:
        return {k: _deep_copy_value(v) for k, v in value.items()}
    return value


def _unknown_field_message(info, name):
    """The AttributeError text for a missing attribute, and the suggested field (or None)."""
    matches = close_matches(name, info.names, n=1, cutoff=0.6)
    if not matches:
        lowered = {n.lower(): n for n in info.names}
        matches = [lowered[name.lower()]] if name.lower() in lowered else []
    base = "%r object has no attribute %r" % (info.name, name)
    if matches:
        return "%s (did you mean %r?)" % (base, matches[0]), matches[0]
    return "%s (fields: %s)" % (base, ", ".join(info.names)), None


# =================================================================================================
# 8. Tracing
# =================================================================================================
#
# State: `_trace` is None when no trace is active (models then record nothing at all), otherwise a
# _Trace. `_render_kind` is set by traced_print while it renders its arguments, so the model's
# __str__/__repr__ record the use as "print".

_USE_KINDS = ("print", "repr", "str", "format", "model_dump", "model_dump_json", "iter")

_trace = None
_render_kind = None
_shadows = {}  # (model class, call index, path) -> shadow _Target, reused by later traces
_shadow_classes = []  # every live shadow class, for retirement
_disarmed = []  # probes removed from their class by a first read, re-armed by begin/end_trace
_traces_since_refresh = 0

# Each disarm/re-arm changes the shadow class, and CPython 3.13 stops specialising attribute reads
# on a class after 1,000 such changes (MAX_VERSIONS_PER_CLASS). Shadow classes are therefore retired
# and re-created every _SHADOW_LIFETIME traces (at most 2 x fields changes per class per trace).
_SHADOW_LIFETIME = 32


class _CallRecord:
    __slots__ = ("index", "tool", "result_type", "reads", "uses", "unknown")

    def __init__(self, index, tool, result_type):
        self.index = index
        self.tool = tool
        self.result_type = result_type
        self.reads = {}
        self.uses = dict.fromkeys(_USE_KINDS, 0)
        self.unknown = {}

    def as_json(self):
        return {
            "index": self.index,
            "tool": self.tool,
            "result_type": self.result_type,
            "reads": dict(self.reads),
            "whole_object_uses": dict(self.uses),
            "unknown_fields": [
                {"type": type_name, "name": name, "suggestion": suggestion, "count": count}
                for (type_name, name), (suggestion, count) in self.unknown.items()
            ],
        }


class _Trace:
    __slots__ = ("calls", "exact")

    def __init__(self, exact):
        self.calls = {}
        self.exact = exact


class _Probe:
    """A field of a shadow class: records the read, then (first mode) removes itself."""

    __slots__ = ("_name", "_owner", "_call", "_key")

    def __init__(self, name, owner, call, key):
        self._name = name
        self._owner = owner
        self._call = call
        self._key = key

    def __get__(self, obj, objtype=None):
        if obj is None:
            raise AttributeError(self._name)
        trace = _trace
        if trace is not None:
            record = trace.calls.get(self._call)
            if record is not None:
                reads = record.reads
                reads[self._key] = reads.get(self._key, 0) + 1
            if not trace.exact:
                _disarm(self)
        try:
            return _get_dict(obj)[self._name]
        except KeyError:
            raise AttributeError("%r object has no attribute %r" % (type(obj).__name__, self._name)) from None

    def __set__(self, obj, value):
        _get_dict(obj)[self._name] = value

    def __delete__(self, obj):
        del _get_dict(obj)[self._name]


def _disarm(probe):
    owner = probe._owner
    if type.__getattribute__(owner, "__dict__").get(probe._name) is probe:
        type.__delattr__(owner, probe._name)
        _disarmed.append(probe)


def _rearm_all():
    while _disarmed:
        probe = _disarmed.pop()
        type.__setattr__(probe._owner, probe._name, probe)


def _shadow_target(cls, call, path):
    """The shadow class (and its target) for objects of `cls` at `path` in tool call `call`."""
    key = (cls, call, path)
    target = _shadows.get(key)
    if target is None:
        info = _info_of(cls)
        namespace = {"__slots__": (), "__module__": cls.__module__, "__qualname__": cls.__qualname__,
                     "__doc__": cls.__doc__}
        shadow = type.__new__(_ModelMeta, cls.__name__, (cls,), namespace)
        probes = []
        for field in info.fields:
            probe = _Probe(field.name, shadow, call, field.name if not path else path + "." + field.name)
            type.__setattr__(shadow, field.name, probe)
            probes.append(probe)
        target = _Target(shadow, info, call, path)
        target.probes = tuple(probes)
        _targets[shadow] = target
        _shadow_classes.append(shadow)
        if not path:
            _shadows[key] = target
    return target


def _retire_shadows():
    """Forget every shadow class; objects still alive keep working through their model class."""
    for shadow in _shadow_classes:
        _targets.pop(shadow, None)
    _shadow_classes.clear()
    _shadows.clear()


def _record_use(obj, kind):
    target = _targets.get(type(obj))
    if target is None or target.call is None:
        return
    record = _trace.calls.get(target.call)
    if record is not None:
        record.uses[kind] = record.uses.get(kind, 0) + 1


def _record_unknown(target, name, suggestion):
    record = _trace.calls.get(target.call)
    if record is not None:
        key = (target.info.name, name)
        previous = record.unknown.get(key)
        record.unknown[key] = (suggestion, previous[1] + 1 if previous else 1)


def begin_trace(exact_counts=False):
    """Start recording field reads for one execution.

    exact_counts=False (default): each (call, path) is recorded on its first read and counts are 1;
    later reads of that path cost nothing. exact_counts=True: every read is counted (slower).
    """
    global _trace, _render_kind, _traces_since_refresh
    _rearm_all()
    _traces_since_refresh += 1
    if _traces_since_refresh >= _SHADOW_LIFETIME:
        _traces_since_refresh = 0
        _retire_shadows()
    _render_kind = None
    _trace = _Trace(bool(exact_counts))


def end_trace():
    """Stop recording and return the JSON-serialisable trace of the execution."""
    global _trace, _render_kind
    trace = _trace
    _trace = None
    _render_kind = None
    _rearm_all()
    if trace is None:
        return {"calls": [], "accessed_fields": False, "read_counts": "first"}
    calls = [trace.calls[index].as_json() for index in sorted(trace.calls)]
    return {
        "calls": calls,
        "accessed_fields": any(call["reads"] for call in calls),
        "read_counts": "exact" if trace.exact else "first",
    }


def trace_active():
    return _trace is not None


def from_tool_result(cls, data, call_index, tool_name):
    """Build a typed tool's result from JSON-decoded `data` and mark it as coming from that call.

    Without an active trace this is `cls.model_validate(data)` (with `data` reused, not copied).
    Raises ValidationError when the data does not fit the model.
    """
    if _trace is None:
        return _validate_top(_base_target(cls), data, True)
    record = _trace.calls.get(call_index)
    if record is None:
        _trace.calls[call_index] = _CallRecord(call_index, tool_name, cls.__name__)
    return _validate_top(_shadow_target(cls, call_index, ""), data, True)


def warm_trace_classes(classes, calls=2):
    """Create the shadow classes of `classes` for call indices 0..calls-1 ahead of time.

    Optional: call it in a zygote process before forking so executions skip class creation.
    Nested paths are created one level deep (list fields of the result).
    """
    for cls in classes:
        for call in range(calls):
            target = _shadow_target(cls, call, "")
            for index, field in enumerate(target.info.fields):
                spec = field.spec
                while spec[0] == "list":
                    spec = spec[2]
                if spec[0] == "model":
                    target._resolve_kid(index)


def traced_print(*args, **kwargs):
    """`print` for the sandbox: models printed whole are recorded as "print" uses, not "str".

    Renders its arguments itself (with the same text print would produce), then calls print.
    """
    global _render_kind
    if _trace is None:
        return print(*args, **kwargs)
    if not kwargs:
        # The common case, strings only (f-strings): one write of what print would write in pieces.
        for arg in args:
            if type(arg) is not str:
                break
        else:
            stream = sys.stdout
            if stream is not None:
                stream.write(" ".join(args) + "\n")
            return None
    rendered = []
    previous = _render_kind
    _render_kind = "print"
    try:
        for arg in args:
            rendered.append(arg if type(arg) is str else str(arg))
    finally:
        _render_kind = previous
    return print(*rendered, **kwargs)


# =================================================================================================
# 9. Estimates: static (AST data flow) and heuristic (the research's regexes)
# =================================================================================================


def _model_classes(typed_tools):
    """{tool name: result class} for the typed tools whose result class is registered."""
    out = {}
    for tool, result_type in typed_tools.items():
        cls = result_type if isinstance(result_type, _ModelMeta) else _registry.get(result_type)
        if cls is not None:
            _info_of(cls)
            out[tool] = cls
    return out


class _Shape:
    """What the static estimate knows about a value: a model (or list of models) at a path."""

    __slots__ = ("cls", "path", "is_list")

    def __init__(self, cls, path, is_list):
        self.cls = cls
        self.path = path
        self.is_list = is_list


_ITERABLE_PASSTHROUGH = {"sorted", "list", "reversed", "tuple", "iter"}
_KEY_FUNCTIONS = {"sorted", "min", "max", "filter", "map"}


class _NodeVisitor:
    """`ast.NodeVisitor` without the ast module: `visit` calls `visit_<node class name>` when the
    subclass has it, and otherwise visits the node's children (the AST nodes among its fields)."""

    def visit(self, node):
        method = getattr(self, "visit_" + node.__class__.__name__, None)
        if method is None:
            return self.generic_visit(node)
        return method(node)

    def generic_visit(self, node):
        for field in node._fields:
            value = getattr(node, field, None)
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, _ast.AST):
                        self.visit(item)
            elif isinstance(value, _ast.AST):
                self.visit(value)


class _StaticAnalysis(_NodeVisitor):
    """A flow-insensitive walk binding names to shapes; every field read site counts once."""

    def __init__(self, tools):
        self.tools = tools
        self.env = {}
        self.reads = {}
        self.unknown = []
        self.calls = []

    # ---- shapes of expressions --------------------------------------------------------------

    def shape(self, node):
        if isinstance(node, _ast.Name):
            return self.env.get(node.id)
        if isinstance(node, _ast.Call):
            return self.call_shape(node)
        if isinstance(node, _ast.Attribute):
            return self.attribute_shape(node)
        if isinstance(node, _ast.Subscript):
            self.visit(node.slice)
            base = self.shape(node.value)
            if base is not None and base.is_list:
                if isinstance(node.slice, _ast.Slice):
                    return base
                return _Shape(base.cls, base.path, False)
            return None
        if isinstance(node, _ast.NamedExpr):
            value = self.shape(node.value)
            self.bind(node.target, value)
            return value
        if isinstance(node, _ast.IfExp):
            self.visit(node.test)
            body, orelse = self.shape(node.body), self.shape(node.orelse)
            return body or orelse
        if isinstance(node, _ast.BoolOp):
            shapes = [self.shape(value) for value in node.values]
            return next((s for s in shapes if s is not None), None)
        self.visit(node)
        return None

    def call_shape(self, node):
        func = node.func
        name = func.id if isinstance(func, _ast.Name) else None
        if name is not None and name in self.tools:
            for arg in node.args:
                self.visit(arg)
            for keyword in node.keywords:
                self.visit(keyword.value)
            cls = self.tools[name]
            self.calls.append({"tool": name, "result_type": cls.__name__, "line": node.lineno})
            return _Shape(cls, "", False)
        if name in ("getattr", "hasattr") and len(node.args) >= 2 and isinstance(node.args[1], _ast.Constant) \
                and isinstance(node.args[1].value, str):
            base = self.shape(node.args[0])
            for arg in node.args[2:]:
                self.visit(arg)
            if base is not None and not base.is_list:
                result = self.field_read(base, node.args[1].value, node)
                return result if name == "getattr" else None
            return None
        if name == "enumerate" and node.args:
            inner = self.shape(node.args[0])
            return _Shape(inner.cls, inner.path, "enumerate") if inner is not None and inner.is_list else None
        shapes = [self.shape(arg) for arg in node.args]
        if isinstance(func, _ast.Attribute):
            self.shape(func.value)
        else:
            self.visit(func)
        if name in _KEY_FUNCTIONS:
            iterable = next((s for s in shapes if s is not None and s.is_list), None)
            for keyword in node.keywords:
                self.visit_with_element(keyword.value, iterable)
            for arg in node.args:
                if isinstance(arg, _ast.Lambda):
                    self.visit_with_element(arg, iterable)
            if iterable is not None and name in ("sorted", "filter"):
                return iterable
            if iterable is not None and name in ("min", "max"):
                return _Shape(iterable.cls, iterable.path, False)
            return None
        for keyword in node.keywords:
            self.visit(keyword.value)
        if name in _ITERABLE_PASSTHROUGH and shapes and shapes[0] is not None and shapes[0].is_list:
            return shapes[0]
        return None

    def visit_with_element(self, node, iterable):
        """A lambda key function over a list of models: bind its parameter to the element."""
        if isinstance(node, _ast.Lambda) and iterable is not None and node.args.args:
            saved = dict(self.env)
            self.env[node.args.args[0].arg] = _Shape(iterable.cls, iterable.path, False)
            self.shape(node.body)
            self.env = saved
        elif isinstance(node, _ast.Lambda):
            self.visit(node.body)
        else:
            self.visit(node)

    def attribute_shape(self, node):
        base = self.shape(node.value)
        if base is None or base.is_list or not isinstance(node.ctx, _ast.Load):
            return None
        return self.field_read(base, node.attr, node)

    def field_read(self, base, name, node):
        info = _info_of(base.cls)
        field = info.by_name.get(name)
        if field is None:
            if name not in _PUBLIC_METHODS and not name.startswith("__"):
                _, suggestion = _unknown_field_message(info, name)
                self.unknown.append({"type": info.name, "name": name, "suggestion": suggestion,
                                     "line": getattr(node, "lineno", 0)})
            return None
        key = name if not base.path else base.path + "." + name
        self.reads[key] = self.reads.get(key, 0) + 1
        spec = field.spec
        depth = _list_depth(spec)
        while spec[0] == "list":
            spec = spec[2]
        if spec[0] != "model":
            return None
        if depth == 0:
            return _Shape(spec[2], key, False)
        if depth == 1:
            return _Shape(spec[2], key + "[]", True)
        return None

    # ---- binding ------------------------------------------------------------------------------

    def bind(self, target, shape):
        if isinstance(target, _ast.Name):
            if shape is None:
                self.env.pop(target.id, None)
            else:
                self.env[target.id] = shape
        elif isinstance(target, (_ast.Tuple, _ast.List)):
            if shape is not None and shape.is_list == "enumerate" and len(target.elts) == 2:
                self.bind(target.elts[0], None)
                self.bind(target.elts[1], _Shape(shape.cls, shape.path, False))
            else:
                for element in target.elts:
                    self.bind(element, None)
        elif isinstance(target, _ast.Starred):
            self.bind(target.value, None)
        else:
            self.visit(target)

    def element_of(self, shape):
        if shape is None:
            return None
        if shape.is_list == "enumerate":
            return shape
        if shape.is_list:
            return _Shape(shape.cls, shape.path, False)
        return None

    # ---- statements and scopes ----------------------------------------------------------------

    def visit_Assign(self, node):
        value = self.shape(node.value)
        for target in node.targets:
            if isinstance(target, (_ast.Tuple, _ast.List)) and isinstance(node.value, (_ast.Tuple, _ast.List)) \
                    and len(target.elts) == len(node.value.elts):
                for element, value_node in zip(target.elts, node.value.elts):
                    self.bind(element, self.env.get(value_node.id) if isinstance(value_node, _ast.Name) else None)
            else:
                self.bind(target, value)

    def visit_AnnAssign(self, node):
        if node.value is not None:
            self.bind(node.target, self.shape(node.value))

    def visit_AugAssign(self, node):
        self.shape(node.value)
        if isinstance(node.target, _ast.Name):
            self.env.pop(node.target.id, None)
        else:
            self.visit(node.target)

    def visit_For(self, node):
        self.bind(node.target, self.element_of(self.shape(node.iter)))
        for statement in node.body + node.orelse:
            self.visit(statement)

    visit_AsyncFor = visit_For

    def visit_With(self, node):
        for item in node.items:
            shape = self.shape(item.context_expr)
            if item.optional_vars is not None:
                self.bind(item.optional_vars, shape)
        for statement in node.body:
            self.visit(statement)

    def visit_comprehension_scope(self, node, elements):
        saved = dict(self.env)
        for generator in node.generators:
            self.bind(generator.target, self.element_of(self.shape(generator.iter)))
            for condition in generator.ifs:
                self.shape(condition)
        for element in elements:
            self.shape(element)
        self.env = saved

    def visit_ListComp(self, node):
        self.visit_comprehension_scope(node, [node.elt])

    visit_SetComp = visit_ListComp
    visit_GeneratorExp = visit_ListComp

    def visit_DictComp(self, node):
        self.visit_comprehension_scope(node, [node.key, node.value])

    def visit_FunctionDef(self, node):
        saved = dict(self.env)
        for arg in node.args.args + node.args.kwonlyargs + node.args.posonlyargs:
            self.env.pop(arg.arg, None)
        for statement in node.body:
            self.visit(statement)
        self.env = saved

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node):
        saved = dict(self.env)
        for arg in node.args.args:
            self.env.pop(arg.arg, None)
        self.shape(node.body)
        self.env = saved

    def visit_Attribute(self, node):
        self.attribute_shape(node)

    def visit_Call(self, node):
        self.call_shape(node)

    def visit_Subscript(self, node):
        self.shape(node)

    def visit_NamedExpr(self, node):
        self.shape(node)


def static_estimate(code, typed_tools):
    """Field reads predicted from the program text by AST data flow (no execution).

    typed_tools: {tool name: result model class or class name}. Returns
    {"typed_call", "typed_calls": [{"tool", "result_type", "line"}], "reads": {path: read sites},
     "unknown_fields": [...], "accessed_fields", "syntax_error"}.
    """
    tools = _model_classes(typed_tools)
    try:
        tree = parse_source(code, "<unknown>", "exec")
    except (SyntaxError, ValueError) as error:
        return {"typed_call": False, "typed_calls": [], "reads": {}, "unknown_fields": [],
                "accessed_fields": False, "syntax_error": str(error)}
    analysis = _StaticAnalysis(tools)
    for statement in tree.body:
        analysis.visit(statement)
    return {
        "typed_call": bool(analysis.calls),
        "typed_calls": analysis.calls,
        "reads": analysis.reads,
        "unknown_fields": analysis.unknown,
        "accessed_fields": bool(analysis.reads),
        "syntax_error": None,
    }


def _all_field_names(classes):
    names = []
    seen = set()
    pending = list(classes)
    visited = set()
    while pending:
        cls = pending.pop(0)
        if cls in visited:
            continue
        visited.add(cls)
        for field in _info_of(cls).fields:
            if field.name not in seen:
                seen.add(field.name)
                names.append(field.name)
            spec = field.spec
            while spec[0] == "list":
                spec = spec[2]
            if spec[0] == "model":
                pending.append(spec[2])
    return names


def heuristic_estimate(code, typed_tools):
    """The research's regex estimate over the raw program text.

    typed_call: a typed tool name followed by "(" anywhere in the text.
    matched: every distinct `word.field` where field is a declared field of any model reachable
    from the typed tools' results (regex `\\b\\w+\\.(field|...)\\b`), in order of appearance,
    including matches inside strings and comments. accessed_fields = bool(matched).
    """
    re = sys.modules.get("re")
    if re is None:  # loaded by the harness's prepare_estimates or preload; never imported here
        raise ImportError("heuristic_estimate needs the re module, which is not loaded")
    call_pattern, field_pattern = _heuristic_patterns(typed_tools, re)
    typed_call = call_pattern is not None and call_pattern.search(code) is not None
    matched = []
    if field_pattern is not None:
        for match in field_pattern.finditer(code):
            if match.group(0) not in matched:
                matched.append(match.group(0))
    return {"typed_call": typed_call, "accessed_fields": bool(matched), "matched": matched}


_heuristic_pattern_cache = {}


def _heuristic_patterns(typed_tools, re):
    """The heuristic's two compiled patterns for these typed tools (a typed call; `word.field`), or
    None for a pattern with nothing to match. Built once per set of tools: escaping and joining every
    field name was nearly all of an estimate's time."""
    key = tuple(typed_tools.items())
    patterns = _heuristic_pattern_cache.get(key)
    if patterns is None:
        tool_names = sorted(typed_tools, key=len, reverse=True)
        fields = sorted(_all_field_names(_model_classes(typed_tools).values()), key=len, reverse=True)
        patterns = (
            re.compile(r"\b(?:%s)\s*\(" % "|".join(map(re.escape, tool_names))) if tool_names else None,
            re.compile(r"\b\w+\.(?:%s)\b" % "|".join(map(re.escape, fields))) if fields else None,
        )
        _heuristic_pattern_cache[key] = patterns
    return patterns


# =================================================================================================
# 10. Stand-ins for standard modules the harness does not import
# =================================================================================================
#
# Importing ast, difflib, json and re (with enum, collections, functools, ... behind them) was most
# of the harness's start-up. What the harness needs of them is small, and the compiler and the C
# modules do it alike. Tests/python/test_stdlib_standins.py compares each stand-in with the original.

_ONLY_AST = 0x400  # _ast.PyCF_ONLY_AST, without loading _ast


def parse_source(source, filename, mode):
    """`ast.parse(source, filename, mode)`: the compiler's own AST (no future flags inherited)."""
    return compile(source, filename, mode, _ONLY_AST, True)


def close_matches(word, possibilities, n=3, cutoff=0.6):
    """`difflib.get_close_matches(word, possibilities, n, cutoff)`: the possibilities whose
    Ratcliff/Obershelp similarity to `word` is at least `cutoff`, best first (ties: the greater
    possibility first), at most `n`.

    The similarity is SequenceMatcher(None, possibility, word).ratio(), with its heuristic for words
    of 200 elements or more (an element making up more than 1% of the word starts no match), and the
    same two cheaper upper bounds tried first (lengths only, then the elements in common).
    """
    if not n > 0:
        raise ValueError("n must be > 0: %r" % (n,))
    if not 0.0 <= cutoff <= 1.0:
        raise ValueError("cutoff must be in [0.0, 1.0]: %r" % (cutoff,))
    word_length = len(word)
    positions = {}  # element -> its indices in word, ascending
    counts = {}  # element -> how often word holds it
    for index, element in enumerate(word):
        if element in positions:
            positions[element].append(index)
        else:
            positions[element] = [index]
        counts[element] = counts.get(element, 0) + 1
    if word_length >= 200:
        most = word_length // 100 + 1
        for element in [element for element, indices in positions.items() if len(indices) > most]:
            del positions[element]
    scored = []
    for candidate in possibilities:
        total = len(candidate) + word_length
        if _similarity(min(len(candidate), word_length), total) < cutoff:
            continue
        left = {}
        shared = 0
        for element in candidate:
            available = left[element] if element in left else counts.get(element, 0)
            left[element] = available - 1
            if available > 0:
                shared += 1
        if _similarity(shared, total) < cutoff:
            continue
        score = _similarity(_matched_elements(candidate, word, positions), total)
        if score >= cutoff:
            scored.append((score, candidate))
    scored.sort(reverse=True)
    return [candidate for _, candidate in scored[:n]]


def _similarity(matched, total):
    return 2.0 * matched / total if total else 1.0


def _matched_elements(a, b, positions):
    """How many elements of `a` and `b` the Ratcliff/Obershelp matching pairs up: the longest common
    block, then the same on each side of it, recursively."""
    matched = 0
    pending = [(0, len(a), 0, len(b))]
    while pending:
        a_low, a_high, b_low, b_high = pending.pop()
        i, j, size = _longest_block(a, b, positions, a_low, a_high, b_low, b_high)
        if size:
            matched += size
            if a_low < i and b_low < j:
                pending.append((a_low, i, b_low, j))
            if i + size < a_high and j + size < b_high:
                pending.append((i + size, a_high, j + size, b_high))
    return matched


def _longest_block(a, b, positions, a_low, a_high, b_low, b_high):
    """The longest block a[i:i+size] == b[j:j+size] within the bounds, earliest in `a`, then in `b`,
    found through `positions` (which may leave out b's popular elements), then grown over equal
    neighbours on both sides (popular ones included)."""
    best_i, best_j, best_size = a_low, b_low, 0
    run_ending_at = {}  # j -> length of the common run ending at a[i - 1], b[j]
    for i in range(a_low, a_high):
        runs = {}
        for j in positions.get(a[i], ()):
            if j < b_low:
                continue
            if j >= b_high:
                break
            size = runs[j] = run_ending_at.get(j - 1, 0) + 1
            if size > best_size:
                best_i, best_j, best_size = i - size + 1, j - size + 1, size
        run_ending_at = runs
    while best_i > a_low and best_j > b_low and a[best_i - 1] == b[best_j - 1]:
        best_i, best_j, best_size = best_i - 1, best_j - 1, best_size + 1
    while best_i + best_size < a_high and best_j + best_size < b_high \
            and a[best_i + best_size] == b[best_j + best_size]:
        best_size += 1
    return best_i, best_j, best_size


class JSONDecodeError(ValueError):
    """What `json_loads` raises for text that is not JSON while the json package is not loaded (once it
    is, json_loads raises json.decoder.JSONDecodeError itself): the same message and attributes."""

    def __init__(self, msg, doc, pos):
        lineno = doc.count("\n", 0, pos) + 1
        colno = pos - doc.rfind("\n", 0, pos)
        super().__init__("%s: line %d column %d (char %d)" % (msg, lineno, colno, pos))
        self.msg = msg
        self.doc = doc
        self.pos = pos
        self.lineno = lineno
        self.colno = colno

    def __reduce__(self):
        return type(self), (self.msg, self.doc, self.pos)


class _DecoderSettings:
    """The settings `_json.make_scanner` reads, those of json's default decoder."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = {"NaN": float("nan"), "Infinity": float("inf"), "-Infinity": float("-inf")}.__getitem__


_scan_once = _json.make_scanner(_DecoderSettings)
_JSON_SPACE = " \t\n\r"

# _json reports a syntax error by raising json.decoder.JSONDecodeError, which it looks up in
# sys.modules (CPython 3.11) or imports (3.12 and later). With the json package not loaded it reports
# nothing (a SystemError) or fails to import it (the audit hook refuses). json_loads then scans the
# text again with this module standing in for json and json.decoder in sys.modules, for as long as
# that scan lasts (no code of the program runs meanwhile).
_JSON_STAND_IN = type(sys)("json.decoder")
_JSON_STAND_IN.JSONDecodeError = JSONDecodeError


def _decode_error(msg, doc, pos):
    decoder = sys.modules.get("json.decoder")
    error_class = getattr(decoder, "JSONDecodeError", JSONDecodeError) if decoder is not None else JSONDecodeError
    return error_class(msg, doc, pos)


def json_loads(s):
    """`json.loads(s)` with its default settings: str, bytes or bytearray (UTF-8, -16 or -32, found the
    way json finds it); NaN and Infinity accepted; whitespace around the value; anything else after
    it is an error. A str subclass is read as the plain string it holds (none of its methods run)."""
    if isinstance(s, str):
        text = str.__str__(s)
        if text.startswith("\ufeff"):
            raise _decode_error("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
    elif isinstance(s, (bytes, bytearray)):
        text = s.decode(_json_encoding(s), "surrogatepass")
    else:
        raise TypeError(f"the JSON object must be str, bytes or bytearray, not {s.__class__.__name__}")
    length = len(text)
    start = 0
    while start < length and text[start] in _JSON_SPACE:
        start += 1
    value, end = _scan_json(text, start)
    while end < length and text[end] in _JSON_SPACE:
        end += 1
    if end != length:
        raise _decode_error("Extra data", text, end)
    return value


def _scan_json(text, start):
    try:
        return _scan_value(text, start)
    except (SystemError, ImportError):
        if "json.decoder" in sys.modules:
            raise
    modules = sys.modules
    added = [name for name in ("json", "json.decoder") if name not in modules]
    for name in added:
        modules[name] = _JSON_STAND_IN
    try:
        return _scan_value(text, start)
    finally:
        for name in added:
            if modules.get(name) is _JSON_STAND_IN:
                del modules[name]


def _scan_value(text, start):
    """One JSON value at `start`: (value, end); no value there is json's "Expecting value" error."""
    try:
        return _scan_once(text, start)
    except StopIteration as stop:
        raise _decode_error("Expecting value", text, stop.value) from None


def _json_encoding(data):
    """The encoding json.loads decodes bytes with: a byte order mark, else the zero bytes' pattern."""
    if data.startswith((b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00")):
        return "utf-32"
    if data.startswith((b"\xfe\xff", b"\xff\xfe")):
        return "utf-16"
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if len(data) >= 4:
        if not data[0]:
            return "utf-16-be" if data[1] else "utf-32-be"
        if not data[1]:
            return "utf-16-le" if data[2] or data[3] else "utf-32-le"
    elif len(data) == 2:
        if not data[0]:
            return "utf-16-be"
        if not data[1]:
            return "utf-16-le"
    return "utf-8"


def _not_serializable(value):
    raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


def json_dumps(value):
    """`json.dumps(value)` with its default settings: ASCII only, ", " and ": " separators, NaN and
    Infinity written as such, keys in insertion order, circular references refused."""
    if isinstance(value, str):
        return _json.encode_basestring_ascii(value)
    encoder = _json.make_encoder({}, _not_serializable, _json.encode_basestring_ascii, None, ": ", ", ", False,
                                 False, True)
    return "".join(encoder(value, 0))
