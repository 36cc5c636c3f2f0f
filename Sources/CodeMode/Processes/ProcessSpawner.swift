import CPythonShim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Starts child processes the one way this package does: `posix_spawn`, argv without a shell, an
/// explicit environment, a working directory, a new process group, default signal handling, and no
/// inherited descriptors but the three standard ones.
enum ProcessSpawner {
    /// Spawns `executable`. A nil standard descriptor means /dev/null; `channel` (source, target)
    /// passes one more descriptor at a fixed number. Kill the whole group with `kill(-pid, ...)`.
    /// - Throws: `ToolError(.backendFailed)` when the program cannot be started.
    static func spawn(
        executable: String, arguments: [String], workingDirectory: String, environment: [String: String],
        stdin: Int32?, stdout: Int32?, stderr: Int32?, channel: (source: Int32, target: Int32)? = nil,
        confinement: ProcessConfinement? = nil
    ) throws(ToolError) -> pid_t {
        if let confinement, channel == nil {
            return try spawnConfined(
                executable: executable, arguments: arguments, workingDirectory: workingDirectory,
                environment: environment, stdin: stdin, stdout: stdout, stderr: stderr, confinement: confinement)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stdin {
            posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        for (descriptor, target) in [(stdout, Int32(1)), (stderr, Int32(2))] {
            if let descriptor {
                posix_spawn_file_actions_adddup2(&actions, descriptor, target)
            } else {
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_WRONLY, 0)
            }
        }
        if let channel { posix_spawn_file_actions_adddup2(&actions, channel.source, channel.target) }
        _ = cps_spawn_add_closefrom(&actions, (channel?.target ?? 2) + 1)
        guard cps_spawn_add_chdir(&actions, workingDirectory) == 0 else {
            throw ToolError(.backendFailed, "cannot start \(executable) in \(workingDirectory)")
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) }
        let environmentStrings = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") }
        defer {
            for pointer in argv + environmentStrings { free(pointer) }
        }
        var pid: pid_t = 0
        let code = (argv + [nil]).withUnsafeBufferPointer { argvBuffer in
            (environmentStrings + [nil]).withUnsafeBufferPointer { environmentBuffer in
                guard let argv = argvBuffer.baseAddress, let environment = environmentBuffer.baseAddress else {
                    return EINVAL
                }
                return posix_spawn(&pid, executable, &actions, &attributes, argv, environment)
            }
        }
        guard code == 0 else {
            throw ToolError(.backendFailed, "cannot start \(executable): \(systemMessage(code))")
        }
        return pid
    }

    /// Starts a backend confined like the sandbox (see `ProcessConfinement`).
    private static func spawnConfined(
        executable: String, arguments: [String], workingDirectory: String, environment: [String: String],
        stdin: Int32?, stdout: Int32?, stderr: Int32?, confinement: ProcessConfinement
    ) throws(ToolError) -> pid_t {
        // Everything the child needs is allocated before the fork: the child only makes system calls.
        let argv = ([executable] + arguments).map { UnsafePointer(strdup($0)) }
        let environmentStrings = environment.sorted { $0.key < $1.key }.map { UnsafePointer(strdup("\($0.key)=\($0.value)")) }
        let directory = strdup(workingDirectory)
        let program = strdup(executable)
        let ruleset = FileSystemRuleset.make(confinement)
        defer {
            for pointer in argv + environmentStrings { free(UnsafeMutablePointer(mutating: pointer)) }
            free(directory)
            free(program)
        }
        guard let directory, let program else { throw ToolError(.backendFailed, "out of memory starting \(executable)") }
        let pid = (argv + [nil]).withUnsafeBufferPointer { argvBuffer in
            (environmentStrings + [nil]).withUnsafeBufferPointer { environmentBuffer -> pid_t in
                guard let argvBase = argvBuffer.baseAddress, let environmentBase = environmentBuffer.baseAddress
                else { return -1 }
                var spec = cps_confined_spawn(
                    executable: program, argv: argvBase, envp: environmentBase, working_directory: directory,
                    stdin_fd: stdin ?? -1, stdout_fd: stdout ?? -1, stderr_fd: stderr ?? -1,
                    landlock_ruleset: ruleset?.descriptor ?? -1,
                    require_file_system_confinement: confinement.requireFileSystemConfinement ? 1 : 0)
                return withExtendedLifetime(ruleset) { cps_spawn_confined(&spec) }
            }
        }
        guard pid > 0 else {
            throw ToolError(.backendFailed, "cannot start \(executable): \(systemMessage(errno))")
        }
        return pid
    }

    /// A pipe whose ends close on exec (the spawn also closes every descriptor above 2).
    static func makePipe(_ ends: inout [Int32]) -> Bool {
        ends.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { cps_pipe_cloexec($0) == 0 } ?? false
        }
    }
}
