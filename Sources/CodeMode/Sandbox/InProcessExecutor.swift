/// Runs Code Mode programs in this process's embedded interpreter (`--isolation none`).
///
/// Unsafe for untrusted input: only the Python-level guards apply (restricted builtins, the import
/// allowlist, the AST check, the audit hook), with the output and recursion limits. There is no
/// time, CPU or memory limit and no OS confinement, and state that a program manages to change
/// (a mutated module or class) is seen by later programs. Use `SandboxExecutor` for model output.
public struct InProcessExecutor: ProgramExecutor {
    /// The tools the programs can call.
    public var registry: ToolRegistry
    /// The workspace, policy and backends tools use.
    public var context: ToolContext
    /// The output and recursion limits (time, CPU and memory limits need a worker process).
    public var limits: ExecutionLimits
    /// Whether results carry the static and heuristic field-access estimates.
    public var estimates: Bool

    public init(
        registry: ToolRegistry = .standard(), context: ToolContext, limits: ExecutionLimits = ExecutionLimits(),
        estimates: Bool = true
    ) {
        self.registry = registry
        self.context = context
        self.limits = limits
        self.estimates = estimates
    }

    /// Runs one program and returns everything it produced.
    public func execute(_ code: String) async -> ExecutionResult {
        let recorder = ToolCallRecorder(registry: registry, context: context)
        do {
            let runtime = try PythonRuntime.shared()
            let report = await runtime.execute(code, options: options, tools: recorder.handler())
            return Self.result(report, calls: recorder.calls)
        } catch {
            return Self.result(.internalFailure("the Python interpreter is not available: \(error)"), calls: [])
        }
    }

    /// The blocking form of `execute`, for synchronous callers.
    public func executeBlocking(_ code: String) -> ExecutionResult {
        let recorder = ToolCallRecorder(registry: registry, context: context)
        do {
            let runtime = try PythonRuntime.shared()
            let report = runtime.executeBlocking(code, options: options, tools: recorder.handler())
            return Self.result(report, calls: recorder.calls)
        } catch {
            return Self.result(.internalFailure("the Python interpreter is not available: \(error)"), calls: [])
        }
    }

    private var options: HarnessOptions {
        HarnessOptions(
            outputLimit: limits.output, recursionLimit: limits.recursion, timeout: nil, cpuLimit: nil,
            estimates: estimates, mirrorStdout: false, guardProgram: true)
    }

    /// The ExecutionResult of a harness report plus the host's tool-call records.
    static func result(_ report: HarnessReport, calls: [ToolCallRecord]) -> ExecutionResult {
        var result = ExecutionResult(
            status: report.status, stdout: report.stdout, stderr: report.stderr, truncated: report.truncated,
            error: report.error, toolCalls: calls, fieldAccess: report.fieldAccess, duration: report.duration)
        result.response = ResponseFormatter.response(for: result)
        return result
    }
}
