// The OS layer of the sandbox on Linux: no_new_privs and a seccomp filter that refuses process
// creation, networking and new file opens (and other escape hatches) with EPERM.
#define _GNU_SOURCE 1
#include "CPythonShim.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>

#if defined(__linux__)
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sched.h>
#include <sys/prctl.h>
#include <signal.h>
#include <sys/syscall.h>

// Syscalls a sandboxed program never needs. Each is answered with EPERM instead of running.
static const int refused_syscalls[] = {
    // process creation and replacement
    SYS_fork, SYS_vfork, SYS_clone, SYS_clone3, SYS_execve, SYS_execveat,
    // networking
    SYS_socket, SYS_socketpair, SYS_connect, SYS_bind, SYS_listen, SYS_accept, SYS_accept4,
    SYS_sendto, SYS_sendmsg, SYS_sendmmsg, SYS_recvfrom, SYS_recvmsg, SYS_recvmmsg, SYS_setsockopt,
    // new file opens and file-system changes
#ifdef SYS_open
    SYS_open, SYS_creat, SYS_mknod, SYS_link, SYS_symlink, SYS_unlink, SYS_rename, SYS_mkdir, SYS_rmdir,
    SYS_chmod, SYS_chown, SYS_lchown,
#endif
    SYS_openat, SYS_openat2, SYS_mknodat, SYS_linkat, SYS_symlinkat, SYS_unlinkat, SYS_renameat,
    SYS_renameat2, SYS_mkdirat, SYS_truncate, SYS_fchmodat, SYS_fchownat, SYS_name_to_handle_at,
    SYS_open_by_handle_at, SYS_memfd_create,
    // other processes, the kernel, namespaces
    SYS_kill, SYS_ptrace, SYS_process_vm_readv, SYS_process_vm_writev, SYS_kcmp, SYS_pidfd_open,
    SYS_pidfd_getfd, SYS_bpf, SYS_perf_event_open, SYS_userfaultfd, SYS_io_uring_setup,
    SYS_io_uring_enter, SYS_io_uring_register, SYS_keyctl, SYS_add_key, SYS_request_key, SYS_unshare,
    SYS_setns, SYS_mount, SYS_umount2, SYS_pivot_root, SYS_chroot, SYS_personality, SYS_kexec_load,
    SYS_init_module, SYS_finit_module, SYS_delete_module, SYS_reboot, SYS_swapon, SYS_swapoff,
    SYS_sethostname, SYS_setdomainname, SYS_acct, SYS_quotactl,
#ifdef SYS_iopl
    SYS_iopl, SYS_ioperm,
#endif
};

// Syscalls refused (EPERM) to backend processes (ruff, ty, pytest, git, run_command): the network,
// and reading or writing other processes' memory.
static const int backend_refused_syscalls[] = {
    SYS_socket, SYS_connect, SYS_bind, SYS_listen, SYS_accept, SYS_accept4, SYS_ptrace,
    SYS_process_vm_readv, SYS_process_vm_writev,
};

#if defined(__x86_64__)
#define CPS_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define CPS_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif

enum {
    refused_count = sizeof(refused_syscalls) / sizeof(refused_syscalls[0]),
    backend_refused_count = sizeof(backend_refused_syscalls) / sizeof(backend_refused_syscalls[0]),
    longest_refused_count = refused_count > backend_refused_count ? refused_count : backend_refused_count,
};

// `numbers` sorted, without repeats, into `sorted` (room for `count`); returns how many.
static size_t sorted_unique(const int *numbers, size_t count, int *sorted) {
    size_t unique = 0;
    for (size_t i = 0; i < count; i++) {
        // Insertion into the sorted prefix (under a hundred numbers: cheaper than qsort's set-up).
        int number = numbers[i];
        size_t at = unique;
        while (at > 0 && sorted[at - 1] > number) at--;
        if (at > 0 && sorted[at - 1] == number) continue;
        memmove(&sorted[at + 1], &sorted[at], (unique - at) * sizeof(int));
        sorted[at] = number;
        unique++;
    }
    return unique;
}

