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
    struct Request {
        var code: String
        var limits: ExecutionLimits
        var estimates: Bool
        var guardProgram: Bool

        /// The execute frame's payload.
        var jsonBytes: [UInt8] {
            JSONValue.object(
                JSONObject([
                    ("code", .string(code)), ("timeout", .double(limits.timeout)), ("cpu", .double(limits.cpuTime)),
                    ("memory", .int(limits.memory)), ("output", .int(limits.output)),
                    ("recursion", .int(limits.recursion)), ("estimates", .bool(estimates)),
                    ("guard", .bool(guardProgram)),
                ])
            ).jsonBytes
        }

        /// Reads an execute frame's payload; nil when it is not one.
        init?(jsonBytes: [UInt8]) {
            guard let object = JSONParser.parse(jsonBytes).value?.objectValue,
                let code = object["code"]?.stringValue,
                let timeout = object["timeout"]?.numberValue, let cpu = object["cpu"]?.numberValue,
                let memory = object["memory"]?.intValue, let output = object["output"]?.intValue,
                let recursion = object["recursion"]?.intValue
            else { return nil }
            self.code = code
            limits = ExecutionLimits(timeout: timeout, cpuTime: cpu, memory: memory, output: output, recursion: recursion)
            estimates = object["estimates"] == .bool(true)
            guardProgram = object["guard"] != .bool(false)
        }

        init(code: String, limits: ExecutionLimits, estimates: Bool, guardProgram: Bool) {
            self.code = code
            self.limits = limits
            self.estimates = estimates
            self.guardProgram = guardProgram
        }
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
        warmEncoding()
        channel.send(WorkerFrame(kind: .ready, token: 0, payload: Array(String(getpid()).utf8)))
        var mirror = OutputMirror()
        while true {
            let frame: WorkerFrame
            do {
                frame = try channel.receive()
            } catch {
                return 0
            }
            switch frame.kind {
            case .execute:
                guard let request = Request(jsonBytes: frame.payload) else {
                    channel.send(WorkerFrame(kind: .fatal, token: frame.token, payload: Array("bad execute frame".utf8)))
                    return 1
                }
                mirror.prepare(forOutputLimit: request.limits.output)
                runForked(request, token: frame.token, channel: channel, bridge: bridge, mirror: mirror, gil)
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
        _ request: Request, token: UInt64, channel: WorkerChannel, bridge: ToolBridge, mirror: OutputMirror,
        _ gil: borrowing GIL
    ) {
        InterpreterCore.prepare(request.code, gil)
        try? Harness.callFunction("freeze_for_fork", argument: "", gil)
        let pid = cps_fork()
        if pid == 0 {
            PyOS_AfterFork_Child()
            _exit(runChild(request, token: token, channel: channel, bridge: bridge, mirror: mirror, gil))
        }
        guard pid > 0 else {
            let message = "fork failed: \(systemMessage(errno))"
            channel.send(WorkerFrame(kind: .exited, token: token, payload: Array("error \(message)".utf8)))
            return
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        // A child that did not report (killed in C code, crashed) still printed something: send it.
        if !mirror.reported, let printed = mirror.text, !printed.isEmpty {
            channel.send(WorkerFrame(kind: .stdout, token: token, payload: printed))
        }
        let description =
            (status & 0x7f) == 0 ? "exit \((status >> 8) & 0xff)" : "signal \(status & 0x7f)"
        channel.send(WorkerFrame(kind: .exited, token: token, payload: Array(description.utf8)))
    }

    /// The child: confine, run, report. Returns the exit status.
    private static func runChild(
        _ request: Request, token: UInt64, channel: WorkerChannel, bridge: ToolBridge, mirror: OutputMirror,
        _ gil: borrowing GIL
    ) -> Int32 {
        channel.send(WorkerFrame(kind: .hello, token: token, payload: Array(String(getpid()).utf8)))
        if let failure = PlatformConfinement.confineExecution(limits: request.limits) {
            let report = HarnessReport(
                status: .crashed, error: ProgramError(type: "SandboxError", message: failure))
            channel.send(WorkerFrame(kind: .report, token: token, payload: encode(report)))
            return 1
        }
        let tools: ToolCallHandler = { name, arguments in
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
            mirrorStdout: true, guardProgram: request.guardProgram)
        let report = InterpreterCore.execute(request.code, options: options, tools: tools, bridge: bridge, gil)
        channel.send(WorkerFrame(kind: .report, token: token, payload: encode(report)))
        mirror.markReported()
        return 0
    }

    /// Runs the Swift encoding an execution child does (options, report) once in the zygote, so the
    /// runtime's lazy protocol-conformance lookups and symbol bindings happen once, before fork, and
    /// are inherited by every child instead of being repeated (and thrown away) in each one: about
    /// a millisecond per execution.
    private static func warmEncoding() {
        let options = HarnessOptions(
            outputLimit: 1, recursionLimit: 1, timeout: 1, cpuLimit: 1, estimates: true, mirrorStdout: true,
            guardProgram: true)
        _ = options.json()
        let trace = JSONValue.object(
            JSONObject([("a", .array([.null, .bool(true), .int(1), .double(0.5), .string("s")]))]))
        var report = HarnessReport(
            status: .error, stdout: "", error: ProgramError(type: "E", message: "m"), fieldAccess: trace)
        report.error?.traceback = ["E: m"]
        _ = encode(report)
    }

    private static func encode(_ report: HarnessReport) -> [UInt8] {
        report.jsonValue.jsonBytes
    }
}

/// Shared memory between the zygote and its children holding a copy of the program's stdout
/// (written by `_punie.mirror_stdout`), so the zygote can hand the host what a killed program printed.
struct OutputMirror {
    private var region: UnsafeMutableRawPointer?
    private var capacity = 0

    /// Makes room for `limit` characters of output (4 bytes each at most) and empties the mirror.
    mutating func prepare(forOutputLimit limit: Int) {
        let needed = min(limit, 16 << 20) * 4
        if needed > capacity {
            if let region { munmap(region, capacity + 16) }
            let mapped = mmap(nil, needed + 16, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0)
            if let mapped, mapped != MAP_FAILED {
                region = mapped
                capacity = needed
            } else {
                region = nil
                capacity = 0
            }
        }
        if let region { memset(region, 0, 16) }
        cps_set_output_mirror(region, capacity)
    }

    /// The mirrored stdout as UTF-8 bytes, or nil without a mirror.
    var text: [UInt8]? {
        guard let region else { return nil }
        let length = min(Int(region.load(as: UInt64.self)), capacity)
        return Array(UnsafeRawBufferPointer(start: region + 16, count: length))
    }

    /// True once the child has sent its report.
    var reported: Bool { region.map { $0.load(fromByteOffset: 8, as: UInt64.self) != 0 } ?? false }

    /// Called by the child after it sent its report.
    func markReported() { region?.storeBytes(of: UInt64(1), toByteOffset: 8, as: UInt64.self) }
}
