#if os(Linux)
    import CPythonShim
    import Glibc

    /// The Linux OS layer: resource limits, no_new_privs and a seccomp filter refusing process
    /// creation, networking and new file opens (the workers run as root here, so RLIMIT_NPROC
    /// would not help; seccomp does).
    enum LinuxConfinement: OSConfinement {
        static func confineWorker() -> String? {
            if let failure = setLimit(RLIMIT_CORE, 0) { return failure }
            return setLimit(RLIMIT_NOFILE, 64)
        }

        static func lockDownExecution() -> String? {
            var message = [CChar](repeating: 0, count: 256)
            guard cps_sandbox_lock_down(&message, message.count) == 0 else {
                return String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
            return nil
        }

        static func limitExecution(_ limits: ExecutionLimits, addressSpace: Int, cpuUsed: Double) -> String? {
            let cpu = rlim_t(max(1, (cpuUsed + limits.cpuTime).rounded(.up)))
            if let failure = setLimit(RLIMIT_CPU, cpu, hard: cpu + 1) { return failure }
            if let failure = setLimit(RLIMIT_FSIZE, 0) { return failure }
            // RLIMIT_AS counts the address space already mapped (libraries, the interpreter): the
            // program may grow it by `limits.memory`.
            return setLimit(RLIMIT_AS, rlim_t(addressSpace + limits.memory))
        }

        private static func setLimit(_ resource: __rlimit_resource, _ soft: rlim_t, hard: rlim_t? = nil) -> String? {
            var limit = rlimit(rlim_cur: soft, rlim_max: hard ?? soft)
            guard setrlimit(__rlimit_resource_t(resource.rawValue), &limit) == 0 else {
                return "setrlimit(\(resource.rawValue)) failed: \(systemMessage(errno))"
            }
            return nil
        }

        /// The process's current virtual size in bytes, from /proc/self/statm.
        static func currentAddressSpace() -> Int {
            let descriptor = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { return 0 }
            defer { close(descriptor) }
            var buffer = [UInt8](repeating: 0, count: 128)
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { return 0 }
            let pages = buffer[0..<count].prefix { $0 != UInt8(ascii: " ") }
                .reduce(0) { $0 * 10 + Int($1 &- UInt8(ascii: "0")) }
            return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
        }
    }
#endif
