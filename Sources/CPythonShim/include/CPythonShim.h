// CPythonShim: the few pieces of the CPython C API that Swift cannot call directly (macros,
// variadic functions, struct set-up), the `_punie` extension module that trampolines tool calls
// into Swift, and OS helpers that need C. Every function is prefixed `cps_` and says what it does
// with references.
#ifndef CPYTHONSHIM_H
#define CPYTHONSHIM_H

// System headers come first, in the default feature configuration: pyconfig.h defines
// _GNU_SOURCE/_XOPEN_SOURCE, and a system header first seen under those macros would clash with
// the definitions other modules (Glibc, Dispatch) already have (for example `fd_set`).
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <unistd.h>
#include <spawn.h>

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <marshal.h>

#pragma clang assume_nonnull begin

// MARK: - Interpreter lifetime

/// Handles one tool call from Python. `name` and `arguments` are UTF-8 (the arguments as a JSON
/// object); `context` is the pointer given to `cps_initialize`. The handler writes its answer into
/// a buffer it allocates with malloc (`*result`, `*result_length`; the shim frees it) and returns 0
/// for a result (JSON), 1 for a tool error (a message), 2 for an argument error (a message).
typedef int (*cps_tool_handler)(void *_Nullable context, const char *name, size_t name_length,
                                const char *arguments, size_t arguments_length,
                                char *_Nullable *_Nonnull result, size_t *result_length);

/// Initialises the one interpreter of this process with an isolated configuration (environment
/// ignored, no signal handlers, no site import, no bytecode writing) and registers the built-in
/// module `_punie` whose `call_tool(name, arguments_json)` calls `handler`. The calling thread holds
/// the GIL on return. Returns 0, or -1 with a message in `error` (at most `error_size` bytes).
int cps_initialize(cps_tool_handler handler, void *_Nullable context, char *error, size_t error_size);

/// Sets the shared region `_punie.mirror_stdout` appends to: 32 header bytes (uint64 length, three
/// uint64 words of the worker) then `capacity` bytes of text. NULL turns the mirror off.
void cps_set_output_mirror(void *_Nullable region, size_t capacity);

// MARK: - Object macros

/// `Py_None`; a borrowed reference.
static inline PyObject *cps_none(void) { return Py_None; }
/// `PyUnicode_Check`.
static inline int cps_is_unicode(PyObject *object) { return PyUnicode_Check(object); }
/// `PyList_Check`.
static inline int cps_is_list(PyObject *object) { return PyList_Check(object); }
/// `PyDict_Check`.
static inline int cps_is_dict(PyObject *object) { return PyDict_Check(object); }
/// `PyTuple_Check`.
static inline int cps_is_tuple(PyObject *object) { return PyTuple_Check(object); }
/// `PyLong_Check`.
static inline int cps_is_long(PyObject *object) { return PyLong_Check(object); }
/// `PyBool_Check`.
static inline int cps_is_bool(PyObject *object) { return PyBool_Check(object); }
/// `PyFloat_Check`.
static inline int cps_is_float(PyObject *object) { return PyFloat_Check(object); }

/// The name of an object's type (`Py_TYPE(object)->tp_name`); valid while the type lives.
static inline const char *cps_type_name(PyObject *object) { return Py_TYPE(object)->tp_name; }

/// `PY_VERSION_HEX` of the headers this shim was compiled with.
static inline unsigned long cps_python_version(void) { return PY_VERSION_HEX; }

/// Serialises a code object with the current marshal format; returns a new bytes object or NULL.
static inline PyObject *_Nullable cps_marshal_dump(PyObject *code) {
    return PyMarshal_WriteObjectToString(code, Py_MARSHAL_VERSION);
}

/// Calls `callable(argument)` with one argument; returns a new reference or NULL with an
/// exception set. (Wraps `PyObject_CallOneArg`, which is a static inline function in 3.11.)
static inline PyObject *_Nullable cps_call_one(PyObject *callable, PyObject *argument) {
    return PyObject_CallOneArg(callable, argument);
}

/// Calls `callable(first, second)`; returns a new reference or NULL with an exception set.
/// (Wraps the variadic `PyObject_CallFunctionObjArgs`.)
static inline PyObject *_Nullable cps_call_two(PyObject *callable, PyObject *first, PyObject *second) {
    return PyObject_CallFunctionObjArgs(callable, first, second, NULL);
}

// MARK: - OS helpers

/// Opens `path` beneath the directory `directory` with Linux `openat2(2)` and the `resolve` flags
/// (RESOLVE_BENEATH = 0x08, RESOLVE_NO_SYMLINKS = 0x04, RESOLVE_NO_MAGICLINKS = 0x02). Returns a
/// new descriptor, or -1 with errno set (ENOSYS where the kernel or platform lacks openat2).
/// Exists because Swift cannot call the variadic `syscall`.
int cps_openat2(int directory, const char *path, uint64_t flags, uint64_t mode, uint64_t resolve);

/// `posix_spawn_file_actions_addchdir_np` (glibc 2.29+): the child starts in `path`.
/// Exists because the GNU extension is hidden from Swift's Glibc module.
int cps_spawn_add_chdir(posix_spawn_file_actions_t *actions, const char *path);

/// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34+): the child closes every descriptor
/// from `lowest` up. Returns ENOSYS where the platform lacks it.
int cps_spawn_add_closefrom(posix_spawn_file_actions_t *actions, int lowest);

/// `pipe2(descriptors, O_CLOEXEC)`: a pipe whose ends close on exec, made in one call. Returns 0, or
/// -1 with errno set. Exists because `pipe2` is hidden from Swift's Glibc module.
int cps_pipe_cloexec(int descriptors[_Nonnull 2]);

