import CPythonShim

#if canImport(Glibc)
    import Glibc
#endif

/// A worker that only computes field-access estimates: the static (AST data flow) and heuristic
/// (regular expressions) estimates of a program, from its text, never running it.
///
/// Replay asks one for each turn beside the turn's execution. The analysis allocates a whole AST,
/// which in a forked execution process means fresh and copied pages on every turn (≈ 0.8 ms of CPU
/// each); a long-lived process pays only the analysis and the request (≈ 0.3 ms). The input is still untrusted
/// text, so the estimator is locked down like an execution process (seccomp, no new files, limits) and
/// parses with the audit hook armed; one that crashes or overruns is killed and replaced like any worker.
extension SandboxWorker {
    /// The worker argument of a worker that only estimates (see `serveEstimates()`).
    public static let estimatorArgument = "--estimator"

    /// CPU seconds an estimator may use over its whole life (it serves many programs; the host's
    /// wall-time limit on each request is what bounds one analysis).
    static let estimatorCPUTime = 1_000_000.0

    /// Serves estimate requests until the host says `shutdown` or closes the channel; returns the exit
    /// status. A request is an `execute` frame; the answer is a `report` frame whose field access holds
    /// `static` and `heuristic` (and no `exact`: nothing ran).
    public static func serveEstimates() -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        let channel = WorkerChannel(descriptor: channelDescriptor, plainIO: true)
        if let failure = InterpreterCore.bootstrap(bridge: ToolBridge(), catalog: .standard) {
            return fatal(failure.message, on: channel)
        }
        let gil = GIL.acquiredByCaller()
        if let failure = PlatformConfinement.confineWorker() { return fatal(failure, on: channel) }
        InterpreterCore.prepare("", estimates: true, gil)
        _ = InterpreterCore.estimates("result = typecheck('src')\nprint(result.error_count)\n", gil)
        let addressSpace = PlatformConfinement.currentAddressSpace()
        if let failure = PlatformConfinement.lockDownExecution() { return fatal(failure, on: channel) }
        channel.send(WorkerFrame(kind: .ready, token: 0, payload: Array(String(getpid()).utf8)))
        var limited = false
        while true {
            guard let frame = try? channel.receive(), frame.kind != .shutdown else { return 0 }
            guard frame.kind == .execute else { return fatal("unexpected frame", token: frame.token, on: channel) }
            // From here the host's wall-time limit kills this process (as it would an execution process).
            channel.send(WorkerFrame(kind: .hello, token: frame.token, payload: Array(String(getpid()).utf8)))
            guard let request = Request(jsonBytes: frame.payload) else {
                return fatal("bad execute frame", token: frame.token, on: channel)
            }
            if !limited {
                var limits = request.limits
                limits.cpuTime = estimatorCPUTime
                if let failure = PlatformConfinement.limitExecution(
                    limits, addressSpace: addressSpace, cpuUsed: cpuSeconds())
                {
                    let report = HarnessReport.internalFailure(failure)
                    channel.send(WorkerFrame(kind: .report, token: frame.token, payload: report.jsonValue.jsonBytes))
                    return 1
                }
                limited = true
            }
            let report =
                InterpreterCore.estimates(request.code, gil).map { HarnessReport(status: .ok, fieldAccess: $0) }
                ?? .internalFailure("the harness could not estimate the program")
            channel.send(WorkerFrame(kind: .report, token: frame.token, payload: report.jsonValue.jsonBytes))
        }
    }
}
