// GNU extensions (posix_spawn_file_actions_addchdir_np, addclosefrom_np) are needed below.
#define _GNU_SOURCE 1
#include "CPythonShim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/syscall.h>
#endif

// The tool handler and its context, set once by cps_initialize before the interpreter starts.
static cps_tool_handler tool_handler = NULL;
static void *tool_context = NULL;

// `_punie.call_tool(name: str, arguments_json: str) -> (kind: int, payload: str)`.
// kind 0: result JSON; 1: tool error message; 2: argument error message. The GIL is released
// while Swift runs the tool, so a blocking tool never holds the interpreter.
static PyObject *punie_call_tool(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    (void)self;
    if (nargs != 2 || !PyUnicode_Check(args[0]) || !PyUnicode_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "call_tool(name, arguments_json) takes two str arguments");
        return NULL;
    }
    Py_ssize_t name_length = 0, arguments_length = 0;
    const char *name = PyUnicode_AsUTF8AndSize(args[0], &name_length);
    if (name == NULL) return NULL;
    const char *arguments = PyUnicode_AsUTF8AndSize(args[1], &arguments_length);
    if (arguments == NULL) return NULL;
    if (tool_handler == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "no tool handler is installed");
        return NULL;
    }
    char *result = NULL;
    size_t result_length = 0;
    int kind;
    // The UTF-8 buffers belong to the str objects, which the caller keeps alive for this call.
    Py_BEGIN_ALLOW_THREADS
    kind = tool_handler(tool_context, name, (size_t)name_length, arguments, (size_t)arguments_length,
                        &result, &result_length);
    Py_END_ALLOW_THREADS
    PyObject *payload = PyUnicode_DecodeUTF8(result != NULL ? result : "", (Py_ssize_t)result_length, "replace");
    free(result);
    if (payload == NULL) return NULL;
    return Py_BuildValue("(iN)", kind, payload);
}

// The output mirror: shared memory the worker's zygote reads after a child is killed, so a program
// stopped in C code keeps the stdout it printed. Layout: uint64 length, three uint64 words the worker
// keeps (see OutputMirror in SandboxWorker.swift), then the bytes.
static unsigned char *output_mirror = NULL;
static size_t output_mirror_capacity = 0;

void cps_set_output_mirror(void *region, size_t capacity) {
    output_mirror = region;
    output_mirror_capacity = capacity;
}

// `_punie.mirror_stdout(text)`: appends text (UTF-8) to the output mirror; a no-op without one.
static PyObject *punie_mirror_stdout(PyObject *self, PyObject *text) {
    (void)self;
    if (output_mirror == NULL) Py_RETURN_NONE;
    Py_ssize_t length = 0;
    const char *bytes = PyUnicode_AsUTF8AndSize(text, &length);
    if (bytes == NULL) {
        PyErr_Clear();
        Py_RETURN_NONE;
    }
    uint64_t used = 0;
    memcpy(&used, output_mirror, sizeof used);
    size_t room = output_mirror_capacity > used ? output_mirror_capacity - (size_t)used : 0;
    size_t count = (size_t)length < room ? (size_t)length : room;
    memcpy(output_mirror + 32 + used, bytes, count);
    used += count;
    memcpy(output_mirror, &used, sizeof used);
    Py_RETURN_NONE;
}

// `_punie.compile_source(source, filename)`: `compile(source, filename, "exec", dont_inherit=True)`
// for a str. The builtin first checks whether its argument is an AST object, which creates all of
// `_ast`'s node types (~1.7 ms, once per process) although no tree is involved.
static PyObject *punie_compile_source(PyObject *self, PyObject *const *arguments, Py_ssize_t count) {
    (void)self;
    if (count != 2 || !PyUnicode_Check(arguments[0]) || !PyUnicode_Check(arguments[1])) {
        PyErr_SetString(PyExc_TypeError, "compile_source(source: str, filename: str)");
        return NULL;
    }
    Py_ssize_t length = 0;
    const char *text = PyUnicode_AsUTF8AndSize(arguments[0], &length);
    if (text == NULL) return NULL;
    if ((size_t)length != strlen(text)) {
        PyErr_SetString(PyExc_ValueError, "source code string cannot contain null bytes");
        return NULL;
    }
    PyCompilerFlags flags = _PyCompilerFlags_INIT;
    flags.cf_flags = PyCF_SOURCE_IS_UTF8;
    return Py_CompileStringObject(text, arguments[1], Py_file_input, &flags, -1);
}

