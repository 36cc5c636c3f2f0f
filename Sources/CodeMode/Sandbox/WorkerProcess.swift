#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Glibc)
    import Glibc
#endif

/// The host's handle on one warm worker process: starts it, runs executions on it, kills it.
///
/// Not Sendable: a pool thread owns each worker. A worker that crashes, hangs, overruns or breaks
/// the protocol is killed; the owner starts a new one before the next execution.
final class WorkerProcess {
    /// The worker's process id.
    let pid: pid_t
    private let channel: WorkerChannel
    private(set) var alive = true
    /// A worker that runs one program itself (forked by the host, see `ForkedWorker`) shares this
    /// mirror of the program's stdout with the host; nil for a zygote, which relays what its
    /// execution processes printed.
    private let inPlaceMirror: OutputMirror?
    /// An in-place worker that has run its program: it exits by itself and is replaced before the
    /// next execution (not at once: a one-shot run is usually over by then).
    private(set) var spent = false

    /// How long a worker may take to start.
    static let startTimeout = 20.0
    /// Grace after the soft wall-time limit before the host kills the program.
    static let killGrace = 0.5

    /// Starts a worker from `executable` with a scrubbed environment, an empty working directory
    /// (made for it and removed as soon as it is in it, so nothing can be created there and nothing
    /// is left behind) and no descriptors but its channel, and waits until it is ready (after
    /// `WorkerWarmUp` for a warm worker). `arguments` say which worker (`SandboxWorker.arguments`).
    init(executable: String, arguments: [String]) throws(SandboxError) {
        var pair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
            throw SandboxError("cannot create the worker channel: \(systemMessage(errno))")
        }
        guard let workingDirectory = Self.makeWorkingDirectory() else {
            close(pair[0])
            close(pair[1])
            throw SandboxError("cannot create the worker's working directory: \(systemMessage(errno))")
        }
        // posix_spawn returns once the child has changed into it and exec'd (or failed).
        defer { rmdir(workingDirectory) }
        let spawned: pid_t
        do {
            spawned = try ProcessSpawner.spawn(
                executable: executable,
                arguments: arguments,
                workingDirectory: workingDirectory, environment: Self.environment(),
                stdin: nil, stdout: nil, stderr: nil, channel: (pair[1], SandboxWorker.channelDescriptor))
        } catch {
            close(pair[0])
            close(pair[1])
            throw SandboxError("cannot start the worker \(executable): \(error.message)")
        }
        close(pair[1])
        pid = spawned
        channel = WorkerChannel(descriptor: pair[0])
        inPlaceMirror = nil
        try awaitReady()
    }

    /// Takes a worker forked from this process that runs its one program in place (see
    /// `ForkedWorker`), sharing `mirror` with it; `awaitReady` must follow.
    init(forked pid: pid_t, channel descriptor: Int32, mirror: OutputMirror) {
        self.pid = pid
        channel = WorkerChannel(descriptor: descriptor)
        inPlaceMirror = mirror
    }

    /// Waits for the worker's ready frame; kills it and throws when it does not come.
    func awaitReady() throws(SandboxError) {
        do {
            let frame = try channel.receive(deadline: monotonicSeconds() + Self.startTimeout)
            guard frame.kind == .ready else {
                let message = String(decoding: frame.payload, as: UTF8.self)
                terminate()
                throw SandboxError("the worker failed to start: \(message)")
            }
        } catch let failure as ChannelFailure {
            terminate()
            throw SandboxError("the worker did not start (\(failure))")
        } catch let error as SandboxError {
            throw error
        } catch {
            terminate()
            throw SandboxError("the worker did not start")
        }
    }

    deinit { terminate() }

    /// A worker's private empty working directory, new, or nil when none can be made.
    static func makeWorkingDirectory() -> String? { TemporaryDirectory.make("/tmp/punie-worker-XXXXXX") }

    /// The whole environment of a worker: a UTF-8 locale, a minimal PATH and the bytecode cache.
    static func environment() -> [String: String] {
        var environment = ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin"]
        if let cache = BytecodeCache.directoryPath() { environment["XDG_CACHE_HOME"] = cache }
        return environment
    }

    /// Kills the worker (and any execution it is running) and reaps it; returns its wait status
    /// (nil when it had been terminated before).
    @discardableResult
    func terminate() -> Int32? {
        guard alive else { return nil }
        alive = false
        kill(pid, SIGKILL)
        close(channel.descriptor)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return status
    }

    /// An in-place worker that ended without a report: reaps it and records what its program
    /// printed and how the process ended, as a zygote reports an execution process.
    private func collectInPlaceEnding(into session: inout Session) {
        guard let mirror = inPlaceMirror else { return }
        if let status = terminate() { session.exit = SandboxWorker.ending(ofWaitStatus: status) }
        session.mirroredStdout = String(decoding: mirror.text, as: UTF8.self)
    }

    /// The channel broke during an execution: a zygote is lost with it; an in-place worker was the
    /// execution process, which ended.
    private func loseWorker(_ session: inout Session) {
        if inPlaceMirror != nil {
            collectInPlaceEnding(into: &session)
        } else {
            terminate()
            session.workerLost = true
        }
    }

    /// Runs one program; tool calls are answered by `tools`. Never throws: every failure is a status.
    func run(_ request: SandboxWorker.Request, tools: ToolCallHandler) -> HarnessReport {
        let token = UInt64.random(in: 1...UInt64.max)
        guard alive, !spent, channel.send(WorkerFrame(kind: .execute, token: token, payload: request.jsonBytes))
        else {
            terminate()
            return .internalFailure("the worker is not available")
        }
        var session = Session(token: token, softDeadline: monotonicSeconds() + request.limits.timeout)
        while true {
            let deadline = session.childPid == nil ? session.softDeadline + Self.startTimeout : session.hardDeadline
            let frame: WorkerFrame
            do {
                frame = try channel.receive(deadline: deadline)
            } catch .timedOut {
                if session.killIssued {
                    collectInPlaceEnding(into: &session)
                    terminate()
                    return session.outcome(limits: request.limits)
                }
                session.killIssued = true
                if let child = session.childPid { kill(child, SIGKILL) }
                session.hardDeadline = monotonicSeconds() + 5
                continue
            } catch {
                loseWorker(&session)
                return session.outcome(limits: request.limits)
            }
            guard frame.token == token else {
                terminate()
                return .internalFailure("the worker sent a frame with a forged execution token; it was killed")
            }
            switch frame.kind {
            case .hello:
                session.childPid = pid_t(String(decoding: frame.payload, as: UTF8.self))
                session.hardDeadline = session.softDeadline + Self.killGrace
            case .toolCall:
                let split = frame.payload.firstIndex(of: 0) ?? frame.payload.endIndex
                let name = String(decoding: frame.payload[..<split], as: UTF8.self)
                let arguments = split < frame.payload.endIndex ? Array(frame.payload[(split + 1)...]) : []
                // The host's tool time does not count against the program's wall time.
                let started = monotonicSeconds()
                let answer = tools(name, arguments)
                let spent = monotonicSeconds() - started
                session.softDeadline += spent
                session.hardDeadline += spent
                guard channel.send(WorkerFrame(kind: .toolResult, token: token, payload: answer.wirePayload)) else {
                    loseWorker(&session)
                    return session.outcome(limits: request.limits)
                }
            case .stdout:
                session.mirroredStdout += String(decoding: frame.payload, as: UTF8.self)
            case .report:
                // The report is the outcome: answer without waiting for the process to exit.
                guard let report = JSONParser.parse(frame.payload).value.map(HarnessReport.init(json:)) else {
                    terminate()
                    return .internalFailure("the worker sent an unreadable report; it was killed")
                }
                if inPlaceMirror != nil { spent = true }
                return report
            case .exited:
                session.exit = String(decoding: frame.payload, as: UTF8.self)
                return session.outcome(limits: request.limits)
            default:
                terminate()
                return .internalFailure("the worker broke the protocol (frame \(frame.kind)); it was killed")
            }
        }
    }
}

