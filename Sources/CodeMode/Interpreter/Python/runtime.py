"""The Code Mode execution harness, loaded once per interpreter as module `_punie_runtime`.

It binds the tools declared in stubs/tools.py to the host (through the C module `_punie`), checks
every call against the stub signature, turns results into the model classes of stubs/models.py,
and runs one program at a time in a fresh namespace with captured output. Everything it reports to
the host is one JSON document, the same whether the program ran in-process or in a worker.
"""

import json
import sys

import _punie
import _punie_model

# The module names a program may import. Everything else is refused with a message listing these.
ALLOWED_IMPORTS = (
    "bisect", "collections", "copy", "dataclasses", "datetime", "decimal", "difflib", "enum",
    "fnmatch", "fractions", "functools", "heapq", "itertools", "json", "math", "operator",
    "random", "re", "statistics", "string", "textwrap", "typing",
)

PROGRAM_FILENAME = "<code>"


class ToolError(Exception):
    """A tool could not do what was asked (bad path, missing backend, not allowed, ...)."""


# MARK: - Tool bindings


def _type_checker(annotation):
    """Return (predicate, description) for a stub annotation such as `list[str] | None`."""
    annotation = annotation.strip()
    if annotation.endswith("| None"):
        inner, description = _type_checker(annotation[: -len("| None")])
        return (lambda value: value is None or inner(value)), annotation
    if annotation.startswith("list[") and annotation.endswith("]"):
        element, _ = _type_checker(annotation[5:-1])
        return (
            lambda value: type(value) in (list, tuple) and all(element(item) for item in value)
        ), annotation
    if annotation == "str":
        return (lambda value: type(value) is str), "str"
    if annotation == "int":
        return (lambda value: type(value) is int), "int"
    if annotation == "float":
        return (lambda value: type(value) in (int, float)), "float"
    if annotation == "bool":
        return (lambda value: type(value) is bool), "bool"
    raise ValueError(f"unsupported stub annotation {annotation!r}")


def _bind_tool(call_name, canonical, parameters, return_class, trace_state):
    """Build the Python function a program calls for one tool.

    Arguments are checked against the stub signature before anything reaches the host; a mismatch
    raises TypeError naming the parameter, like a Python function would.
    """
    names = [parameter["name"] for parameter in parameters]
    known = frozenset(names)
    required = {parameter["name"] for parameter in parameters if parameter["required"]}
    defaults = {p["name"]: p["default"] for p in parameters if not p["required"]}
    checkers = [(p["name"], *_type_checker(p["type"])) for p in parameters]
    arity = len(names)
    call_tool = _punie.call_tool
    dumps = json.dumps
    loads = json.loads
    from_tool_result = _punie_model.from_tool_result

    def tool(*args, **kwargs):
        if len(args) > arity:
            raise TypeError(
                f"{call_name}() takes {arity} positional argument{'s' if arity != 1 else ''} "
                f"but {len(args)} were given"
            )
        values = dict(zip(names, args))
        for key, value in kwargs.items():
            if key not in known:
                raise TypeError(f"{call_name}() got an unexpected keyword argument '{key}'")
            if key in values:
                raise TypeError(f"{call_name}() got multiple values for argument '{key}'")
            values[key] = value
        for name in names:
            if name not in values:
                if name in required:
                    raise TypeError(f"{call_name}() missing required argument '{name}'")
                values[name] = defaults[name]
        for name, check, description in checkers:
            value = values[name]
            if not check(value):
                raise TypeError(
                    f"{call_name}() argument '{name}' must be {description}, not {type(value).__name__}"
                )
        kind, payload = call_tool(canonical, dumps(values))
        if kind == 1:
            raise ToolError(payload)
        if kind == 2:
            raise TypeError(payload)
        data = loads(payload)
        if return_class is None:
            return data
        index = trace_state["typed_calls"]
        trace_state["typed_calls"] = index + 1
        return from_tool_result(return_class, data, index, canonical)

    tool.__name__ = call_name
    tool.__qualname__ = call_name
    return tool


# MARK: - Installation

_bindings = {}
_trace_state = {"typed_calls": 0}
_safe_builtins = {}


def install(models_source, catalog_json):
    """Define the models from stubs/models.py and bind every tool of the catalog (JSON from Swift)."""
    models_namespace = {"BaseModel": _punie_model.BaseModel, "__name__": "punie_models"}
    exec(compile(models_source, "stubs/models.py", "exec", dont_inherit=True), models_namespace)
    models = {
        name: value
        for name, value in models_namespace.items()
        if isinstance(value, type) and issubclass(value, _punie_model.BaseModel)
        and value is not _punie_model.BaseModel
    }
    if hasattr(_punie_model, "finalize_models"):
        _punie_model.finalize_models(models)
    catalog = json.loads(catalog_json)
    for tool in catalog["tools"]:
        return_class = None if tool["returns"] == "str" else models[tool["returns"]]
        _bindings[tool["name"]] = _bind_tool(
            tool["name"], tool["name"], tool["parameters"], return_class, _trace_state
        )
    for alias, canonical in catalog["aliases"].items():
        source = next(t for t in catalog["tools"] if t["name"] == canonical)
        return_class = None if source["returns"] == "str" else models[source["returns"]]
        _bindings[alias] = _bind_tool(alias, canonical, source["parameters"], return_class, _trace_state)
    _bindings.update(models)
    _bindings["ToolError"] = ToolError
    _safe_builtins.update(_make_builtins())