static size_t copy_sorted(const int *list, size_t count, int *numbers, size_t capacity) {
    int sorted[longest_refused_count];
    size_t unique = sorted_unique(list, count, sorted);
    for (size_t i = 0; i < unique && i < capacity; i++) numbers[i] = sorted[i];
    return unique;
}

size_t cps_sandbox_refused_syscalls(int *numbers, size_t capacity) {
    return copy_sorted(refused_syscalls, refused_count, numbers, capacity);
}

size_t cps_backend_refused_syscalls(int *numbers, size_t capacity) {
    return copy_sorted(backend_refused_syscalls, backend_refused_count, numbers, capacity);
}

#ifdef CPS_AUDIT_ARCH
// A program being written: its instructions, how many, and room; `failed` once it does not fit.
struct filter_program {
    struct sock_filter *code;
    size_t count, capacity;
    int failed;
};

static void filter_emit(struct filter_program *program, struct sock_filter instruction) {
    if (program->count < program->capacity) program->code[program->count] = instruction;
    else program->failed = 1;
    program->count++;
}

// A binary search over sorted[low, high): a branch on the middle number, then each half; a leaf of
// at most four numbers compares each and ends in its own ALLOW and EPERM returns. Any number takes
// at most about log2(n) + 4 comparisons, so the kernel's check of each call, and its emulation of the
// filter for every number when it is installed (see build_filter), stay cheap.
static void filter_emit_search(struct filter_program *program, const int *sorted, size_t low, size_t high) {
    if (high - low <= 4) {
        size_t leaf = high - low;
        for (size_t i = 0; i < leaf; i++) {
            // Equal: skip the remaining comparisons (leaf - 1 - i) and the ALLOW, to the EPERM return.
            unsigned char skip = (unsigned char)(leaf - i);
            filter_emit(program, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)sorted[low + i], skip, 0));
        }
        filter_emit(program, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
        filter_emit(program, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA)));
        return;
    }
    size_t middle = low + (high - low) / 2;
    size_t branch = program->count;
    filter_emit(program, (struct sock_filter)BPF_STMT(0, 0));  // placeholder, set below
    filter_emit_search(program, sorted, low, middle);
    size_t lower_half = program->count - branch - 1;
    if (lower_half > 255) program->failed = 1;  // a jump reaches 255 instructions at most
    if (branch < program->capacity) {
        program->code[branch] = (struct sock_filter)BPF_JUMP(
            BPF_JMP | BPF_JGE | BPF_K, (unsigned)sorted[middle], (unsigned char)lower_half, 0);
    }
    filter_emit_search(program, sorted, middle, high);
}
#endif

// The filter refusing `list` (any order, repeats allowed) with EPERM, into `buffer`; see the header.
//
// When a filter is installed, the kernel runs it in an emulator for every system call number of
// every architecture, to cache the numbers it always allows (those then skip the filter). That
// costs about 5 ns per instruction on each number's path: ~40 µs for a filter of this shape. With
// `uncached`, the filter starts with an instruction the emulator does not know (a load of the
// unused X register), so it gives up at once: the installation is that much cheaper, and every
// system call then runs the filter, ~35 ns more each. That pays for a process that makes few
// calls (an execution process), not for a backend that makes thousands (pytest).
static size_t build_filter(const int *list, size_t count, int uncached, void *buffer, size_t capacity) {
#ifndef CPS_AUDIT_ARCH
    (void)list;
    (void)count;
    (void)uncached;
    (void)buffer;
    (void)capacity;
    return 0;
#else
    struct filter_program program = {.code = buffer, .capacity = capacity};
    if (uncached) filter_emit(&program, (struct sock_filter)BPF_STMT(BPF_LDX | BPF_IMM, 0));
    filter_emit(&program, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)));
    filter_emit(&program, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, CPS_AUDIT_ARCH, 1, 0));
    filter_emit(&program, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS));
    filter_emit(&program, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)));
