import CPythonShim
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the host answers to one tool call.
public enum ToolAnswer: Sendable, Equatable {
    /// The tool's result, as JSON (a model object or, for text tools, a JSON string).
    case result([UInt8])
    /// The tool failed; the program sees `ToolError(message)`.
    case toolError(String)
    /// The arguments do not fit the tool; the program sees `TypeError(message)`.
    case argumentError(String)
}

/// Answers the tool calls of one execution: canonical tool name and arguments (a JSON object).
public typealias ToolCallHandler = @Sendable (_ name: String, _ argumentsJSON: [UInt8]) -> ToolAnswer

/// Connects `_punie.call_tool` in Python to the handler of the execution that is running.
///
/// The C shim holds an unretained pointer to the one bridge of the process (created with the
/// interpreter, never freed). The handler is installed for the duration of one execution.
final class ToolBridge: Sendable {
    private let current = Mutex<ToolCallHandler?>(nil)

    /// Installs `handler` for the execution about to run.
    func install(_ handler: @escaping ToolCallHandler) { current.withLock { $0 = handler } }

    /// Removes the handler once the execution is over.
    func clear() { current.withLock { $0 = nil } }

    /// Answers one call; called by the C trampoline without the GIL.
    func answer(name: String, arguments: [UInt8]) -> ToolAnswer {
        guard let handler = current.withLock({ $0 }) else {
            return .toolError("no execution is running, so tools cannot be called")
        }
        return handler(name, arguments)
    }

    /// The C entry point given to `cps_initialize`.
    static let trampoline: cps_tool_handler = { context, name, nameLength, arguments, argumentsLength, result, resultLength in
        guard let context else { return 1 }
        let bridge = Unmanaged<ToolBridge>.fromOpaque(context).takeUnretainedValue()
        let toolName = String(decoding: UnsafeRawBufferPointer(start: name, count: nameLength), as: UTF8.self)
        let argumentBytes = Array(UnsafeRawBufferPointer(start: arguments, count: argumentsLength))
        let (kind, payload): (Int32, [UInt8]) =
            switch bridge.answer(name: toolName, arguments: argumentBytes) {
            case .result(let bytes): (0, bytes)
            case .toolError(let message): (1, Array(message.utf8))
            case .argumentError(let message): (2, Array(message.utf8))
            }
        guard let buffer = malloc(max(payload.count, 1)) else { return 1 }
        payload.withUnsafeBytes { bytes in
            if let base = bytes.baseAddress { memcpy(buffer, base, payload.count) }
        }
        result.pointee = buffer.assumingMemoryBound(to: CChar.self)
        resultLength.pointee = payload.count
        return kind
    }
}
