import CPythonShim
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A one-shot sandbox worker forked from the calling process instead of spawned from `punie-worker`.
///
/// A cold `punie-exec run` pays for two process starts (the host, then its worker); forking the
/// host saves the second one (loading the Swift runtime, FoundationEssentials and libpython again).
/// The forked process becomes exactly what a spawned worker is: the channel on descriptor 3,
/// /dev/null for stdin, stdout and stderr and no other descriptor, default signal handling, its
/// own process group, an empty working directory removed once it is in it, and the scrubbed
/// environment of a spawned worker, the host's environment strings overwritten in its memory. It
/// then runs its one program itself (`SandboxWorker.serveInPlace`) instead of forking an execution
/// process for it, and exits; the output mirror it shares with the host, mapped before the fork,
/// carries what a killed or crashed program printed.
///
/// Forking is only safe while the process runs a single thread: `fork()` returns nil otherwise
/// (and when the fork fails), and the executor spawns its worker as usual.
public final class ForkedWorker: Sendable {
    private let process: Mutex<WorkerProcessBox?>

    private init(_ process: WorkerProcess) {
        self.process = Mutex(WorkerProcessBox(process))
    }

    /// Forks the worker, or returns nil when the process runs more than one thread or the fork fails.
    public static func fork() -> ForkedWorker? {
        #if os(Linux)
            guard threadCount() == 1 else { return nil }
            var pair: [Int32] = [-1, -1]
            guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
                return nil
            }
            guard let mirror = OutputMirror() else {
                close(pair[0])
                close(pair[1])
                return nil
            }
            let environment = WorkerProcess.environment()
            let pid = cps_fork()
            if pid == 0 {
                close(pair[0])
                becomeWorker(channel: pair[1], environment: environment, mirror: mirror)
            }
            close(pair[1])
            guard pid > 0 else {
                close(pair[0])
                return nil
            }
            _ = cps_make_way_for_child(pid)
            return ForkedWorker(WorkerProcess(forked: pid, channel: pair[0], mirror: mirror))
        #else
            return nil
        #endif
    }

    /// The worker process, once (the pool that takes it owns it from then on).
    func take() -> WorkerProcessBox? {
        process.withLock { box in
            defer { box = nil }
            return box
        }
    }

    private static func threadCount() -> Int {
        guard let directory = opendir("/proc/self/task") else { return Int.max }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { $0.first }
            if name != UInt8(ascii: ".") { count += 1 }
        }
        return count
    }

    #if os(Linux)
    /// In the forked child: set the process up as a spawned worker would be, then serve. Never returns.
    private static func becomeWorker(channel: Int32, environment: [String: String], mirror: OutputMirror) -> Never {
        if channel != SandboxWorker.channelDescriptor {
            guard dup2(channel, SandboxWorker.channelDescriptor) >= 0 else { _exit(126) }
            close(channel)
        }
        let null = open("/dev/null", O_RDWR)
        guard null >= 0 else { _exit(126) }
        for standard in Int32(0)...2 where null != standard { dup2(null, standard) }
        closefrom(SandboxWorker.channelDescriptor + 1)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        sigprocmask(SIG_SETMASK, &noSignals, nil)
        for number in 1..<Int32(65) where number != SIGKILL && number != SIGSTOP { signal(number, SIG_DFL) }
        setpgid(0, 0)
        replaceEnvironment(with: environment)
        guard let directory = WorkerProcess.makeWorkingDirectory(), chdir(directory) == 0 else { _exit(126) }
        rmdir(directory)
        _exit(SandboxWorker.serveInPlace(mirror: mirror))
    }

    /// Overwrites the host's environment strings in this process's memory, then sets what a spawned
    /// worker gets.
    private static func replaceEnvironment(with environment: [String: String]) {
        var entry = environ  // never null before clearenv: the kernel always passes an array
        while let string = entry.pointee {
            memset(string, 0, strlen(string))
            entry += 1
        }
        clearenv()
        for (name, value) in environment { setenv(name, value, 1) }
    }
    #endif
}

/// Carries a worker process (not Sendable: one owner at a time) to the pool thread that takes it.
struct WorkerProcessBox: @unchecked Sendable {
    let process: WorkerProcess
    init(_ process: WorkerProcess) { self.process = process }
}
