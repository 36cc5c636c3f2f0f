"""Loads the Code Mode harness (model.py and runtime.py) in a plain python3, as the Swift side does,
with a stand-in `_punie` module (no host): tool calls fail with "no host", mirrored output is dropped.
Shared by the Python suites that exercise the harness itself."""

import os
import sys
import types

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PYTHON_DIR = os.path.join(ROOT, "Sources", "CodeMode", "Interpreter", "Python")


def load_harness():
    """The harness's model and runtime modules, registered in sys.modules as the host names them."""
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
    return sys.modules["_punie_model"], sys.modules["_punie_runtime"]
