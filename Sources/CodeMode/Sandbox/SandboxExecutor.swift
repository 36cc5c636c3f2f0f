import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Runs Code Mode programs in sandboxed worker processes: the safe default.
///
/// Programs never run in the host. Each execution is forked from a warm worker (a fresh
/// copy-on-write interpreter), confined by the OS layer (limits, seccomp) and the Python guards,
/// and reaches the outside only through tool calls, which the host answers with the registry
/// under the policy.
public final class SandboxExecutor: ProgramExecutor {
    /// The tools the programs can call.
    public let registry: ToolRegistry
    /// The workspace, policy and backends tools use.
    public let context: ToolContext
    /// The limits of every execution.
    public let limits: ExecutionLimits
    /// Whether results carry the static and heuristic field-access estimates besides the exact one.
    public let estimates: Bool
    private let pool: WorkerPool
    let guardPrograms: Bool
    /// Set once the registry's coding paths are being prepared (see `execute`).
    private let codingPrepared = Mutex(false)

    /// Creates the executor and starts its workers.
    /// - Parameters:
    ///   - poolSize: warm workers (nil: the number of cores).
    ///   - workerExecutable: the `punie-worker` binary (default: beside the running executable).
    ///   - warmUp: workers run `WorkerWarmUp` before their first execution: each later execution is
    ///     faster, each worker start slower (off for a one-shot run of one program).
    ///   - prefault: with `warmUp`, an execution process forked ahead of time faults in the pages
    ///     recent executions touched; turn it off when executions run back to back on every core
    ///     (a replay with as many jobs as cores), where that work only competes with them.
    ///   - forkedWorker: a one-shot worker forked from this process earlier (`ForkedWorker.fork()`),
    ///     used as the first worker instead of spawning one (pass it with `warmUp` false).
    ///   - programs: with `warmUp`, every program this executor will run, when they are known in
    ///     advance (a replay): its workers then import only the allowed modules these programs can
    ///     import (`PreloadSelection`), and another program may fail to import one. Nil: all of them.
    public init(
        registry: ToolRegistry = .standard(), context: ToolContext, limits: ExecutionLimits = ExecutionLimits(),
        estimates: Bool = true, poolSize: Int? = nil,
        workerExecutable: String? = nil, warmUp: Bool = true, prefault: Bool = true, forkedWorker: ForkedWorker? = nil,
        programs: [String]? = nil
    ) {
        self.registry = registry
        self.context = context
        self.limits = limits
        self.estimates = estimates
        self.guardPrograms = true
        pool = WorkerPool(
            size: poolSize ?? ProcessInfo.processInfo.activeProcessorCount,
            executable: workerExecutable ?? Self.defaultWorkerExecutable(),
            arguments: SandboxWorker.arguments(
                warmUp: warmUp, prefault: prefault, preloadAmong: programs.flatMap(PreloadSelection.candidates(for:))),
            warmUp: warmUp, forked: forkedWorker)
    }

    /// Runs one program and returns everything it produced.
    public func execute(_ code: String) async -> ExecutionResult {
        await execute(code, guardProgram: guardPrograms)
    }

    /// `execute` with the AST guard switchable, for tests that must reach deeper layers.
    func execute(_ code: String, guardProgram: Bool) async -> ExecutionResult {
        let recorder = ToolCallRecorder(registry: registry, context: context)
        // The first program's tool calls would each pay the Swift runtime's one-time work for their
        // types; do it now, beside the worker's start, while this host only waits (for the tools
        // the program names: all of them would compete with the worker for the cores).
        if codingPrepared.withLock({ started in defer { started = true }; return !started }) {
            let registry = self.registry
            DetachedThread.start { registry.prepareCoding(calledIn: code) }
        }
        let request = SandboxWorker.Request(code: code, limits: limits, estimates: estimates, guardProgram: guardProgram)
        let report = await pool.run(request, tools: recorder.handler())
        return InProcessExecutor.result(report, calls: recorder.calls)
    }

    /// `punie-worker` in the directory of the running executable.
    public static func defaultWorkerExecutable() -> String {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return executable.deletingLastPathComponent().appendingPathComponent("punie-worker").path
    }
}