/// The host's view of one execution in progress.
private struct Session {
    let token: UInt64
    var softDeadline: Double
    var hardDeadline: Double = .infinity
    var childPid: pid_t?
    var killIssued = false
    var workerLost = false
    /// What a program that did not report printed (the zygote's copy of its stdout).
    var mirroredStdout = ""
    var exit: String?

    init(token: UInt64, softDeadline: Double) {
        self.token = token
        self.softDeadline = softDeadline
    }

    /// The outcome of an execution that ended without a report, from what the host knows (mirrored
    /// stdout, a kill, how the process ended).
    func outcome(limits: ExecutionLimits) -> HarnessReport {
        let status: ExecutionStatus
        let error: ProgramError
        if killIssued {
            status = .timeout
            error = ProgramError(
                type: "Timeout",
                message: "the program ran longer than the \(format(limits.timeout))-second limit and was killed")
        } else if exit == "signal 24" || exit == "signal 9" && !workerLost {
            status = .cpuLimit
            error = ProgramError(
                type: "CPULimit", message: "the program used more than \(format(limits.cpuTime)) seconds of CPU time and was killed")
        } else {
            status = .crashed
            let how = exit.map { " (\($0))" } ?? ""
            error = ProgramError(
                type: "Crashed", message: "the interpreter running the program died\(how); the host is unaffected")
        }
        var report = HarnessReport(status: status, stdout: mirroredStdout, error: error)
        report.error?.traceback = ["\(error.type): \(error.message)"]
        return report
    }

    private func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}

extension ToolAnswer {
    /// The toolResult payload: a kind byte (0 result, 1 tool error, 2 argument error), then the body.
    var wirePayload: [UInt8] {
        switch self {
        case .result(let bytes): [0] + bytes
        case .toolError(let message): [1] + Array(message.utf8)
        case .argumentError(let message): [2] + Array(message.utf8)
        }
    }
}

/// Why the sandbox could not run anything (a worker that cannot start).
public struct SandboxError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
