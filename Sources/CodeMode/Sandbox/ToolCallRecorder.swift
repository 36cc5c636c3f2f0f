#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import Synchronization

/// Answers one execution's tool calls through the registry, enforcing the call budget, and
/// records every call for the ExecutionResult.
final class ToolCallRecorder: Sendable {
    private let registry: ToolRegistry
    private let context: ToolContext
    private let records = Mutex<[ToolCallRecord]>([])

    init(registry: ToolRegistry, context: ToolContext) {
        self.registry = registry
        self.context = context
    }

    /// The calls made so far, in order.
    var calls: [ToolCallRecord] { records.withLock { $0 } }

    /// The handler to install for the execution.
    func handler() -> ToolCallHandler {
        { [self] name, arguments in answer(name, arguments) }
    }

    private func answer(_ name: String, _ arguments: [UInt8]) -> ToolAnswer {
        let start = monotonicSeconds()
        let canonical = registry.catalog.canonicalName(name)
        let resultType = registry.catalog.tool(named: canonical)?.returnType ?? "str"
        let decodedArguments = JSONParser.parse(arguments).value ?? .null
        let made = records.withLock { $0.count }
        let outcome: Result<[UInt8], ToolError>
        if let limit = context.policy.maxToolCalls, made >= limit {
            outcome = .failure(
                ToolError(.notAllowed, "tool call budget exhausted: at most \(limit) tool calls per execution"))
        } else {
            outcome = registry.call(canonical, argumentsJSON: arguments, in: context)
        }
        let record = ToolCallRecord(
            name: canonical, arguments: decodedArguments, resultType: resultType,
            ok: (try? outcome.get()) != nil, error: outcome.failureMessage, duration: monotonicSeconds() - start)
        records.withLock { $0.append(record) }
        switch outcome {
        case .success(let bytes): return .result(bytes)
        case .failure(let error) where error.code == .invalidArguments: return .argumentError(error.message)
        case .failure(let error): return .toolError(error.message)
        }
    }
}

extension Result where Failure == ToolError {
    fileprivate var failureMessage: String? {
        if case .failure(let error) = self { return error.message }
        return nil
    }
}
