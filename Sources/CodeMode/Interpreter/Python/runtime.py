"""The Code Mode execution harness, loaded once per interpreter as module `_punie_runtime`.

It binds the tools declared in stubs/tools.py to the host (through the C module `_punie`), checks
every call against the stub signature, turns results into the model classes of stubs/models.py,
and runs one program at a time in a fresh namespace with captured output. Everything it reports to
the host is one JSON document, the same whether the program ran in-process or in a worker.

Imports: only modules built into the interpreter (`_signal`) and the model module, so that loading
the harness costs no module loads beyond a bare interpreter's. What the harness needs later (`opcode`
for the guard's screen, `re` for the estimates, `unicodedata` for the parser, `_ast` for the AST
guard and the estimates) is imported by `prepare`, `prepare_estimates` or `preload` (trusted, before
the program runs): once the audit hook is armed nothing can be imported, so the harness never
imports while a program runs.
"""

import _signal
import sys

import _punie
import _punie_model

# `_ast`, loaded by `_punie_model.load_ast` (see `prepare`): until then a stand-in.
_ast = _punie_model._ast
if type(_ast) is _punie_model.LazyModule:
    _ast.bind(globals())

# The module names a program may import. Everything else is refused with a message listing these.
ALLOWED_IMPORTS = (
    "bisect", "collections", "copy", "dataclasses", "datetime", "decimal", "difflib", "enum",
    "fnmatch", "fractions", "functools", "heapq", "itertools", "json", "math", "operator",
    "random", "re", "statistics", "string", "textwrap", "typing",
)

PROGRAM_FILENAME = "<code>"

# Attribute names a program may not use even without dunders: frames, code objects, globals.
FORBIDDEN_ATTRIBUTES = frozenset({
    "gi_frame", "gi_code", "gi_yieldfrom", "gi_running", "cr_frame", "cr_code", "cr_await", "cr_origin",
    "ag_frame", "ag_code", "ag_await", "f_globals", "f_locals", "f_builtins", "f_back", "f_code",
    "f_trace", "tb_frame", "tb_next", "func_globals", "func_code", "mro", "format_map",
    # Modules that allowed modules hold as attributes (dataclasses.sys, fnmatch.os, random._os,
    # enum.bltns, json.codecs, re._compiler._sre, ...): each leads out of the import allowlist.
    "os", "_os", "sys", "_sys", "builtins", "bltns", "inspect", "codecs", "posixpath", "_thread",
    "_sre", "_compiler", "_parser",
    # Allowed functions that take attribute names or source text as strings, past the AST guard:
    # operator.attrgetter("__class__"), Formatter().get_field("0.__class__"), dataclasses._create_fn,
    # and typing's evaluation of string annotations and forward references.
    "attrgetter", "methodcaller", "get_field", "_create_fn", "get_type_hints", "ForwardRef", "_evaluate",
    "_eval_type",
})


def _dotted_forbidden(text):
    """True when `text` holds a forbidden attribute written after a dot (a string annotation typing may
    evaluate): a ".", any whitespace, then a forbidden name as a whole word, as the regular expression
    `\\.\\s*(?:name|...)\\b` finds it (Unicode whitespace and word characters, as `re` has them)."""
    length = len(text)
    dot = text.find(".")
    while dot >= 0:
        start = dot + 1
        while start < length and text[start].isspace():
            start += 1
        end = start
        while end < length and (text[end].isalnum() or text[end] == "_"):
            end += 1
        if end > start and text[start:end] in FORBIDDEN_ATTRIBUTES:
            return True
        dot = text.find(".", dot + 1)
    return False

# Dunder names a program may use as plain names.
ALLOWED_DUNDER_NAMES = frozenset({"__name__"})

# The most characters of an exception message kept in a report.
ERROR_MESSAGE_LIMIT = 4096


class _Blocked(Exception):
    """A guard refused the program before it ran."""


class _OutputLimit(BaseException):
    """The program printed more than the output limit."""


class _TimeLimit(BaseException):
    """The wall-time limit passed (raised from the timer signal)."""


class _CPULimit(BaseException):
    """The CPU-time limit passed (raised from SIGXCPU)."""


