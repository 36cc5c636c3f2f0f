import CPythonShim
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The code that runs inside a worker process (`punie-worker`): a warm zygote.
///
/// It starts the interpreter once (harness and stubs loaded), then for each `execute` frame imports
/// the allowed modules the program names (kept for later executions), forks a child that confines itself (limits, seccomp),
/// runs the program, talks to the host over the channel, and exits. The zygote waits for the
/// child and reports how it ended. Every execution therefore starts from the same fresh
/// copy-on-write interpreter state, whatever the previous one did.
///
/// - Important: the worker must stay single-threaded (no Dispatch, no Swift concurrency, no
///   Foundation threads), because it forks.
public enum SandboxWorker {
    /// The descriptor of the channel to the host in a worker process.
    public static let channelDescriptor: Int32 = 3

    /// The execute request of one program.
    struct Request: Codable {
        var code: String
        var limits: ExecutionLimits
        var estimates: Bool
        var guardProgram: Bool
    }

    /// Serves the host until it says `shutdown` or closes the channel; returns the exit status.
    public static func serve() -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        let channel = WorkerChannel(descriptor: channelDescriptor, plainIO: true)
        let bridge = ToolBridge()
        if let failure = InterpreterCore.bootstrap(bridge: bridge, catalog: .standard) {
            channel.send(WorkerFrame(kind: .fatal, token: 0, payload: Array(failure.message.utf8)))
            return 1
        }
        let gil = GIL.acquiredByCaller()
        InterpreterCore.prepare("", gil)
        if let failure = PlatformConfinement.confineWorker() {
            channel.send(WorkerFrame(kind: .fatal, token: 0, payload: Array(failure.utf8)))
            return 1
        }
        channel.send(WorkerFrame(kind: .ready, token: 0, payload: Array(String(getpid()).utf8)))
        while true {
            let frame: WorkerFrame
            do {
                frame = try channel.receive()
            } catch {
                return 0
            }
            switch frame.kind {
            case .execute:
                guard let request = try? JSONDecoder().decode(Request.self, from: Data(frame.payload)) else {
                    channel.send(WorkerFrame(kind: .fatal, token: frame.token, payload: Array("bad execute frame".utf8)))
                    return 1
                }
                runForked(request, token: frame.token, channel: channel, bridge: bridge, gil)
            case .shutdown:
                return 0
            default:
                channel.send(WorkerFrame(kind: .fatal, token: frame.token, payload: Array("unexpected frame".utf8)))
                return 1
            }
        }
    }

    /// Imports what the program may import (in the trusted zygote, so later forks inherit it), forks
    /// the child that runs `request`, waits for it, and reports how it ended.
    private static func runForked(
        _ request: Request, token: UInt64, channel: WorkerChannel, bridge: ToolBridge, _ gil: borrowing GIL
    ) {
        InterpreterCore.prepare(request.code, gil)
        let pid = cps_fork()
        if pid == 0 {
            PyOS_AfterFork_Child()
            _exit(runChild(request, token: token, channel: channel, bridge: bridge, gil))
        }
        guard pid > 0 else {
            let message = "fork failed: \(systemMessage(errno))"
            channel.send(WorkerFrame(kind: .exited, token: token, payload: Array("error \(message)".utf8)))
            return
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        let description =
            (status & 0x7f) == 0 ? "exit \((status >> 8) & 0xff)" : "signal \(status & 0x7f)"
        channel.send(WorkerFrame(kind: .exited, token: token, payload: Array(description.utf8)))
    }

    /// The child: confine, run, report. Returns the exit status.
    private static func runChild(
        _ request: Request, token: UInt64, channel: WorkerChannel, bridge: ToolBridge, _ gil: borrowing GIL
    ) -> Int32 {
        channel.send(WorkerFrame(kind: .hello, token: token, payload: Array(String(getpid()).utf8)))
        if let failure = PlatformConfinement.confineExecution(limits: request.limits) {
            let report = HarnessReport(
                status: .crashed, error: ProgramError(type: "SandboxError", message: failure))
            channel.send(WorkerFrame(kind: .report, token: token, payload: encode(report)))
            return 1
        }
        let tools: ToolCallHandler = { name, arguments in
            if name == HarnessChannel.stdout {
                channel.send(WorkerFrame(kind: .stdout, token: token, payload: arguments))
                return .result([])
            }
            var payload = Array(name.utf8)
            payload.append(0)
            payload.append(contentsOf: arguments)
            guard channel.send(WorkerFrame(kind: .toolCall, token: token, payload: payload)),
                let answer = try? channel.receive(), answer.kind == .toolResult, let kind = answer.payload.first
            else { return .toolError("the host did not answer the tool call") }
            let body = Array(answer.payload.dropFirst())
            switch kind {
            case 0: return .result(body)
            case 2: return .argumentError(String(decoding: body, as: UTF8.self))
            default: return .toolError(String(decoding: body, as: UTF8.self))
            }
        }
        let options = HarnessOptions(
            outputLimit: request.limits.output, recursionLimit: request.limits.recursion,
            timeout: request.limits.timeout, cpuLimit: request.limits.cpuTime, estimates: request.estimates,
            stream: true, guardProgram: request.guardProgram)
        let report = InterpreterCore.execute(request.code, options: options, tools: tools, bridge: bridge, gil)
        channel.send(WorkerFrame(kind: .report, token: token, payload: encode(report)))
        return 0
    }

    private static func encode(_ report: HarnessReport) -> [UInt8] {
        Array((try? JSONEncoder().encode(report)) ?? Data("{}".utf8))
    }
}

/// Reserved names on the harness's tool channel.
enum HarnessChannel {
    /// A chunk of stdout sent ahead of the report (runtime.py `STDOUT_CHANNEL`).
    static let stdout = "\u{0}stdout"
}