#if defined(__x86_64__)
    // x32 system calls (bit 30) could bypass the numbers below: refuse them all.
    filter_emit(&program, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 0, 1));
    filter_emit(&program, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA)));
#endif
    int sorted[longest_refused_count];
    size_t unique = sorted_unique(list, count, sorted);
    filter_emit_search(&program, sorted, 0, unique);
    return program.failed ? 0 : program.count;
#endif
}

size_t cps_sandbox_filter(void *buffer, size_t capacity) {
    return build_filter(refused_syscalls, refused_count, 1, buffer, capacity);
}

size_t cps_backend_filter(void *buffer, size_t capacity) {
    return build_filter(backend_refused_syscalls, backend_refused_count, 0, buffer, capacity);
}

int cps_sandbox_lock_down(char *error, size_t error_size) {
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        snprintf(error, error_size, "prctl(PR_SET_NO_NEW_PRIVS) failed: %s", strerror(errno));
        return -1;
    }
#ifndef CPS_AUDIT_ARCH
    snprintf(error, error_size, "seccomp filtering is not implemented for this architecture");
    return -1;
#else
    struct sock_filter filter[512];
    size_t count = cps_sandbox_filter(filter, sizeof(filter) / sizeof(filter[0]));
    if (count == 0) {
        snprintf(error, error_size, "the seccomp filter could not be built");
        return -1;
    }
    struct sock_fprog program = {.len = (unsigned short)count, .filter = filter};
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program, 0, 0) != 0) {
        snprintf(error, error_size, "installing the seccomp filter failed: %s", strerror(errno));
        return -1;
    }
    return 0;
#endif
}

#else
int cps_sandbox_lock_down(char *error, size_t error_size) {
    snprintf(error, error_size, "the OS lock-down is implemented for Linux only");
    return -1;
}

// No seccomp here: no program, and no numbers it refuses.
size_t cps_sandbox_filter(void *buffer, size_t capacity) { return (void)buffer, (void)capacity, 0; }
size_t cps_sandbox_refused_syscalls(int *numbers, size_t capacity) { return (void)numbers, (void)capacity, 0; }
size_t cps_backend_filter(void *buffer, size_t capacity) { return (void)buffer, (void)capacity, 0; }
size_t cps_backend_refused_syscalls(int *numbers, size_t capacity) { return (void)numbers, (void)capacity, 0; }
#endif

pid_t cps_fork(void) { return fork(); }

#if defined(__linux__)
// The CPU `pid` is queued on (field 39 of /proc/<pid>/stat), or -1.
static int queued_cpu(pid_t pid) {
    char path[64], text[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    int descriptor = open(path, O_RDONLY | O_CLOEXEC);
    if (descriptor < 0) return -1;
    ssize_t length = read(descriptor, text, sizeof text - 1);
    close(descriptor);
    if (length <= 0) return -1;
    text[length] = 0;
    char *field = strrchr(text, ')');  // the command name may hold spaces and parentheses
    for (int index = 2; field != NULL && index < 39; index++) field = strchr(field + 1, ' ');
    return field == NULL ? -1 : atoi(field + 1);
}

int cps_make_way_for_child(pid_t child) {
    int here = sched_getcpu();
    if (here < 0 || queued_cpu(child) != here) return 0;
    cpu_set_t allowed;
    if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) return -1;
    for (int step = 1; step < CPU_SETSIZE; step++) {
        int cpu = (here + step) % CPU_SETSIZE;
        if (!CPU_ISSET(cpu, &allowed)) continue;
        cpu_set_t elsewhere;
        CPU_ZERO(&elsewhere);
        CPU_SET(cpu, &elsewhere);
        // Pinning the calling thread elsewhere migrates it at once; allowing every CPU again then
        // moves nothing.
        if (sched_setaffinity(0, sizeof elsewhere, &elsewhere) != 0) return -1;
        return sched_setaffinity(0, sizeof allowed, &allowed);
    }
    return 0;
}
#else
int cps_make_way_for_child(pid_t child) {
    (void)child;
    return 0;
}
#endif