# The harness's own JSON reader (json.loads without the json package): a program that replaces
# `json.loads` cannot change how the harness reads its options or tool results.
_loads = _punie_model.json_loads

_parse = _punie_model.parse_source  # ast.parse without the ast module


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
    dumps = _punie_model.json_dumps
    loads = _punie_model.json_loads
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
_trace_state = {"typed_calls": 0, "capture": None, "running": False}
_typed_tools = {}
_safe_builtins = {}


def install(models_source, catalog_json):
    """Define the models from stubs/models.py and bind every tool of the catalog (JSON from Swift).

    models_source: the source text of stubs/models.py, or the code object compiled from it (with
    `dont_inherit=True`), as the host caches it.
    """
    import builtins

    stub_builtins = dict(vars(builtins))
    stub_builtins["__import__"] = _stub_import
    models_namespace = {
        "BaseModel": _punie_model.BaseModel, "__name__": "punie_models", "__builtins__": stub_builtins}
    if type(models_source) is _CodeType:
        models_code = models_source
    else:
        models_code = _punie_model.compile_source(models_source, "stubs/models.py")
    exec(models_code, models_namespace)
    models = {
        name: value
        for name, value in models_namespace.items()
        if isinstance(value, type) and issubclass(value, _punie_model.BaseModel)
        and value is not _punie_model.BaseModel
    }
    if hasattr(_punie_model, "finalize_models"):
        _punie_model.finalize_models(models)
    catalog = _loads(catalog_json)
    for tool in catalog["tools"]:
        return_class = None if tool["returns"] == "str" else models[tool["returns"]]
        if return_class is not None:
            _typed_tools[tool["name"]] = return_class
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


def _stub_import(name, globals=None, locals=None, fromlist=(), level=0):
    """`__import__` for stubs/models.py. Its `from __future__ import annotations` took effect when it
    was compiled; run, the statement would load the `__future__` module only to bind the name
    `annotations` in the models' namespace (where nothing reads it), bound to None instead."""
    if name == "__future__" and not level and name not in sys.modules:
        features = type(sys)(name)
        for feature in fromlist or ():
            setattr(features, feature, None)
        return features
    return __import__(name, globals, locals, fromlist, level)


# Submodules of allowed packages that importing the package does not load.
_ALLOWED_SUBMODULES = ("collections.abc",)

# Modules that allowed modules import only inside a function, so a program cannot have them loaded:
# Counter.most_common imports heapq, copyreg's reducer of `X | Y` functools and operator, and re
# unicodedata for a pattern's \N{...} escape. Imported with any allowed module.
_ALLOWED_LAZY_DEPENDENCIES = ("functools", "heapq", "operator", "unicodedata")

# Private modules CPython's own C code imports, through the program's `__import__`, the first time an
# allowed function needs them: `datetime.strptime` imports `_strptime`. A program cannot import them
# (the AST guard refuses the statement); `_restricted_import` hands the C code the module when
# `prepare` or `preload` loaded it, and never loads it itself.
_CPYTHON_LAZY_IMPORTS = ("_strptime",)


def prepare(code):
    """Import, while the audit hook is disarmed, what the next program may import.

    Called (trusted code) before a program runs by the host, a one-shot worker's execution process
    before its lock-down, or a warm-up: the harness's own lazy imports the program needs and the
    allowed modules it names in its import statements. Once the hook is armed no new module can be
    loaded, so anything else fails to import.
    """
    if not code.isascii() or "\\" in code:
        # The parser normalises non-ASCII identifiers with unicodedata (`café = 1`, `x.__ｃlass__`),
        # also in the string annotations the guard parses, which escapes can make non-ASCII; and the
        # compiler looks up `\N{...}` escapes in it.
        _import_quietly(("unicodedata",))
    if "strptime" in code:
        _import_quietly(_CPYTHON_LAZY_IMPORTS)
    if "import" in code:
        _import_named_modules(code)
    # The code the guard's screen passes is kept for `_run`, which then does not compile it again.
    # What the screen sends the long way is parsed and checked on `_ast` trees, and the annotations
    # of a class the program defines may be parsed too: `_ast` is loaded for those, while it can be.
    compiled = _compile_screened(code, _GUARDED)
    _prepared[:] = (code, compiled)
    if compiled is None or _defines_class(compiled):
        _punie_model.load_ast()


