// The OS layer of the sandbox on Linux: no_new_privs and a seccomp filter that refuses process
// creation, networking and new file opens (and other escape hatches) with EPERM.
#define _GNU_SOURCE 1
#include "CPythonShim.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#if defined(__linux__)
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
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

#if defined(__x86_64__)
#define CPS_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define CPS_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif

int cps_sandbox_lock_down(char *error, size_t error_size) {
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        snprintf(error, error_size, "prctl(PR_SET_NO_NEW_PRIVS) failed: %s", strerror(errno));
        return -1;
    }
#ifndef CPS_AUDIT_ARCH
    snprintf(error, error_size, "seccomp filtering is not implemented for this architecture");
    return -1;
#else
    enum { count = sizeof(refused_syscalls) / sizeof(refused_syscalls[0]) };
    // arch check (2) + kill (1) + load nr (1) + x32 check (1) + one jump per syscall + allow + errno
    struct sock_filter filter[count + 8];
    size_t n = 0;
    filter[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
    filter[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, CPS_AUDIT_ARCH, 1, 0);
    filter[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
    filter[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
#if defined(__x86_64__)
    // x32 system calls (bit 30) could bypass the numbers below: refuse them all.
    filter[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, (unsigned char)(count + 1), 0);
#endif
    for (size_t i = 0; i < count; i++) {
        // Jump to the EPERM return, which sits after the remaining checks and the ALLOW.
        unsigned char distance = (unsigned char)(count - i);
        filter[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)refused_syscalls[i], distance, 0);
    }
    filter[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
    filter[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA));
    struct sock_fprog program = {.len = (unsigned short)n, .filter = filter};
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
#endif

pid_t cps_fork(void) { return fork(); }
