import CPythonShim
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Glibc)
    import Glibc
#endif

/// The code that runs inside a worker process (`punie-worker`): a warm zygote.
///
/// It starts the interpreter once (harness, stubs and every importable module loaded), then keeps
/// one execution process forked ahead of time: a standby that has already paid for the fork,
/// faulted in the pages recent executions touched (`HotPages`) and locked itself down (seccomp)
/// while the worker was idle or the previous program ran. When the previous execution process has
/// reported (or ended without a report, which the zygote then tells the host), the zygote lets the
/// standby go: it reads the next `execute` frame from the channel itself, applies the program's
/// limits, runs it, talks to the host, reports and exits; the zygote forks the next standby. Every
/// execution therefore starts from the same fresh copy-on-write interpreter state, whatever the
/// previous one did, and the fork is off the critical path.
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

    /// The worker argument of a worker that will run many programs (see `serve(warmUp:prefault:)`).
    public static let warmUpArgument = "--warm-up"
    /// The worker argument that turns `HotPages` off (see `serve(warmUp:prefault:)`).
    public static let noPrefaultArgument = "--no-prefault"
    /// The prefix of the worker argument that limits a warm worker's imports to the allowed modules
    /// named among these words (see `serve(warmUp:prefault:preloadAmong:)`).
    public static let preloadAmongPrefix = "--preload-among="

    /// The arguments of a worker that runs programs (see `serve(warmUp:prefault:preloadAmong:)`).
    static func arguments(warmUp: Bool, prefault: Bool, preloadAmong: String? = nil) -> [String] {
        (warmUp ? [warmUpArgument] : []) + (prefault ? [] : [noPrefaultArgument])
            + (warmUp ? preloadAmong.map { [preloadAmongPrefix + $0] } ?? [] : [])
    }

    /// Serves the host until it says `shutdown` or closes the channel; returns the exit status.
    /// - Parameter warmUp: the worker will run many programs: import every allowed module and run
    ///   `WorkerWarmUp` once, before the first fork. Without it (a one-shot run) each execution
    ///   process imports only what its program names, before it locks itself down, and the next
    ///   execution process is forked only once the previous one has finished.
    /// - Parameter preloadAmong: with `warmUp`, import only the allowed modules among these
    ///   comma-separated words, those of every program the worker will run (`PreloadSelection`); nil
    ///   imports them all.
    /// - Parameter prefault: with `warmUp`, fault in `HotPages` ahead of each execution; off when
    ///   executions run back to back on every core, where it would only compete with them.
    public static func serve(warmUp: Bool = false, prefault: Bool = true, preloadAmong: String? = nil) -> Int32 {
        let hotPages = warmUp && prefault ? HotPages() : nil
        let channel = WorkerChannel(descriptor: channelDescriptor, plainIO: true)
        let bridge = ToolBridge()
        guard
            let mirror = start(
                warmUp: warmUp, preloadAmong: preloadAmong, fillPools: warmUp && hotPages == nil, mirror: nil,
                channel: channel, bridge: bridge)
        else { return 1 }
        let gil = GIL.acquiredByCaller()
        let zygote = getpid()
        guard warmUp else { return serveOnDemand(zygote: zygote, channel: channel, bridge: bridge, mirror: mirror, gil) }
        var running: (pid: pid_t, done: Int32)?
        var exiting: [pid_t] = []  // reported, not yet reaped
        var forked = 0
        while true {
            var go: [Int32] = [-1, -1]
            var done: [Int32] = [-1, -1]
            guard pipe(&go) == 0, pipe(&done) == 0 else {
                return fatal("pipe failed: \(systemMessage(errno))", on: channel)
            }
            let standby = cps_fork()
            if standby == 0 {
                close(go[1])
                close(done[0])
                if let running { close(running.done) }
                PyOS_AfterFork_Child()
                let status = runExecution(
                    .standby(go: go[0]), done: done[1], parent: zygote, hotPages: hotPages,
                    recordPages: HotPages.records(execution: forked), channel: channel, bridge: bridge,
                    mirror: mirror, gil)
                _exit(status)
            }
            close(go[0])
            close(done[1])
            forked += 1
            guard standby > 0 else {
                return fatal("fork failed: \(systemMessage(errno))", on: channel)
            }
            if let previous = running {
                switch finish(previous.pid, done: previous.done, channel: channel, mirror: mirror) {
                case .reported: exiting.append(previous.pid)
                case .ended: break
                case .stop:
                    kill(standby, SIGKILL)
                    reap(standby)
                    return 0
                }
            }
            exiting.removeAll { pid in waitpid(pid, nil, WNOHANG) != 0 }
            mirror.reset()
            var byte: UInt8 = 1
            _ = write(go[1], &byte, 1)
            close(go[1])
            running = (standby, done[0])
        }
    }

    /// The loop of a one-shot worker: the zygote reads each execute frame itself and only then forks
    /// the execution process, which imports what the program names and locks down. No process is
    /// forked ahead (the next program, if any, is not expected soon, and a fork beside the running
    /// program would compete with it for the cores), and a shutdown or a closed channel ends the
    /// worker at once.
    private static func serveOnDemand(
        zygote: pid_t, channel: WorkerChannel, bridge: ToolBridge, mirror: OutputMirror, _ gil: borrowing GIL
    ) -> Int32 {
        while true {
            guard let frame = try? channel.receive(), frame.kind != .shutdown else { return 0 }
            guard frame.kind == .execute else {
                return fatal("unexpected frame", token: frame.token, on: channel)
            }
            var done: [Int32] = [-1, -1]
            guard pipe(&done) == 0 else {
                return fatal("pipe failed: \(systemMessage(errno))", on: channel)
            }
            mirror.reset()
            mirror.begin(token: frame.token)
            let child = cps_fork()
            if child == 0 {
                close(done[0])
                PyOS_AfterFork_Child()
                _exit(
                    runExecution(
                        .taken(frame), done: done[1], parent: zygote, hotPages: nil,
                        recordPages: false, channel: channel, bridge: bridge, mirror: mirror, gil))
            }
            close(done[1])
            guard child > 0 else {
                close(done[0])
                return fatal("fork failed: \(systemMessage(errno))", on: channel)
            }
            switch finish(child, done: done[0], channel: channel, mirror: mirror) {
            case .reported: reap(child)
            case .ended: break
            case .stop: return 0
            }
        }
    }

    /// A one-shot worker forked from the host (`ForkedWorker`): it runs its one program itself instead
    /// of forking an execution process for it, and exits. The process is used once, so its state is
    /// fresh without a fork, and the program's pages are the ones the start-up wrote, not
    /// copy-on-write copies (measured on the example: ≈ 420 page faults fewer per run, 7–10% off
    /// the cold run). `mirror` was mapped by the host before it forked: what a killed or crashed program
    /// printed reaches the host through it, as from a zygote. Returns the exit status.
    static func serveInPlace(mirror: OutputMirror) -> Int32 {
        let host = getppid()
        let channel = WorkerChannel(descriptor: channelDescriptor, plainIO: true)
        let bridge = ToolBridge()
        guard
            start(warmUp: false, preloadAmong: nil, fillPools: false, mirror: mirror, channel: channel, bridge: bridge)
                != nil
        else {
            return 1
        }
        let gil = GIL.acquiredByCaller()
        guard let frame = try? channel.receive(), frame.kind != .shutdown else { return 0 }
        guard frame.kind == .execute else {
            return fatal("unexpected frame", token: frame.token, on: channel)
        }
        mirror.begin(token: frame.token)
        return runExecution(
            .taken(frame), done: nil, parent: host, hotPages: nil, recordPages: false, channel: channel,
            bridge: bridge, mirror: mirror, gil)
    }

    /// Starts a worker: the interpreter with the harness (and, with `warmUp`, every allowed module
    /// and `WorkerWarmUp`), the worker's confinement, the start-up's objects frozen out of the
    /// collector's reach, the output mirror (`mirror`, or a new one) installed; then tells the host it
    /// is ready. Returns the mirror, or nil once the host has been told why the worker cannot start.
    private static func start(
        warmUp: Bool, preloadAmong: String?, fillPools: Bool, mirror given: OutputMirror?, channel: WorkerChannel,
        bridge: ToolBridge
    )
        -> OutputMirror?
    {
        signal(SIGPIPE, SIG_IGN)
        if let failure = InterpreterCore.bootstrap(bridge: bridge, catalog: .standard) {
            _ = fatal(failure.message, on: channel)
            return nil
        }
        let gil = GIL.acquiredByCaller()
        if warmUp { InterpreterCore.preload(among: preloadAmong ?? "*", gil) }
        if let failure = PlatformConfinement.confineWorker() {
            _ = fatal(failure, on: channel)
            return nil
        }
        if warmUp {
            warmExecutionPath()
            WorkerWarmUp.run(bridge: bridge, catalog: .standard, gil)
        }
        _ = try? Harness.callFunction("freeze_for_fork", argument: "", gil)
        // Executions then allocate in pools of their own, not in the zygote's pages (fewer copies on
        // write, for executions back to back). A worker whose standbys fault the hot pages in ahead
        // keeps its free blocks: those pages are faulted in before the program runs, fresh pools not.
        if fillPools { _ = cps_fill_small_object_pools() }
        guard let mirror = given ?? OutputMirror() else {
            _ = fatal("cannot map the output mirror", on: channel)
            return nil
        }
        mirror.install()
        channel.send(WorkerFrame(kind: .ready, token: 0, payload: Array(String(getpid()).utf8)))
        return mirror
    }

    /// Tells the host that the worker (or the execution of `token`) cannot go on; returns exit status 1.
    static func fatal(_ message: String, token: UInt64 = 0, on channel: WorkerChannel) -> Int32 {
        channel.send(WorkerFrame(kind: .fatal, token: token, payload: Array(message.utf8)))
        return 1
    }

    /// How an execution process gets its request.
    private enum RequestSource {
        /// A standby: it waits for the zygote's go (a byte on this pipe), then reads the frame itself.
        case standby(go: Int32)
        /// The zygote read the execute frame before forking it.
        case taken(WorkerFrame)
    }

    /// How an execution process ended, as far as the zygote must know.
    private enum Ending {
        /// It sent its report (and may still be exiting): the host has its outcome.
        case reported
        /// It ended without a report; the zygote told the host how.
        case ended
        /// It read `shutdown` or found the channel closed: the worker stops.
        case stop
    }

    /// Waits until the execution process `pid` reported (a byte on `done`) or ended without a report
    /// (end of file on `done`), and then tells the host how an unreported execution ended.
    private static func finish(_ pid: pid_t, done: Int32, channel: WorkerChannel, mirror: OutputMirror) -> Ending {
        var byte: UInt8 = 0
        var count = 0
        repeat { count = read(done, &byte, 1) } while count < 0 && errno == EINTR
        close(done)
        if count == 1 { return .reported }
        let status = reap(pid)
        switch mirror.disposition {
        case .stop:
            return .stop
        case .standby:
            return .ended  // it died before taking a request (the request, if any, waits for the next one)
        case .executing:
            let token = mirror.token
            // A process that did not report (killed in C code, crashed) still printed something: send it.
            let printed = mirror.text
            if !printed.isEmpty { channel.send(WorkerFrame(kind: .stdout, token: token, payload: printed)) }
            let description = ending(ofWaitStatus: status)
            return channel.send(WorkerFrame(kind: .exited, token: token, payload: Array(description.utf8)))
                ? .ended : .stop
        }
    }

    /// How a process ended, from its wait status: "exit N" or "signal N".
    static func ending(ofWaitStatus status: Int32) -> String {
        (status & 0x7f) == 0 ? "exit \((status >> 8) & 0xff)" : "signal \(status & 0x7f)"
    }

    @discardableResult
    private static func reap(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return status
    }

    /// An execution process. A standby of a pooled worker (which imported everything) locks down
    /// while standing by, waits for the zygote's go and takes one request from the channel; a
    /// one-shot worker's process (or the one-shot worker itself, in place) was handed its request and
    /// first imports what the program names, then locks down. Either runs the program and, once
    /// reported, tells the zygote on `done` (it lets the next execution go without waiting for this
    /// process to exit). It dies with `parent` (its zygote, or the host). Returns the exit status.
    private static func runExecution(
        _ source: RequestSource, done: Int32?, parent: pid_t, hotPages: HotPages?, recordPages: Bool,
        channel: WorkerChannel,
        bridge: ToolBridge, mirror: OutputMirror, _ gil: borrowing GIL
    ) -> Int32 {
        guard cps_die_with_parent(parent) == 0 else { return 1 }
        var addressSpace = 0
        var lockDownFailure: String?
        let frame: WorkerFrame
        switch source {
        case .taken(let taken):
            frame = taken
        case .standby(let go):
            hotPages?.prefault(until: go, willRecord: recordPages)
            addressSpace = PlatformConfinement.currentAddressSpace()
            lockDownFailure = PlatformConfinement.lockDownExecution()
            var byte: UInt8 = 0
            while read(go, &byte, 1) < 0, errno == EINTR {}
            guard byte == 1 else { return 1 }  // the zygote is gone
            close(go)
            do {
                frame = try channel.receive()
            } catch {
                mirror.disposition = .stop
                return 0
            }
            switch frame.kind {
            case .execute:
                mirror.begin(token: frame.token)
            case .shutdown:
                mirror.disposition = .stop
                return 0
            default:
                mirror.disposition = .stop
                return fatal("unexpected frame", token: frame.token, on: channel)
            }
        }
        let token = frame.token
        channel.send(WorkerFrame(kind: .hello, token: token, payload: Array(String(getpid()).utf8)))
        guard let request = Request(jsonBytes: frame.payload) else {
            mirror.disposition = .stop
            return fatal("bad execute frame", token: token, on: channel)
        }
        if case .taken = source {
            InterpreterCore.prepare(request.code, estimates: request.estimates, gil)
            addressSpace = PlatformConfinement.currentAddressSpace()
            lockDownFailure = PlatformConfinement.lockDownExecution()
        }
        if let failure = lockDownFailure
            ?? PlatformConfinement.limitExecution(request.limits, addressSpace: addressSpace, cpuUsed: cpuSeconds())
        {
            let report = HarnessReport(
                status: .crashed, error: ProgramError(type: "SandboxError", message: failure))
            channel.send(WorkerFrame(kind: .report, token: token, payload: encode(report)))
            return 1
        }
        let tools = toolHandler(channel: channel, token: token)
        let options = HarnessOptions(
            outputLimit: request.limits.output, recursionLimit: request.limits.recursion,
            timeout: request.limits.timeout, cpuLimit: request.limits.cpuTime, estimates: request.estimates,
            mirrorStdout: true, guardProgram: request.guardProgram)
        let report = InterpreterCore.execute(request.code, options: options, tools: tools, bridge: bridge, gil)
        channel.send(WorkerFrame(kind: .report, token: token, payload: encode(report)))
        if let done {
            var reported: UInt8 = 1
            _ = write(done, &reported, 1)
        }
        if recordPages { hotPages?.record() }
        return 0
    }

    /// The tool calls of execution `token`: each is a toolCall frame to the host, answered by its
    /// toolResult frame.
    private static func toolHandler(channel: WorkerChannel, token: UInt64) -> ToolCallHandler {
        { name, arguments in
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
    }

    /// CPU seconds (user and system) the calling process has used.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return user + system
    }

    /// Runs the Swift code an execution process runs around its program (reading the request,
    /// frames to and from the host, a tool call, the options and the report) once in the zygote, so
    /// the runtime's lazy metadata, protocol-conformance lookups and symbol bindings happen once,
    /// before fork, and are inherited by every execution process instead of being repeated (and
    /// thrown away) in each one.
    private static func warmExecutionPath() {
        let request = Request(code: "print(1)", limits: ExecutionLimits(), estimates: true, guardProgram: true)
        var pair: [Int32] = [-1, -1]
        if socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0 {
            let host = WorkerChannel(descriptor: pair[0])
            let worker = WorkerChannel(descriptor: pair[1], plainIO: true)
            host.send(WorkerFrame(kind: .execute, token: 1, payload: request.jsonBytes))
            host.send(WorkerFrame(kind: .toolResult, token: 1, payload: ToolAnswer.result(Array("{}".utf8)).wirePayload))
            _ = (try? worker.receive()).flatMap { Request(jsonBytes: $0.payload) }
            _ = toolHandler(channel: worker, token: 1)("read_file", Array("{}".utf8))
            _ = try? host.receive()
            close(pair[0])
            close(pair[1])
        }
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
