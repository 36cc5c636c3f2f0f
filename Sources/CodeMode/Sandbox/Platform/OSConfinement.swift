/// The operating-system layer of the sandbox. One implementation per platform; nothing else in the
/// package knows how a platform confines a process.
///
/// Linux (`LinuxConfinement`): setrlimit, no_new_privs and a seccomp filter. macOS would use a
/// Seatbelt profile instead of seccomp, and needs another memory guard because RLIMIT_AS is not
/// enforced there (see docs/sandbox.md).
protocol OSConfinement {
    /// Limits for the whole life of a worker, applied once it has started (no core files, few
    /// descriptors).
    static func confineWorker() -> String?

    /// Applied in each execution process right after it is forked from the worker, before its
    /// program is known: the irreversible lock-down (no process creation, no network, no new files).
    /// Returns an error message or nil.
    static func lockDownExecution() -> String?

    /// Applied once the program's limits are known: CPU time (beyond `cpuUsed` seconds already
    /// spent), memory (beyond `addressSpace` bytes already mapped) and no file writes.
    static func limitExecution(_ limits: ExecutionLimits, addressSpace: Int, cpuUsed: Double) -> String?

    /// The bytes of address space the calling process has mapped (read before the lock-down).
    static func currentAddressSpace() -> Int
}

#if os(Linux)
    typealias PlatformConfinement = LinuxConfinement
#endif