def _defines_class(code):
    """True when `code` holds a class body (the only code objects compiled without CO_OPTIMIZED
    besides the module's own)."""
    pending = [constant for constant in code.co_consts if type(constant) is _CodeType]
    while pending:
        current = pending.pop()
        if not current.co_flags & 0x1:
            return True
        pending.extend(constant for constant in current.co_consts if type(constant) is _CodeType)
    return False


# The program `prepare` compiled last, and its code (None when the screen did not pass it).
_prepared = [None, None]
_GUARDED = {"guard": True}


def _import_named_modules(code):
    """Import the allowed modules the import statements of `code` name (and what the guard's screen
    reads import instructions with)."""
    _load_import_opcodes()
    _punie_model.load_ast()
    try:
        tree = _parse(code, "<unknown>", "exec")
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return
    for node in _walk(tree):
        if isinstance(node, _ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, _ast.ImportFrom) and node.module and not node.level:
            names = [node.module]
        else:
            continue
        names = [name for name in names if name.split(".")[0] in ALLOWED_IMPORTS]
        if names:
            _import_quietly(names)
            _import_quietly(_ALLOWED_LAZY_DEPENDENCIES)


def prepare_estimates(_unused):
    """Import what the field-access estimates need (`re`), before a program whose report will have
    them runs (trusted code, called by the host only when estimates are requested)."""
    _import_quietly(("re",))
    _punie_model.load_ast()


def preload(among):
    """In a worker's zygote, once: import the modules a program may import and everything the harness
    may need later, so that execution processes forked before their program is known need no import;
    and install the soft-limit handlers they all use.

    among: "*" for every allowed module. Otherwise the comma-separated words of all the programs the
    worker will run (a replay knows them in advance), of which only the allowed module names are
    imported: an import statement spells its module's name in ASCII unless the line holds other
    characters, which the parser may normalise (the host then sends "*"; see PreloadSelection). A
    zygote without the modules no program needs starts sooner and forks faster."""
    if among == "*":
        modules = ALLOWED_IMPORTS
    else:
        words = set(among.split(","))
        modules = tuple(name for name in ALLOWED_IMPORTS if name in words)
    submodules = tuple(name for name in _ALLOWED_SUBMODULES if name.split(".")[0] in modules)
    lazy = _CPYTHON_LAZY_IMPORTS if "datetime" in modules else ()  # datetime.strptime's _strptime
    _import_quietly(("unicodedata", "re") + modules + submodules + _ALLOWED_LAZY_DEPENDENCIES + lazy)
    _load_import_opcodes()
    _punie_model.load_ast()
    _install_limit_handlers()


def _import_quietly(names):
    """Import each of `names` not loaded yet; one that fails is reported when a program imports it."""
    for name in names:
        if name not in sys.modules:
            try:
                __import__(name)
            except ImportError:
                pass


def _load_import_opcodes():
    """Import `opcode` and keep the numbers of the instructions the guard's screen reads imports from."""
    global _IMPORT_OPCODES
    if _IMPORT_OPCODES is None:
        _import_quietly(("opcode",))
        opcode = sys.modules.get("opcode")
        if opcode is not None:
            _IMPORT_OPCODES = (opcode.opmap["IMPORT_NAME"], opcode.opmap["LOAD_CONST"], opcode.opmap["EXTENDED_ARG"])


def _walk(node):
    """`ast.walk(node)`: the node and its descendants, breadth first, children in field order."""
    pending = [node]
    index = 0
    while index < len(pending):
        node = pending[index]
        index += 1
        for field in node._fields:
            value = getattr(node, field, None)
            if isinstance(value, _ast.AST):
                pending.append(value)
            elif isinstance(value, list):
                pending.extend([item for item in value if isinstance(item, _ast.AST)])
        yield node