#if defined(__linux__)
int cps_die_with_parent(pid_t parent) {
    if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) return -1;
    return getppid() == parent ? 0 : -1;
}
#else
int cps_die_with_parent(pid_t parent) { return getppid() == parent ? 0 : -1; }
#endif

#if defined(__linux__)
#include <poll.h>
#include <sys/mman.h>
#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#define MADV_POPULATE_WRITE 23
#endif

// The hot set: page ranges the last executions touched, in memory shared by the zygote's execution
// processes. Layout: uint64 sequence (odd while written), uint64 count, then count pairs of uint64
// (start address, length in pages | kind << 63; kind 1: written anonymous page, 0: file page read).
enum { hot_header_words = 2 };
static int maps_descriptor = -1;
static int pagemap_descriptor = -1;

static size_t read_all(int descriptor, char **text) {
    size_t capacity = 1 << 16, length = 0;
    *text = malloc(capacity);
    if (*text == NULL) return 0;
    if (lseek(descriptor, 0, SEEK_SET) != 0) return 0;
    for (;;) {
        if (length + 1 == capacity) {
            char *grown = realloc(*text, capacity * 2);
            if (grown == NULL) break;
            *text = grown;
            capacity *= 2;
        }
        ssize_t count = read(descriptor, *text + length, capacity - length - 1);
        if (count <= 0) break;
        length += (size_t)count;
    }
    (*text)[length] = 0;
    return length;
}

void cps_hot_set_prefault(void *region, size_t capacity, int go, int will_record) {
    if (will_record) {
        maps_descriptor = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
        pagemap_descriptor = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
    }
    if (region == NULL) return;
    volatile uint64_t *words = region;
    uint64_t sequence = words[0];
    if (sequence & 1) return;
    uint64_t count = words[1];
    if (count > (capacity / 8 - hot_header_words) / 2) return;
    for (uint64_t i = 0; i < count; i++) {
        // Work waiting already (executions back to back): run now, fault in the rest on the way.
        if (i % 16 == 0) {
            struct pollfd entry = {.fd = go, .events = POLLIN};
            if (poll(&entry, 1, 0) > 0) return;
        }
        uint64_t start = words[hot_header_words + 2 * i], encoded = words[hot_header_words + 2 * i + 1];
        uint64_t pages = encoded & ~(1ULL << 63);
        int advice = (encoded >> 63) ? MADV_POPULATE_WRITE : MADV_POPULATE_READ;
        madvise((void *)(uintptr_t)start, pages * 4096, advice);
    }
}

// The list being written: its words, the ranges in it, the most it holds, and the open run.
struct hot_list {
    uint64_t *words;
    uint64_t count, limit;
    uint64_t run_start, run_pages, run_kind;
};

// Ends the open run of pages (if any) as a range of the list.
static void hot_list_close_run(struct hot_list *list) {
    if (list->run_pages > 0 && list->count < list->limit) {
        list->words[hot_header_words + 2 * list->count] = list->run_start;
        list->words[hot_header_words + 2 * list->count + 1] = list->run_pages | (list->run_kind << 63);
        list->count++;
    }
    list->run_pages = 0;
}

