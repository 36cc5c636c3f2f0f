import CPythonShim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One backend program to run: argv without a shell, an explicit environment, limits.
public struct ProcessRequest: Sendable, Equatable {
    /// The absolute path of the program.
    public var executable: String
    /// The arguments after argv[0].
    public var arguments: [String]
    /// The working directory.
    public var workingDirectory: String
    /// The complete environment (nothing is inherited).
    public var environment: [String: String]
    /// Wall-time limit in seconds; the whole process group is killed at the deadline.
    public var timeout: Double
    /// The most bytes of stdout plus stderr kept; more kills the process group.
    public var outputLimit: Int
    /// How the program is confined (nil: not at all).
    public var confinement: ProcessConfinement?

    public init(
        executable: String, arguments: [String], workingDirectory: String, environment: [String: String],
        timeout: Double = 60, outputLimit: Int = 16 << 20, confinement: ProcessConfinement? = nil
    ) {
        self.executable = executable
        self.arguments = arguments
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.timeout = timeout
        self.outputLimit = outputLimit
        self.confinement = confinement
    }
}

/// What a backend program did.
public struct ProcessOutput: Sendable, Equatable {
    /// The exit status, or nil when the program was killed by a signal.
    public var exitCode: Int32?
    /// The signal that ended the program, if any.
    public var signal: Int32?
    /// Everything written to stdout (up to the limit).
    public var stdout: [UInt8]
    /// Everything written to stderr (up to the limit).
    public var stderr: [UInt8]
    /// True when the program was killed at its deadline.
    public var timedOut: Bool
    /// True when the program was killed for writing more than the output limit.
    public var outputLimitExceeded: Bool
    /// Wall time in seconds.
    public var duration: Double

    /// stderr as text, for messages.
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// Runs backend programs; a protocol so that tests can substitute a fake.
public protocol ToolRunner: Sendable {
    /// Runs `request` to completion or to one of its limits.
    /// - Throws: `ToolError(.backendFailed)` when the program cannot be started.
    func run(_ request: ProcessRequest) throws(ToolError) -> ProcessOutput
}

/// Runs programs with `posix_spawn` in a new process group, stdin from /dev/null, no inherited
/// descriptors, and kills the whole group on a deadline or output overrun.
public struct ProcessRunner: ToolRunner {
    public init() {}

    public func run(_ request: ProcessRequest) throws(ToolError) -> ProcessOutput {
        let start = monotonicSeconds()
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        guard ProcessSpawner.makePipe(&outPipe) else { throw spawnError(request, errno) }
        guard ProcessSpawner.makePipe(&errPipe) else {
            closeAll(outPipe)
            throw spawnError(request, errno)
        }
        let pid: pid_t
        do {
            pid = try ProcessSpawner.spawn(
                executable: request.executable, arguments: request.arguments,
                workingDirectory: request.workingDirectory, environment: request.environment,
                stdin: nil, stdout: outPipe[1], stderr: errPipe[1], confinement: request.confinement)
        } catch {
            closeAll(outPipe + errPipe)
            throw error
        }
        close(outPipe[1])
        close(errPipe[1])
        let exitDescriptor = cps_pidfd_open(pid)  // readable once the program has exited
        defer { if exitDescriptor >= 0 { close(exitDescriptor) } }
        var collector = OutputCollector(
            stdout: outPipe[0], stderr: errPipe[0], limit: request.outputLimit, deadline: start + request.timeout)
        collector.collect()
        var status: Int32 = 0
        var reaped = false
        if !collector.timedOut, !collector.overflowed {
            // Both pipes are closed, but the program may not have exited yet: wait for it until the
            // deadline, so that a program that closes its output before exiting is not killed.
            reaped = Self.waitForExit(
                pid, exitDescriptor: exitDescriptor, status: &status, deadline: start + request.timeout)
            collector.timedOut = !reaped
        }
        // Whatever is left of the group (a hung program, children holding our pipes) goes now.
        kill(-pid, SIGKILL)
        if !reaped { while waitpid(pid, &status, 0) < 0, errno == EINTR {} }
        close(outPipe[0])
        close(errPipe[0])
        let exited = (status & 0x7f) == 0
        return ProcessOutput(
            exitCode: exited && !collector.timedOut && !collector.overflowed ? (status >> 8) & 0xff : nil,
            signal: exited ? nil : status & 0x7f,
            stdout: collector.stdoutBytes, stderr: collector.stderrBytes,
            timedOut: collector.timedOut, outputLimitExceeded: collector.overflowed,
            duration: monotonicSeconds() - start)
    }

    /// Waits for the exit of `pid` until `deadline`; true when it was reaped (status filled in).
    ///
    /// A program's pipes reach end of file while it is still exiting, so the first look usually
    /// finds it alive. With its pidfd (`exitDescriptor`, Linux 5.3+) the wait ends the moment it has
    /// exited; without one it is polled, with pauses from 0.2 ms doubling up to 10 ms.
    private static func waitForExit(_ pid: pid_t, exitDescriptor: Int32, status: inout Int32, deadline: Double)
        -> Bool
    {
        var pause = 0.0002
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { return true }
            if result < 0, errno != EINTR { return true }
            let remaining = deadline - monotonicSeconds()
            if remaining <= 0 { return false }
            if exitDescriptor >= 0 {
                var entry = pollfd(fd: exitDescriptor, events: Int16(POLLIN), revents: 0)
                _ = poll(&entry, 1, Int32(min(remaining * 1000 + 1, 60_000)))
            } else {
                usleep(useconds_t(pause * 1_000_000))
                pause = min(pause * 2, 0.01)
            }
        }
    }

    private func spawnError(_ request: ProcessRequest, _ code: Int32) -> ToolError {
        ToolError(.backendFailed, "cannot start \(request.executable): \(systemMessage(code))")
    }


    private func closeAll(_ descriptors: [Int32]) {
        for descriptor in descriptors where descriptor >= 0 { close(descriptor) }
    }
}

/// Reads a child's stdout and stderr until both close, the deadline passes or the limit is hit.
private struct OutputCollector {
    let stdout: Int32
    let stderr: Int32
    let limit: Int
    let deadline: Double
    var stdoutBytes: [UInt8] = []
    var stderrBytes: [UInt8] = []
    var timedOut = false
    var overflowed = false

    init(stdout: Int32, stderr: Int32, limit: Int, deadline: Double) {
        self.stdout = stdout
        self.stderr = stderr
        self.limit = limit
        self.deadline = deadline
    }

    mutating func collect() {
        var open: [Int32] = [stdout, stderr]
        // Not zeroed: `read` fills what is used (zeroing 64 KiB took ≈ 30 µs of a 2 ms backend run).
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        while !open.isEmpty {
            let remaining = deadline - monotonicSeconds()
            if remaining <= 0 {
                timedOut = true
                return
            }
            var polls = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&polls, nfds_t(polls.count), Int32(min(remaining * 1000 + 1, 60_000)))
            if ready < 0 {
                if errno == EINTR { continue }
                return
            }
            for entry in polls where entry.revents != 0 {
                let count = read(entry.fd, buffer.baseAddress, buffer.count)
                if count > 0 {
                    let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
                    if entry.fd == stdout {
                        stdoutBytes.append(contentsOf: chunk)
                    } else {
                        stderrBytes.append(contentsOf: chunk)
                    }
                    if stdoutBytes.count + stderrBytes.count > limit {
                        overflowed = true
                        return
                    }
                } else if count == 0 || errno != EINTR {
                    open.removeAll { $0 == entry.fd }
                }
            }
        }
    }
}

/// Seconds on the monotonic clock.
func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