static PyMethodDef punie_methods[] = {
    {"compile_source", (PyCFunction)(void (*)(void))punie_compile_source, METH_FASTCALL,
     "compile_source(source, filename) -> code: compile(source, filename, 'exec', dont_inherit=True)."},
    {"mirror_stdout", punie_mirror_stdout, METH_O, "mirror_stdout(text): keep a copy of stdout in shared memory."},
    {"call_tool", (PyCFunction)(void (*)(void))punie_call_tool, METH_FASTCALL,
     "call_tool(name, arguments_json) -> (kind, payload): run a Code Mode tool in the host."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef punie_module = {
    PyModuleDef_HEAD_INIT, "_punie", "Bridge from Code Mode programs to the punie-exec host.", -1,
    punie_methods, NULL, NULL, NULL, NULL,
};

static PyObject *punie_module_init(void) { return PyModule_Create(&punie_module); }

int cps_initialize(cps_tool_handler handler, void *context, char *error, size_t error_size) {
    if (Py_IsInitialized()) {
        snprintf(error, error_size, "the interpreter is already initialised");
        return -1;
    }
    tool_handler = handler;
    tool_context = context;
    if (PyImport_AppendInittab("_punie", punie_module_init) != 0) {
        snprintf(error, error_size, "could not register the _punie module");
        return -1;
    }
    PyConfig config;
    PyConfig_InitIsolatedConfig(&config);
    config.install_signal_handlers = 0;
    config.site_import = 0;
    config.write_bytecode = 0;
    config.parse_argv = 0;
    config.user_site_directory = 0;
    config.buffered_stdio = 1;
    // A fixed hash seed: the same program prints a set in the same order in every worker, so a
    // response is reproducible (replays compare responses byte for byte).
    config.use_hash_seed = 1;
    config.hash_seed = 0;
    PyStatus status = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
    if (PyStatus_Exception(status)) {
        snprintf(error, error_size, "Python failed to start: %s", status.err_msg ? status.err_msg : "unknown error");
        return -1;
    }
    return 0;
}

int cps_openat2(int directory, const char *path, uint64_t flags, uint64_t mode, uint64_t resolve) {
#if defined(__linux__) && defined(SYS_openat2)
    struct {
        uint64_t flags;
        uint64_t mode;
        uint64_t resolve;
    } how = {flags, mode, resolve};
    return (int)syscall(SYS_openat2, directory, path, &how, sizeof(how));
#else
    (void)directory; (void)path; (void)flags; (void)mode; (void)resolve;
    errno = ENOSYS;
    return -1;
#endif
}

int cps_spawn_add_chdir(posix_spawn_file_actions_t *actions, const char *path) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 29))
    return posix_spawn_file_actions_addchdir_np(actions, path);
#elif defined(__APPLE__)
    return posix_spawn_file_actions_addchdir_np(actions, path);
#else
    (void)actions; (void)path;
    return ENOSYS;
#endif
}

int cps_spawn_add_closefrom(posix_spawn_file_actions_t *actions, int lowest) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    return posix_spawn_file_actions_addclosefrom_np(actions, lowest);
#else
    (void)actions; (void)lowest;
    return ENOSYS;
#endif
}

int cps_pipe_cloexec(int descriptors[2]) {
#if defined(__linux__)
    return pipe2(descriptors, O_CLOEXEC);
#else
    if (pipe(descriptors) != 0) return -1;
    fcntl(descriptors[0], F_SETFD, FD_CLOEXEC);
    fcntl(descriptors[1], F_SETFD, FD_CLOEXEC);
    return 0;
#endif
}

int cps_pidfd_open(pid_t pid) {
#if defined(__linux__) && defined(SYS_pidfd_open)
    return (int)syscall(SYS_pidfd_open, pid, 0);
#else
    (void)pid;
    errno = ENOSYS;
    return -1;
#endif
}

// Exported by libpython, declared only in its internal headers.
PyAPI_FUNC(int) _PyObject_DebugMallocStats(FILE *out);

size_t cps_fill_small_object_pools(void) {
    char *text = NULL;
    size_t length = 0;
    FILE *stream = open_memstream(&text, &length);
    if (stream == NULL) return 0;
    int printed = _PyObject_DebugMallocStats(stream);
    fclose(stream);
    size_t filled = 0;
    if (printed && text != NULL) {
        // Lines of the size-class table: "class size pools used available".
        for (char *line = strtok(text, "\n"); line != NULL; line = strtok(NULL, "\n")) {
            unsigned index, size, pools, used, available;
            char rest;
            if (sscanf(line, " %u %u %u %u %u %c", &index, &size, &pools, &used, &available, &rest) != 5) continue;
            for (unsigned i = 0; i < available; i++) {
                if (PyObject_Malloc(size) == NULL) break;
                filled++;
            }
        }
    }
    free(text);
    return filled;
}
