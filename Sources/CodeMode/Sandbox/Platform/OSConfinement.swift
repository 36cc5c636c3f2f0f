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

    /// Applied in each execution's process right after it is forked from the worker: memory and
    /// CPU limits, no file writes, then the irreversible lock-down. Returns an error message or nil.
    static func confineExecution(limits: ExecutionLimits) -> String?
}

#if os(Linux)
    typealias PlatformConfinement = LinuxConfinement
#endif