def freeze_for_fork(code):
    """In a worker's zygote, before it forks: move every object to the permanent generation (cheap:
    the generation lists are spliced) so the child's garbage collector never walks, and copies on
    write, the zygote's objects."""
    import gc

    gc.freeze()


def _restricted_import(name, globals=None, locals=None, fromlist=(), level=0):
    """`__import__` for programs: only the allowlisted standard modules, and for CPython's own lazy
    imports (`_CPYTHON_LAZY_IMPORTS`) the module already loaded."""
    if level == 0 and name in _CPYTHON_LAZY_IMPORTS:
        module = sys.modules.get(name)
        if module is not None:
            return module
    if level != 0 or name.split(".")[0] not in ALLOWED_IMPORTS:
        raise ImportError(
            f"import of '{name}' is not allowed in Code Mode (allowed: {', '.join(ALLOWED_IMPORTS)})",
            name=name,
        )
    return __import__(name, globals, locals, fromlist, 0)


def _check_attribute_name(name):
    if type(name) is not str:
        return
    if (name.startswith("__") and name.endswith("__")) or name in FORBIDDEN_ATTRIBUTES:
        raise PermissionError(f"access to attribute '{name}' is not allowed in Code Mode")


def _guarded_getattr(obj, name, *default):
    _check_attribute_name(name)
    return getattr(obj, name, *default)


def _guarded_hasattr(obj, name):
    _check_attribute_name(name)
    return hasattr(obj, name)


def _guarded_setattr(obj, name, value):
    _check_attribute_name(name)
    return setattr(obj, name, value)


def _guarded_delattr(obj, name):
    _check_attribute_name(name)
    return delattr(obj, name)


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
    table["getattr"] = _guarded_getattr
    table["hasattr"] = _guarded_hasattr
    table["setattr"] = _guarded_setattr
    table["delattr"] = _guarded_delattr
    table["print"] = _punie_model.traced_print
    return table


def _check_tree(tree):
    """The AST guard: refuse dunder attributes and names, and introspection attributes."""
    for node in _walk(tree):
        if isinstance(node, _ast.Attribute):
            name = node.attr
            if (name.startswith("__") and name.endswith("__")) or name in FORBIDDEN_ATTRIBUTES:
                raise _Blocked(f"access to attribute '{name}' is not allowed in Code Mode", node.lineno)
        elif isinstance(node, _ast.Name):
            if node.id.startswith("__") and node.id not in ALLOWED_DUNDER_NAMES:
                raise _Blocked(f"the name '{node.id}' is not allowed in Code Mode", node.lineno)
        elif isinstance(node, (_ast.Import, _ast.ImportFrom)):
            names = [node.module or ""] if isinstance(node, _ast.ImportFrom) else [a.name for a in node.names]
            if isinstance(node, _ast.ImportFrom) and node.level:
                raise _Blocked("relative imports are not allowed in Code Mode", node.lineno)
            if isinstance(node, _ast.ImportFrom):
                # `from json import __builtins__` reads the attribute without an _ast.Attribute.
                for alias in node.names:
                    if alias.name.startswith("__") or alias.name in FORBIDDEN_ATTRIBUTES:
                        raise _Blocked(f"importing '{alias.name}' is not allowed in Code Mode", node.lineno)
            for name in names:
                if name.split(".")[0] not in ALLOWED_IMPORTS:
                    raise _Blocked(
                        f"import of '{name}' is not allowed in Code Mode (allowed: {', '.join(ALLOWED_IMPORTS)})",
                        node.lineno,
                    )
        elif isinstance(node, _ast.MatchClass):
            # `case object(__class__=c)` reads attributes named in kwd_attrs.
            for name in node.kwd_attrs:
                if name.startswith("__") or name in FORBIDDEN_ATTRIBUTES:
                    raise _Blocked(f"access to attribute '{name}' is not allowed in Code Mode", node.lineno)
        elif isinstance(node, (_ast.arg, _ast.AnnAssign, _ast.FunctionDef, _ast.AsyncFunctionDef)):
            # String annotations are source that typing may evaluate later: check them as code.
            functions = (_ast.FunctionDef, _ast.AsyncFunctionDef)
            annotation = node.returns if isinstance(node, functions) else node.annotation
            for inner in _walk(annotation) if annotation is not None else ():
                if isinstance(inner, _ast.Constant) and type(inner.value) is str:
                    try:
                        _check_tree(_parse(inner.value, PROGRAM_FILENAME, "eval"))
                    except SyntaxError:
                        pass
                    except _Blocked:
                        raise _Blocked("annotations that reach dunder attributes are not allowed", node.lineno)
        elif isinstance(node, _ast.Constant) and type(node.value) is str and "{" in node.value:
            # str.format field names may walk attributes: "{0.__class__}" — refuse such templates.
            if "__" in node.value and "." in node.value:
                for start in range(len(node.value)):
                    if node.value[start] == "{":
                        end = node.value.find("}", start)
                        field = node.value[start:end] if end > 0 else node.value[start:]
                        if "__" in field and ("." in field or "[" in field):
                            raise _Blocked("format fields that reach dunder attributes are not allowed", node.lineno)


