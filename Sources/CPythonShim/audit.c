// A PEP 578 audit hook that refuses file, process, network and introspection events once armed.
#include "CPythonShim.h"

#include <string.h>

static int audit_armed = 0;

// Events refused outright, by exact name or by prefix (entries ending in '.').
static const char *const refused_events[] = {
    "open", "os.", "subprocess.", "socket.", "ctypes.", "_ctypes.", "shutil.", "pty.", "fcntl.",
    "mmap.", "resource.", "msvcrt.", "winreg.", "webbrowser.", "urllib.", "http.", "ftplib.",
    "smtplib.", "telnetlib.", "poplib.", "imaplib.", "nntplib.", "glob.", "tempfile.", "shelve.",
    "dbm.", "sqlite3.", "pickle.find_class", "marshal.load", "marshal.loads", "marshal.dumps",
    "code.__new__", "function.__new__", "sys._getframe", "sys._current_frames", "sys._current_exceptions",
    "sys.settrace", "sys.setprofile", "sys.addaudithook",
    "sys.set_asyncgen_hooks", "sys.setrecursionlimit", "gc.get_referrers", "gc.get_referents",
    "gc.get_objects", "builtins.input", "builtins.breakpoint", "cpython.run_", "cpython.PyInterpreterState_",
    "_thread.start_new_thread", "signal.", "faulthandler.",
};

static int is_refused(const char *event) {
    for (size_t i = 0; i < sizeof(refused_events) / sizeof(refused_events[0]); i++) {
        const char *rule = refused_events[i];
        size_t length = strlen(rule);
        if (rule[length - 1] == '.' || rule[length - 1] == '_') {
            if (strncmp(event, rule, length) == 0) return 1;
        } else if (strcmp(event, rule) == 0) {
            return 1;
        }
    }
    return 0;
}

static int punie_audit_hook(const char *event, PyObject *args, void *data) {
    (void)data;
    if (!audit_armed) return 0;
    if (strcmp(event, "import") == 0) {
        // Only modules already loaded (the preloaded allowlist and the harness's own) may be imported.
        PyObject *name = PyTuple_Check(args) && PyTuple_GET_SIZE(args) > 0 ? PyTuple_GET_ITEM(args, 0) : NULL;
        if (name != NULL && PyUnicode_Check(name)) {
            PyObject *modules = PyImport_GetModuleDict();
            if (modules != NULL && PyDict_GetItemWithError(modules, name) != NULL) return 0;
            if (PyErr_Occurred()) return -1;
            PyErr_Format(PyExc_ImportError, "import of '%U' is not allowed in Code Mode", name);
            return -1;
        }
        return 0;
    }
    if (is_refused(event)) {
        PyErr_Format(PyExc_PermissionError, "'%s' is not allowed in Code Mode", event);
        return -1;
    }
    return 0;
}

int cps_install_audit_hook(void) { return PySys_AddAuditHook(punie_audit_hook, NULL); }

void cps_arm_audit_hook(int armed) { audit_armed = armed; }
