#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Computes the static and heuristic field-access estimates of programs without running them.
public protocol FieldAccessEstimator: Sendable {
    /// `{"static": ..., "heuristic": ...}` for `code`, as in `ExecutionResult.fieldAccess`; nil when
    /// they could not be computed.
    func estimates(of code: String) async -> JSONValue?
}

/// Field-access estimates from a sandboxed worker of their own (`SandboxWorker.serveEstimates`),
/// so that executions can run without them (see `SandboxExecutor`'s `estimates`) and the analysis
/// is paid once per program in a warm process instead of in each forked execution process.
///
/// Requests are answered one at a time, in order, by one worker; one that crashes or overruns the
/// wall-time limit is killed, its request answered with nil, and the worker replaced.
public final class SandboxEstimator: FieldAccessEstimator {
    private let pool: WorkerPool
    private let limits: ExecutionLimits

    /// Starts the estimator's worker.
    /// - Parameters:
    ///   - limits: the wall-time limit of each request and the worker's memory limit.
    ///   - workerExecutable: the `punie-worker` binary (default: beside the running executable).
    public init(limits: ExecutionLimits = ExecutionLimits(), workerExecutable: String? = nil) {
        self.limits = limits
        pool = WorkerPool(
            size: 1, executable: workerExecutable ?? SandboxExecutor.defaultWorkerExecutable(),
            arguments: [SandboxWorker.estimatorArgument], warmUp: true)
    }

    public func estimates(of code: String) async -> JSONValue? {
        let request = SandboxWorker.Request(code: code, limits: limits, estimates: true, guardProgram: true)
        let report = await pool.run(request) { _, _ in .toolError("no tools while estimating") }
        return report.status == .ok ? report.fieldAccess : nil
    }
}