# MARK: - Execution


_DEFAULT_OPTIONS = {
    "output_limit": 1 << 20,
    "recursion_limit": 200,
    "timeout": None,
    "cpu_limit": None,
    "estimates": False,
    "mirror_stdout": False,
    "guard": True,
}


def execute(code, options_json=None):
    """Run one program in a fresh namespace and return the JSON report for the host.

    options_json (from the host): output_limit (characters of stdout plus stderr), recursion_limit,
    timeout and cpu_limit (seconds, soft: raised inside the program; the host kills at the hard
    limit), estimates (add the static and heuristic field-access estimates), mirror_stdout (copy stdout
    into the worker's shared memory, so a program the host kills keeps its output), guard (the AST guard; off only for trusted tests).
    """
    options = dict(_DEFAULT_OPTIONS)
    if options_json:
        options.update(_loads(options_json))
    report = _run(code, options)
    field_access = {"exact": report.pop("trace")}
    if options["estimates"]:
        field_access.update(estimates(code))
    report["field_access"] = field_access
    # A plain dict: the host reads it through the C API, never through `json`, which the program
    # could have monkeypatched.
    return report


def estimates(code):
    """The static and heuristic field-access estimates of `code`, from its text alone: it is parsed,
    never run. Besides `execute`, a worker that only estimates calls this (replay asks it beside each
    execution, so that forked execution processes do not pay for the analysis)."""
    return {
        "static": _estimate(_punie_model.static_estimate, code),
        "heuristic": _estimate(_punie_model.heuristic_estimate, code),
    }


def _estimate(estimator, code):
    """One field-access estimate; a program too deep or too large to analyse gets an empty one."""
    try:
        return estimator(code, _typed_tools)
    except (MemoryError, RecursionError, ValueError, SyntaxError, ImportError) as error:
        # ImportError: `re` was not loaded (prepare_estimates was not called); nothing is imported now.
        return {"typed_call": False, "typed_calls": [], "reads": {}, "unknown_fields": [], "matched": [],
                "accessed_fields": False, "syntax_error": f"{type(error).__name__}: the program could not be analysed"}


def _compile_screened(code, options):
    """The program's code object when it compiles and the guard's screen finds nothing to look at
    more closely (or the guard is off); None sends it the long way: parse, AST guard, compile."""
    opcodes = _IMPORT_OPCODES
    if options["guard"] and ("__" in code or (opcodes is None and "import" in code)):
        return None  # (without `opcode`, loaded by prepare, the screen cannot read import instructions)
    try:
        compiled = _punie_model.compile_source(code, PROGRAM_FILENAME)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None  # reported by the long way, with the same messages as always
    if options["guard"] and not _screen_clean(compiled, code.isascii(), opcodes):
        return None
    return compiled


_CodeType = type((lambda: None).__code__)  # not from compile(), which would create _ast's node types

# (IMPORT_NAME, LOAD_CONST, EXTENDED_ARG), set by `_load_import_opcodes` (prepare, preload).
_IMPORT_OPCODES = None


