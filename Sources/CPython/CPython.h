// The Python C API, located through `pkg-config python3-embed` (see Package.swift).
#define PY_SSIZE_T_CLEAN
#include <Python.h>