def _restricted_import(name, globals=None, locals=None, fromlist=(), level=0):
    """`__import__` for programs: only the allowlisted standard modules."""
    if level != 0 or name.split(".")[0] not in ALLOWED_IMPORTS:
        raise ImportError(
            f"import of '{name}' is not allowed in Code Mode (allowed: {', '.join(ALLOWED_IMPORTS)})",
            name=name,
        )
    return __import__(name, globals, locals, fromlist, 0)


def _make_builtins():
    """The builtins a program sees: the harmless ones, without open/exec/eval/compile/input."""
    import builtins

    refused = {
        "open", "exec", "eval", "compile", "input", "breakpoint", "help", "exit", "quit",
        "globals", "locals", "vars", "memoryview", "__build_class__", "__loader__", "__spec__",
        "__import__", "copyright", "credits", "license", "__debug__", "__doc__", "__name__",
        "__package__",
    }
    table = {name: value for name, value in vars(builtins).items() if name not in refused}
    table["__import__"] = _restricted_import
    table["__build_class__"] = builtins.__build_class__
    table["__name__"] = "builtins"
    return table


# MARK: - Execution


def execute(code):
    """Run one program in a fresh namespace and return the JSON report for the host."""
    try:
        compiled = compile(code, PROGRAM_FILENAME, "exec", dont_inherit=True)
    except SyntaxError as error:
        return json.dumps({
            "status": "syntax_error",
            "stdout": "",
            "stderr": "",
            "error": _syntax_error(error, code),
        })
    namespace = {"__builtins__": _safe_builtins, "__name__": "__main__", **_bindings}
    stdout = _Capture()
    stderr = _Capture()
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = stdout, stderr
    _trace_state["typed_calls"] = 0
    _punie_model.begin_trace()
    error = None
    try:
        exec(compiled, namespace)
    except BaseException as exception:  # noqa: BLE001 - the program's failure is data
        error = _runtime_error(exception, code, namespace)
    finally:
        sys.stdout, sys.stderr = saved
        trace = _punie_model.end_trace()
        namespace.clear()
    return json.dumps({
        "status": "ok" if error is None else "error",
        "stdout": stdout.text(),
        "stderr": stderr.text(),
        "error": error,
        "trace": trace,
    })


class _Capture:
    """A write-only text stream that keeps what the program prints."""

    __slots__ = ("_parts",)

    def __init__(self):
        self._parts = []

    def write(self, text):
        if type(text) is not str:
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self._parts.append(text)
        return len(text)

    def flush(self):
        pass

    def text(self):
        return "".join(self._parts)


def _syntax_error(error, code):
    line = error.lineno or 0
    column = error.offset or 0
    lines = code.splitlines()
    frame = [f'  File "{PROGRAM_FILENAME}", line {line}']
    if 1 <= line <= len(lines):
        source = lines[line - 1]
        stripped = source.lstrip()
        frame.append(f"    {stripped}")
        if column > 0:
            caret = max(column - 1 - (len(source) - len(stripped)), 0)
            frame.append("    " + " " * caret + "^")
    message = error.msg or "invalid syntax"
    return {
        "type": type(error).__name__,
        "message": message,
        "line": line,
        "column": column,
        "traceback": frame + [f"{type(error).__name__}: {message}"],
        "hint": None,
    }


def _runtime_error(exception, code, namespace):
    lines = code.splitlines()
    frames = []
    traceback = exception.__traceback__
    while traceback is not None:
        frame_code = traceback.tb_frame.f_code
        if frame_code.co_filename == PROGRAM_FILENAME:
            frames.append((traceback.tb_lineno, frame_code.co_name))
        traceback = traceback.tb_next
    exception.__traceback__ = None
    type_name = type(exception).__name__
    message = str(exception)
    hint = _hint(exception, namespace)
    text = []
    if frames:
        text.append("Traceback (most recent call last):")
        for line, function in frames:
            text.append(f'  File "{PROGRAM_FILENAME}", line {line}, in {function}')
            if 1 <= line <= len(lines):
                text.append("    " + lines[line - 1].strip())
    final = f"{type_name}: {message}" if message else type_name
    if hint and hint not in message:
        final += f" ({hint})"
    text.append(final)
    return {
        "type": type_name,
        "message": message,
        "line": frames[-1][0] if frames else None,
        "column": None,
        "traceback": text,
        "hint": hint,
    }


def _hint(exception, namespace):
    """A short suggestion for the most common mistakes (a misspelt tool or variable name)."""
    if type(exception) is NameError and getattr(exception, "name", None):
        import difflib

        candidates = [name for name in list(namespace) + list(_safe_builtins) if not name.startswith("_")]
        close = difflib.get_close_matches(exception.name, candidates, n=1)
        if close:
            return f"did you mean '{close[0]}'?"
    if type(exception) is AttributeError:
        message = str(exception)
        start = message.find("(did you mean")
        if start >= 0:
            return message[start + 1 : -1] if message.endswith(")") else None
    return None