def _screen_clean(code, ascii_source, opcodes):
    """The guard's fast screen over compiled code: True only when the AST guard would let the program
    through. Every name, attribute and imported name of a program is in its code objects' name
    tables, and every string it holds (format templates, match attribute names, string annotations)
    in their constants; anything that might matter sends the program through `_check_tree`.

    The source holds no "__" (checked first), so in an ASCII source every dunder name of the code
    objects is the compiler's own (`__module__`, `__qualname__` in class bodies); a non-ASCII source
    may spell one with other characters that normalise to underscores. `opcodes` is None only for a
    source without the word "import": it holds no import statement, so its code no import instruction.
    Pinned against the AST guard by Tests/python/test_guard_screen.py."""
    pending = [code]
    while pending:
        current = pending.pop()
        names = current.co_names + current.co_varnames + current.co_cellvars + current.co_freevars
        if not FORBIDDEN_ATTRIBUTES.isdisjoint(names):
            return False
        if not ascii_source and "\0__" in "\0" + "\0".join(names):
            return False
        constants = list(current.co_consts)
        while constants:
            constant = constants.pop()
            kind = type(constant)
            if kind is str:
                if "__" in constant or constant in FORBIDDEN_ATTRIBUTES:
                    return False
                if "." in constant and not _dotted_string_clean(constant):
                    return False
            elif kind is _CodeType:
                pending.append(constant)
            elif kind is tuple or kind is frozenset:
                constants.extend(constant)
        if opcodes is not None and not _imports_allowed(current, opcodes):
            return False
    return True


def _dotted_string_clean(text):
    """A string with a dot might be a string annotation reaching a forbidden attribute: check it the
    way `_check_tree` checks annotations when a plain search cannot tell.

    In ASCII text (which holds no "__": the screen checked) the guard can only find an attribute
    whose name is in FORBIDDEN_ATTRIBUTES, and an attribute's name is a whole run of identifier
    characters of the text (a dot, spaces, a line continuation or a comment come before it), so text
    without such a run is clean without parsing it: regular expressions, which are full of dots and
    backslashes, no longer cost a parse each."""
    if _dotted_forbidden(text):
        return False
    if text.isascii():
        if "\\" not in text and "#" not in text:
            return True
        if FORBIDDEN_ATTRIBUTES.isdisjoint(text.translate(_IDENTIFIER_RUNS).split()):
            return True
    try:
        _check_tree(_parse(text, PROGRAM_FILENAME, "eval"))
    except SyntaxError:
        return True
    except Exception:  # noqa: BLE001 - blocked, or too deep to tell: the long way decides
        return False
    return True


# Maps every ASCII character that cannot be part of an identifier to a space: `split()` then yields
# the runs of identifier characters of an ASCII text.
_IDENTIFIER_RUNS = {code: " " for code in range(128) if not (chr(code).isalnum() or chr(code) == "_")}


def _imports_allowed(code, opcodes):
    """True when every import in `code` (not nested code) is absolute and of an allowed module, read
    from the bytecode pattern LOAD_CONST level, LOAD_CONST fromlist, IMPORT_NAME name; any other
    pattern is left to the AST guard."""
    import_name, load_const, extended_arg = opcodes
    raw = code.co_code
    operations, arguments = raw[0::2], raw[1::2]
    index = operations.find(import_name)
    while index != -1:
        if index < 2 or operations[index - 1] != load_const or operations[index - 2] != load_const:
            return False
        if index >= 3 and operations[index - 3] == extended_arg:
            return False
        level = code.co_consts[arguments[index - 2]]
        name = code.co_names[arguments[index]]
        if level != 0 or type(name) is not str or name.split(".")[0] not in ALLOWED_IMPORTS:
            return False
        index = operations.find(import_name, index + 1)
    return True