/// `pidfd_open(pid, 0)` (Linux 5.3+): a descriptor that becomes readable when the child `pid`
/// exits, for waiting on it with a deadline. Returns it, or -1 with errno set (ENOSYS elsewhere).
int cps_pidfd_open(pid_t pid);

// MARK: - Sandbox

/// Allocates (and never frees) every free block of the small-object allocator's partly used pools,
/// so that what a forked child allocates goes to pools of its own rather than into pages it shares
/// with its parent. Call with the GIL held, just before the last fork; returns the blocks taken.
size_t cps_fill_small_object_pools(void);

/// Sets no_new_privs and installs the seccomp filter that refuses process creation, networking,
/// new file opens and other escape hatches (EPERM). Irreversible. Returns 0, or -1 with a message.
int cps_sandbox_lock_down(char *error, size_t error_size);

/// Writes the seccomp program `cps_sandbox_lock_down` installs into `buffer` (classic BPF: 8-byte
/// instructions, code u16, jt u8, jf u8, k u32) and returns the number of instructions, or 0 when
/// `capacity` instructions do not hold it or the platform has no seccomp.
size_t cps_sandbox_filter(void *buffer, size_t capacity);

/// Writes the system call numbers the filter refuses into `numbers` (at most `capacity`) and returns
/// how many there are (with repeats removed).
size_t cps_sandbox_refused_syscalls(int *numbers, size_t capacity);

/// The seccomp program every backend process runs under (`cps_spawn_confined`), written into
/// `buffer` like `cps_sandbox_filter`: network calls and other processes' memory refused with EPERM,
/// x32 calls refused, other architectures killed. Returns its length, 0 when it does not fit.
size_t cps_backend_filter(void *buffer, size_t capacity);

/// The system call numbers the backend filter refuses, sorted, into `numbers`; returns how many.
size_t cps_backend_refused_syscalls(int *numbers, size_t capacity);

/// `fork()`, which Swift marks unavailable. Only for a single-threaded worker.
pid_t cps_fork(void);

/// In a parent that just forked `child`, whose start-up is the critical path: when the kernel
/// queued the child on this CPU (behind the parent, where it may wait until the next scheduler tick
/// for an idle CPU to pull it), moves the calling thread to another CPU it may use, so the child
/// runs at once. The thread keeps its CPU mask. Returns 0, or -1 when the mask cannot be read or set.
int cps_make_way_for_child(pid_t child);

/// In a process just forked from a worker: die with SIGKILL when `parent` (the worker) dies, so no
/// execution process outlives its worker. Returns -1 when `parent` is already gone.
int cps_die_with_parent(pid_t parent);

/// In an execution process forked ahead of time, before its lock-down: fault in the pages recent
/// executions touched (listed in the shared `region`, `capacity` bytes): copies of the anonymous
/// pages they wrote, mappings of the file pages they read. Stops as soon as `go` is readable (work
/// is waiting). With `will_record`, also opens what `cps_hot_set_record` needs later (before the
/// lock-down refuses opens). Linux 5.14+; a no-op elsewhere.
void cps_hot_set_prefault(void *_Nullable region, size_t capacity, int go, int will_record);

/// In an execution process after it reported: list in `region` the pages it touched, for the next
/// execution processes to fault in ahead of time.
void cps_hot_set_record(void *_Nullable region, size_t capacity);

/// Installs the PEP 578 audit hook (disarmed). Call once, before `Py_Initialize` or after; returns 0.
int cps_install_audit_hook(void);

/// Arms (1) or disarms (0) the audit hook: armed, it refuses file, process, network and
/// introspection events and imports of modules that are not loaded yet.
void cps_arm_audit_hook(int armed);

/// An `O_PATH` close-on-exec descriptor of `path` (symlinks followed), with whether it is a
/// directory; -1 with errno set when it cannot be opened.
int cps_open_path(const char *path, int *is_directory);

/// A new Landlock ruleset handling every file-system right this kernel knows (nothing is allowed
/// until `cps_landlock_allow` adds it), as a close-on-exec descriptor, with the kernel's Landlock
/// ABI version in `abi`; -1 where the kernel has no Landlock.
int cps_landlock_ruleset(int *abi);

/// Adds `path_descriptor` (an `O_PATH` descriptor; `is_directory` as opened) to `ruleset` (made with
/// ABI `abi`): read, list and execute beneath it, or every right when `writable`. Returns 0, or -1
/// with errno set.
int cps_landlock_allow(int ruleset, int abi, int path_descriptor, int is_directory, int writable);

/// What `cps_spawn_confined` starts.
typedef struct {
    const char *executable;
    const char *_Nullable const *_Nonnull argv;   // NULL-terminated
    const char *_Nullable const *_Nonnull envp;   // NULL-terminated
    const char *working_directory;
    int stdin_fd, stdout_fd, stderr_fd;           // -1: /dev/null
    int landlock_ruleset;                         // from cps_landlock_ruleset; -1: none
    int require_file_system_confinement;          // exit 125 when the ruleset cannot be enforced
} cps_confined_spawn;

/// Forks and executes a backend program confined like the sandbox: a new process group, default
/// signals, no descriptors but 0-2, no core files, no_new_privs, the Landlock file-system ruleset
/// given (built by the caller, so that its paths are opened once, not in every child), and a
/// seccomp filter refusing network syscalls. Returns the child's pid, or -1 with errno set. In the
/// child, exit 125 means Landlock was required and missing, 126 a confinement step failed, 127
/// execve failed.
pid_t cps_spawn_confined(const cps_confined_spawn *spec);

#pragma clang assume_nonnull end

#endif
