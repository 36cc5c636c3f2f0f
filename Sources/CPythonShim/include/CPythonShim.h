#define PY_SSIZE_T_CLEAN
#include <Python.h>
static inline int cps_probe(void) { return Py_IsInitialized(); }