// Adds the hot pages of the mapping [start, stop) to the list, read from /proc/self/pagemap: a file
// page this process mapped, or an anonymous page it owns (written).
static void hot_list_add_mapping(struct hot_list *list, unsigned long start, unsigned long stop) {
    uint64_t entries[512];
    for (unsigned long page = start; page < stop && list->count < list->limit;) {
        size_t batch = (stop - page) / 4096;
        if (batch > 512) batch = 512;
        ssize_t got = pread(pagemap_descriptor, entries, batch * 8, (off_t)(page / 4096 * 8));
        if (got <= 0) break;
        for (size_t j = 0; j < (size_t)got / 8; j++, page += 4096) {
            uint64_t entry = entries[j];
            int present = (entry >> 63) & 1, file = (entry >> 61) & 1, exclusive = (entry >> 56) & 1;
            uint64_t kind = file ? 0 : 1;
            if (!(present && (file || exclusive))) {
                hot_list_close_run(list);
            } else if (list->run_pages > 0 && list->run_kind == kind
                       && list->run_start + list->run_pages * 4096 == page) {
                list->run_pages++;
            } else {
                hot_list_close_run(list);
                list->run_start = page;
                list->run_pages = 1;
                list->run_kind = kind;
            }
        }
    }
    hot_list_close_run(list);
}

void cps_hot_set_record(void *region, size_t capacity) {
    if (region == NULL || maps_descriptor < 0 || pagemap_descriptor < 0) return;
    char *text = NULL;
    size_t length = read_all(maps_descriptor, &text);
    if (text == NULL) return;
    struct hot_list list = {.words = region, .limit = (capacity / 8 - hot_header_words) / 2};
    __atomic_store_n(&list.words[0], list.words[0] | 1, __ATOMIC_SEQ_CST);
    for (char *line = text; line < text + length && *line && list.count < list.limit;) {
        char *end = strchr(line, '\n');
        if (end != NULL) *end = 0;
        unsigned long start = 0, stop = 0;
        char permissions[5] = {0};
        int consumed = 0;
        if (sscanf(line, "%lx-%lx %4s %*s %*s %*s%n", &start, &stop, permissions, &consumed) >= 3) {
            const char *name = line + consumed;
            while (*name == ' ') name++;
            int special = name[0] == '[' && strcmp(name, "[heap]") != 0;
            if (permissions[0] == 'r' && permissions[3] == 'p' && !special) hot_list_add_mapping(&list, start, stop);
        }
        if (end == NULL) break;
        line = end + 1;
    }
    free(text);
    list.words[1] = list.count;
    __atomic_store_n(&list.words[0], (list.words[0] | 1) + 1, __ATOMIC_SEQ_CST);
}
#else
void cps_hot_set_prefault(void *region, size_t capacity, int go, int will_record) {}
void cps_hot_set_record(void *region, size_t capacity) {}
#endif

// MARK: - Confined backend processes

#if defined(__linux__)
#include <linux/landlock.h>
#include <pthread.h>
#include <sys/resource.h>

#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#define SYS_landlock_add_rule 445
#define SYS_landlock_restrict_self 446
#endif
#ifndef SYS_close_range
#define SYS_close_range 436
#endif

// Installs the backend filter (`cps_backend_filter`); 0, or -1 when it cannot be built or installed.
static int refuse_network(void) {
    struct sock_filter filter[64];
    size_t count = cps_backend_filter(filter, sizeof(filter) / sizeof(filter[0]));
    if (count == 0) return -1;
    struct sock_fprog program = {.len = (unsigned short)count, .filter = filter};
    return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program, 0, 0);
}

// Every file-system right of Landlock ABI `abi`.
static uint64_t landlock_all_rights(long abi) {
    uint64_t all = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_READ_FILE |
                   LANDLOCK_ACCESS_FS_READ_DIR | LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE |
                   LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG |
                   LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK |
                   LANDLOCK_ACCESS_FS_MAKE_SYM;
#ifdef LANDLOCK_ACCESS_FS_REFER
    if (abi >= 2) all |= LANDLOCK_ACCESS_FS_REFER;
#endif
#ifdef LANDLOCK_ACCESS_FS_TRUNCATE
    if (abi >= 3) all |= LANDLOCK_ACCESS_FS_TRUNCATE;
#endif
    return all;
}

int cps_open_path(const char *path, int *is_directory) {
    // Most paths are directories: try that first, so only a file costs a second open.
    int descriptor = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
    *is_directory = descriptor >= 0;
    if (descriptor < 0 && errno == ENOTDIR) descriptor = open(path, O_PATH | O_CLOEXEC);
    return descriptor;
}

