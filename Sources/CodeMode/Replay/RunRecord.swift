#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `punie-exec run --record FILE` writes for one run: the model output (or the bare program),
/// every tool call with its arguments and result JSON, the status and the exact response.
///
/// One record is one JSON line `{"punie_record": 1, …}`; `punie-exec replay` reads it back as a
/// transcript and, with `--tools recorded`, answers the program's calls with the recorded results in
/// order, so the replayed response is byte-identical to the live one.
public struct RunRecord: Sendable, Hashable {
    /// The format version written in `punie_record`.
    public static let currentVersion = 1

    /// The model output the program was extracted from; nil for `--code-file` runs.
    public var modelOutput: String?
    /// The program that ran.
    public var program: String
    /// Every tool call the program made, in order.
    public var toolCalls: [RunRecordCall]
    /// How the execution ended.
    public var status: ExecutionStatus
    /// The exact response text.
    public var response: String

    /// Creates a record.
    public init(
        modelOutput: String?, program: String, toolCalls: [RunRecordCall], status: ExecutionStatus, response: String
    ) {
        self.modelOutput = modelOutput
        self.program = program
        self.toolCalls = toolCalls
        self.status = status
        self.response = response
    }

    /// Decodes a record from its JSON object.
    /// - Throws: `RunRecordError` naming the missing or mistyped key.
    public init(json: JSONValue) throws(RunRecordError) {
        guard let object = json.objectValue else { throw RunRecordError("a run record is a JSON object") }
        guard case .int(let version)? = object["punie_record"], version == Self.currentVersion else {
            throw RunRecordError("'punie_record' must be \(Self.currentVersion)")
        }
        switch object["model_output"] {
        case .string(let text)?: modelOutput = text
        case .null?, nil: modelOutput = nil
        default: throw RunRecordError("'model_output' must be a string or null")
        }
        guard let program = object["program"]?.stringValue else { throw RunRecordError("'program' is missing") }
        guard let response = object["response"]?.stringValue else { throw RunRecordError("'response' is missing") }
        guard let statusText = object["status"]?.stringValue, let status = ExecutionStatus(rawValue: statusText) else {
            throw RunRecordError("'status' is missing or unknown")
        }
        guard let calls = object["tool_calls"]?.arrayValue else { throw RunRecordError("'tool_calls' is missing") }
        self.program = program
        self.response = response
        self.status = status
        toolCalls = []
        for (index, call) in calls.enumerated() {
            guard let entry = call.objectValue, let name = entry["name"]?.stringValue else {
                throw RunRecordError("tool_calls[\(index)] has no 'name'")
            }
            var error: RunRecordCall.Failure?
            if let failure = entry["error"]?.objectValue {
                guard let code = failure["code"]?.stringValue, let message = failure["message"]?.stringValue else {
                    throw RunRecordError("tool_calls[\(index)].error needs 'code' and 'message'")
                }
                error = RunRecordCall.Failure(code: code, message: message)
            }
            let result = entry["result"].flatMap { $0 == .null ? nil : $0 }
            toolCalls.append(
                RunRecordCall(name: name, arguments: entry["arguments"] ?? .object(JSONObject()), result: result, error: error))
        }
    }

    /// The record as a JSON object (key order fixed: the same record always gives the same bytes).
    public var jsonValue: JSONValue {
        var object = JSONObject()
        object["punie_record"] = .int(Self.currentVersion)
        object["model_output"] = modelOutput.map(JSONValue.string) ?? .null
        object["program"] = .string(program)
        object["tool_calls"] = .array(
            toolCalls.map { call in
                var entry = JSONObject()
                entry["name"] = .string(call.name)
                entry["arguments"] = call.arguments
                entry["result"] = call.result ?? .null
                if let error = call.error {
                    entry["error"] = .object(JSONObject([("code", .string(error.code)), ("message", .string(error.message))]))
                } else {
                    entry["error"] = .null
                }
                return .object(entry)
            })
        object["status"] = .string(status.rawValue)
        object["response"] = .string(response)
        return .object(object)
    }