def _run(code, options):
    prepared_code, compiled = _prepared
    _prepared[:] = (None, None)
    if compiled is None or not options["guard"] or prepared_code != code:
        compiled = _compile_screened(code, options)
    if compiled is not None:
        return _execute(compiled, code, options)
    try:
        tree = _parse(code, PROGRAM_FILENAME, "exec")
    except SyntaxError as error:
        return _report("syntax_error", "", "", _syntax_error(error, code), None)
    except (ValueError, MemoryError, RecursionError) as error:
        return _report("syntax_error", "", "", _plain_error(type(error).__name__, str(error)), None)
    if options["guard"]:
        try:
            _check_tree(tree)
        except _Blocked as blocked:
            message, line = blocked.args
            return _report("blocked", "", "", _plain_error("Blocked", message, line), None)
    try:
        compiled = compile(tree, PROGRAM_FILENAME, "exec", dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
        return _report("syntax_error", "", "", _plain_error(type(error).__name__, str(error)), None)
    return _execute(compiled, code, options)


def _execute(compiled, code, options):
    namespace = {"__builtins__": _safe_builtins, "__name__": "__main__", **_bindings}
    capture = _Capture(options["output_limit"], options["mirror_stdout"])
    saved = sys.stdout, sys.stderr, sys.getrecursionlimit()
    sys.stdout, sys.stderr = capture.stdout, capture.stderr
    _trace_state["typed_calls"] = 0
    _trace_state["capture"] = capture
    _punie_model.begin_trace()
    status, error = "ok", None
    timers = _Timers(options["timeout"], options["cpu_limit"])
    try:
        sys.setrecursionlimit(options["recursion_limit"] + 50)
        _trace_state["running"] = True
        timers.start()
        exec(compiled, namespace)
        _trace_state["running"] = False
    except _OutputLimit:
        status, error = "output_limit", _plain_error(
            "OutputLimit", f"the program printed more than the {options['output_limit']}-character limit")
    except _TimeLimit:
        status, error = "timeout", _plain_error(
            "Timeout", f"the program ran longer than the {options['timeout']:g}-second limit and was stopped")
    except _CPULimit:
        status, error = "cpu_limit", _plain_error(
            "CPULimit", f"the program used more than {options['cpu_limit']:g} seconds of CPU time and was stopped")
    except MemoryError:
        status, error = "memory_limit", _plain_error("MemoryLimit", "the program ran out of its memory limit")
    except RecursionError as exception:
        status, error = "recursion_limit", _runtime_error(exception, code, namespace)
        error["message"] = f"maximum recursion depth exceeded (limit {options['recursion_limit']})"
    except BaseException as exception:  # noqa: BLE001 - the program's failure is data
        status, error = "error", _runtime_error(exception, code, namespace)
    finally:
        _trace_state["running"] = False
        timers.stop()
        sys.stdout, sys.stderr = saved[0], saved[1]
        sys.setrecursionlimit(saved[2])
        trace = _punie_model.end_trace()
        _trace_state["capture"] = None
        namespace.clear()
    return _report(status, capture.stdout.text(), capture.stderr.text(), error, trace, capture.truncated)


def _report(status, stdout, stderr, error, trace, truncated=False):
    return {"status": status, "stdout": stdout, "stderr": stderr, "truncated": truncated, "error": error,
            "trace": trace}


def _plain_error(type_name, message, line=None):
    return {"type": type_name, "message": message, "line": line, "column": None,
            "traceback": [f"{type_name}: {message}"], "hint": None}


class _Timers:
    """Soft time limits inside the program: SIGALRM (wall) and SIGXCPU (CPU) raise exceptions.

    Only used in worker processes (the host starts them with signal handling of their own); the
    hard limits are the host's kill and RLIMIT_CPU.
    """

    def __init__(self, timeout, cpu_limit):
        self.timeout = timeout
        self.cpu_limit = cpu_limit

    def start(self):
        if self.timeout is None and self.cpu_limit is None:
            return
        _install_limit_handlers()
        if self.timeout is not None:
            _signal.setitimer(_signal.ITIMER_REAL, self.timeout)

    def stop(self):
        if self.timeout is not None:
            _signal.setitimer(_signal.ITIMER_REAL, 0)


def _install_limit_handlers():
    """SIGALRM and SIGXCPU raise the soft limits inside the program. Installed once (in a worker's
    zygote, before it forks) they stay: only the timer is set per run. Through the C module itself,
    since `signal` converts numbers to enums on every call."""
    if _signal.getsignal(_signal.SIGALRM) is not _raise_time_limit:
        _signal.signal(_signal.SIGALRM, _raise_time_limit)
    if _signal.getsignal(_signal.SIGXCPU) is not _raise_cpu_limit:
        _signal.signal(_signal.SIGXCPU, _raise_cpu_limit)


def _in_program(frame):
    return frame is not None and frame.f_code.co_filename == PROGRAM_FILENAME


def _raise_time_limit(signum, frame):
    # Raise only inside the program's own code: raised inside the harness (a tool binding, a model
    # method, or just after the program ended) it would break the harness. While the program is still
    # running, look again shortly.
    if _in_program(frame):
        raise _TimeLimit()
    if _trace_state["running"]:
        _signal.setitimer(_signal.ITIMER_REAL, 0.005)


def _raise_cpu_limit(signum, frame):
    # The kernel repeats SIGXCPU every second until the hard limit kills the process.
    if _in_program(frame):
        raise _CPULimit()


class _Capture:
    """stdout and stderr of one program, with the output limit shared between them.

    In a worker (mirror=True) stdout is also copied into shared memory the zygote reads if the host
    has to kill the program, so a program stopped in C code keeps what it printed.
    """

    __slots__ = ("stdout", "stderr", "limit", "used", "truncated")

    def __init__(self, limit, mirror):
        self.limit = limit
        self.used = 0
        self.truncated = False
        self.stdout = _Stream(self)
        self.stderr = _Stream(self)
        if mirror:
            self.stdout.mirror = _punie.mirror_stdout

    def take(self, text):
        """Account for `text`; return the part that fits, raising _OutputLimit when it overflows."""
        room = self.limit - self.used
        if len(text) <= room:
            self.used += len(text)
            return text
        self.used = self.limit
        self.truncated = True
        raise _OutputLimit(text[:max(room, 0)])


class _Stream:
    """A write-only text stream that keeps what the program prints."""

    __slots__ = ("parts", "owner", "mirror")

    def __init__(self, owner):
        self.parts = []
        self.owner = owner
        self.mirror = None

    def write(self, text):
        if type(text) is not str:
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        owner = self.owner
        size = len(text)
        if owner.used + size <= owner.limit:
            owner.used += size
            self.parts.append(text)
            if self.mirror is not None:
                self.mirror(text)
            return size
        try:
            kept = owner.take(text)
        except _OutputLimit as overflow:
            self.parts.append(overflow.args[0])
            if self.mirror is not None:
                self.mirror(overflow.args[0])
            raise
        self.parts.append(kept)
        if self.mirror is not None:
            self.mirror(kept)
        return len(text)

    def flush(self):
        pass

    def text(self):
        return "".join(self.parts)


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


def _clip(text):
    """Error text goes to the model like output does: a huge message would bypass the output limit."""
    if len(text) <= ERROR_MESSAGE_LIMIT:
        return text
    return f"{text[:ERROR_MESSAGE_LIMIT]}... ({len(text) - ERROR_MESSAGE_LIMIT} more characters)"


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
    try:
        message = _clip(str(exception))
    except BaseException:  # noqa: BLE001 - a program's __str__ may raise anything
        message = "<the exception's message could not be shown>"
    hint = _hint(exception, namespace)
    text = []
    if frames:
        text.append("Traceback (most recent call last):")
        shown = frames if len(frames) <= 20 else frames[:10] + [None] + frames[-10:]
        for entry in shown:
            if entry is None:
                text.append(f"  [... {len(frames) - 20} more frames ...]")
                continue
            line, function = entry
            text.append(f'  File "{PROGRAM_FILENAME}", line {line}, in {function}')
            if 1 <= line <= len(lines):
                text.append("    " + _clip(lines[line - 1].strip()))
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
        candidates = [name for name in list(namespace) + list(_safe_builtins) if not name.startswith("_")]
        close = _punie_model.close_matches(exception.name, candidates, n=1)
        if close:
            return f"did you mean '{close[0]}'?"
    if type(exception) is AttributeError:
        message = str(exception)
        start = message.find("(did you mean")
        if start >= 0:
            return message[start + 1 : -1] if message.endswith(")") else None
    return None