int cps_landlock_ruleset(int *abi) {
    long version = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
    if (version < 1) return -1;
    *abi = (int)version;
    struct landlock_ruleset_attr attributes = {.handled_access_fs = landlock_all_rights(version)};
    return (int)syscall(SYS_landlock_create_ruleset, &attributes, sizeof attributes, 0);
}

int cps_landlock_allow(int ruleset, int abi, int path_descriptor, int is_directory, int writable) {
    uint64_t rights = writable ? landlock_all_rights(abi)
                               : LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR;
    if (!is_directory) {
        // A file takes only the rights that apply to files.
        rights &= LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_READ_FILE
#ifdef LANDLOCK_ACCESS_FS_TRUNCATE
                  | (abi >= 3 ? LANDLOCK_ACCESS_FS_TRUNCATE : 0)
#endif
            ;
    }
    struct landlock_path_beneath_attr rule = {.allowed_access = rights, .parent_fd = path_descriptor};
    return (int)syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0);
}

// The child of cps_spawn_confined, on its own stack in the parent's address space (CLONE_VM |
// CLONE_VFORK, as posix_spawn does): only system calls until execve, and no shared state written.
static int confined_child(void *argument) {
    const cps_confined_spawn *spec = argument;
    setpgid(0, 0);
    // Every signal is blocked (by the parent, around clone): no handler of the parent's can run here,
    // on memory it shares, before the dispositions are back to their defaults.
    for (int signal_number = 1; signal_number < NSIG; signal_number++) signal(signal_number, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) _exit(126);
    // The ruleset first, while its descriptor is certainly open and not yet replaced by a dup2.
    int restricted = spec->landlock_ruleset >= 0 && syscall(SYS_landlock_restrict_self, spec->landlock_ruleset, 0) == 0;
    if (!restricted && spec->require_file_system_confinement) _exit(125);
    int null_fd = open("/dev/null", O_RDWR);
    dup2(spec->stdin_fd >= 0 ? spec->stdin_fd : null_fd, 0);
    dup2(spec->stdout_fd >= 0 ? spec->stdout_fd : null_fd, 1);
    dup2(spec->stderr_fd >= 0 ? spec->stderr_fd : null_fd, 2);
    syscall(SYS_close_range, 3, ~0U, 0);
    if (chdir(spec->working_directory) != 0) _exit(126);
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    if (refuse_network() != 0) _exit(126);
    execve(spec->executable, (char *const *)spec->argv, (char *const *)spec->envp);
    _exit(127);
}

pid_t cps_spawn_confined(const cps_confined_spawn *spec) {
    // Not fork(): copying the page tables of a large multithreaded host costs milliseconds per
    // backend run. The parent waits (CLONE_VFORK) until the child has called execve or exited, and
    // no signal handler runs meanwhile (all are blocked), so the child can run on this frame's own
    // memory: no stack to map and unmap (an munmap shoots down the TLBs of every CPU the host's
    // threads run on) for each backend run.
    _Alignas(64) char stack[32 * 1024];
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    pid_t pid = clone(confined_child, stack + sizeof stack, CLONE_VM | CLONE_VFORK | SIGCHLD, (void *)spec);
    int saved = errno;
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    errno = saved;
    return pid;
}

#else
int cps_open_path(const char *path, int *is_directory) { return (void)path, *is_directory = 0, errno = ENOSYS, -1; }
int cps_landlock_ruleset(int *abi) { return (void)abi, -1; }
int cps_landlock_allow(int ruleset, int abi, int path_descriptor, int is_directory, int writable) {
    return (void)ruleset, (void)abi, (void)path_descriptor, (void)is_directory, (void)writable, errno = ENOSYS, -1;
}
pid_t cps_spawn_confined(const cps_confined_spawn *spec) {
    (void)spec;
    errno = ENOSYS;
    return -1;
}
#endif