    /// The record as one JSON line, newline included.
    public var line: [UInt8] {
        var bytes = JSONText.bytes(jsonValue)
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    /// Appends the record to `path` (created when missing) with a single `write` and an `fsync`, so a
    /// file of records is never left with half a line by this process.
    /// - Throws: `RunRecordError` when the file cannot be opened or written.
    public func append(to path: String) throws(RunRecordError) {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw RunRecordError("cannot open '\(path)': \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        guard DescriptorIO.writeAll(descriptor, line) else {
            throw RunRecordError("cannot write '\(path)': \(String(cString: strerror(errno)))")
        }
        fsync(descriptor)
    }
}

/// One recorded tool call.
public struct RunRecordCall: Sendable, Hashable {
    /// The tool's canonical name.
    public var name: String
    /// The validated arguments.
    public var arguments: JSONValue
    /// The result JSON (a model object, or a string for text tools); nil when the call failed.
    public var result: JSONValue?
    /// The tool error, when the call failed.
    public var error: Failure?

    /// A recorded tool error.
    public struct Failure: Sendable, Hashable {
        /// The `ToolError.Code` name (`not_found`, `invalid_arguments`, …).
        public var code: String
        /// The message the program saw.
        public var message: String

        /// Creates a failure.
        public init(code: String, message: String) {
            self.code = code
            self.message = message
        }
    }

    /// Creates a call.
    public init(name: String, arguments: JSONValue, result: JSONValue?, error: Failure?) {
        self.name = name
        self.arguments = arguments
        self.result = result
        self.error = error
    }

    /// The answer this call gave, as a tool registry handler returns it.
    var answer: Result<[UInt8], ToolError> {
        if let result { return .success(JSONText.bytes(result)) }
        let failure = error ?? Failure(code: "system", message: "the recorded call has neither result nor error")
        return .failure(ToolError(ToolError.Code.named(failure.code), failure.message))
    }
}

/// A run record that cannot be read or written.
public struct RunRecordError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}

// MARK: - Capturing a live run

/// Wraps a registry so that every call's arguments and result are kept for a `RunRecord`.
///
/// Build the executor with `registry`, run one program, then read `calls`.
public final class ToolCallCapture: Sendable {
    /// The wrapping registry: every declared tool answers through the wrapped one and is recorded.
    public let registry: ToolRegistry
    private let store: CallStore

    private final class CallStore: Sendable {
        let calls = Mutex<[RunRecordCall]>([])
    }

    /// Wraps `inner`.
    public init(wrapping inner: ToolRegistry) {
        let store = CallStore()
        var registry = ToolRegistry(catalog: inner.catalog)
        for tool in inner.catalog.tools {
            registry.register(tool.name) { arguments, context in
                let outcome = inner.call(tool.name, argumentsJSON: arguments, in: context)
                let decodedArguments = JSONParser.parse(arguments).value ?? .null
                let call: RunRecordCall
                switch outcome {
                case .success(let bytes):
                    let value = JSONParser.parse(bytes).value ?? .string(String(decoding: bytes, as: UTF8.self))
                    call = RunRecordCall(name: tool.name, arguments: decodedArguments, result: value, error: nil)
                case .failure(let error):
                    call = RunRecordCall(
                        name: tool.name, arguments: decodedArguments, result: nil,
                        error: RunRecordCall.Failure(code: error.code.description, message: error.message))
                }
                store.calls.withLock { $0.append(call) }
                return outcome
            }
        }
        self.registry = registry
        self.store = store
    }

    /// The calls answered so far, in order.
    public var calls: [RunRecordCall] { store.calls.withLock { $0 } }
}

extension ToolError.Code {
    /// The code with this name; unknown names map to `system`.
    static func named(_ name: String) -> ToolError.Code {
        let known: [ToolError.Code] = [
            .notAvailable, .notAllowed, .invalidPath, .notFound, .invalidArguments, .backendFailed, .system,
        ]
        return known.first { $0.description == name } ?? .system
    }
}
