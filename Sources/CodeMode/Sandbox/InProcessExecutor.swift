/// Runs Code Mode programs in this process's embedded interpreter, with tools from a registry.
///
/// Python-level guards only (restricted builtins, import allowlist): for trusted input. Each
/// program gets a fresh namespace; tool calls are answered by the registry under the policy.
public struct InProcessExecutor: Sendable {
    /// The tools the programs can call.
    public var registry: ToolRegistry
    /// The workspace, policy and backends tools use.
    public var context: ToolContext

    public init(registry: ToolRegistry = .standard(), context: ToolContext) {
        self.registry = registry
        self.context = context
    }

    /// Runs one program and returns everything it produced.
    public func execute(_ code: String) async -> ExecutionResult {
        let start = monotonicSeconds()
        let recorder = ToolCallRecorder(registry: registry, context: context)
        do {
            let runtime = try PythonRuntime.shared()
            let outcome = await runtime.execute(code, tools: recorder.handler())
            return Self.result(outcome.report, calls: recorder.calls, duration: monotonicSeconds() - start)
        } catch {
            return Self.result(
                .internalFailure("the Python interpreter is not available: \(error)"), calls: [],
                duration: monotonicSeconds() - start)
        }
    }

    /// The blocking form of `execute`, for synchronous callers.
    public func executeBlocking(_ code: String) -> ExecutionResult {
        let start = monotonicSeconds()
        let recorder = ToolCallRecorder(registry: registry, context: context)
        do {
            let runtime = try PythonRuntime.shared()
            let outcome = runtime.executeBlocking(code, tools: recorder.handler())
            return Self.result(outcome.report, calls: recorder.calls, duration: monotonicSeconds() - start)
        } catch {
            return Self.result(
                .internalFailure("the Python interpreter is not available: \(error)"), calls: [],
                duration: monotonicSeconds() - start)
        }
    }

    static func result(_ report: HarnessReport, calls: [ToolCallRecord], duration: Double) -> ExecutionResult {
        var result = ExecutionResult(
            status: report.status, stdout: report.stdout, stderr: report.stderr, error: report.error,
            toolCalls: calls, fieldAccess: report.trace, duration: duration)
        result.response = ResponseFormatter.response(for: result)
        return result
    }
}
