/// One tool call extracted from model output.
///
/// A parser never throws on model output: a call that was recovered from malformed text carries
/// diagnostics saying what was wrong. A diagnostic of severity `.error` means the call's content is
/// incomplete or unreliable (for example, the output was truncated inside the code); callers that
/// execute calls should check `hasErrors` first.
public struct ToolCall: Sendable, Hashable {
    /// The function name as the model wrote it (`execute_code`, `typecheck`, an alias, …).
    public var name: String
    /// The arguments, in the order the model wrote them.
    public var arguments: JSONObject
    /// The syntax the call was written in.
    public var format: ToolCallFormat
    /// The call's extent in the source, as UTF-8 byte offsets (half-open).
    public var range: Range<Int>
    /// The call id, when the format carries one (Mistral `[CALL_ID]`, OpenAI `id`).
    public var id: String?
    /// Problems found while extracting this call, in source order.
    public var diagnostics: [ParseDiagnostic]

    /// Creates a call.
    public init(
        name: String, arguments: JSONObject, format: ToolCallFormat, range: Range<Int>, id: String? = nil,
        diagnostics: [ParseDiagnostic] = []
    ) {
        self.name = name
        self.arguments = arguments
        self.format = format
        self.range = range
        self.id = id
        self.diagnostics = diagnostics
    }

    /// The name of the Code Mode meta-tool whose `code` argument is a Python program.
    public static let executeCodeName = "execute_code"

    /// True for an `execute_code` call.
    public var isExecuteCode: Bool { name == Self.executeCodeName }

    /// The program of an `execute_code` call, or nil for any other call.
    public var code: String? { isExecuteCode ? arguments["code"]?.stringValue : nil }

    /// True when a diagnostic of severity `.error` is attached.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// The syntaxes in which models write tool calls. Raw values are the names used in JSON and the CLI.
public enum ToolCallFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// Qwen3-Coder: `<tool_call><function=NAME><parameter=KEY>VALUE</parameter></function></tool_call>`.
    case qwen3XML = "qwen3_xml"
    /// Hermes / Qwen2.5: `<tool_call>{"name": …, "arguments": {…}}</tool_call>`.
    case hermesJSON = "hermes_json"
    /// Mistral: `[TOOL_CALLS]NAME[ARGS]{…}` (v11+) or `[TOOL_CALLS][{"name": …, "arguments": …}]`.
    case mistral
    /// Python code directly between `<tool_call>` tags: an `execute_code` call.
    case bare
    /// A fenced block: a ```` ```json ```` call object, or (when enabled) ```` ```python ```` code.
    case fence
    /// An OpenAI chat message (or completion) with structured `tool_calls`.
    case openai
}

// MARK: - Codable

extension ToolCall: Codable {
    private enum CodingKeys: String, CodingKey {
        case name, arguments, format, range, id, diagnostics
    }

    private struct ByteRange: Codable {
        var start: Int
        var end: Int
    }

    /// Decodes a call. Argument key order follows the decoder's (Foundation's is not the source order).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        let argumentsValue = try container.decode(JSONValue.self, forKey: .arguments)
        arguments = argumentsValue.objectValue ?? JSONObject()
        format = try container.decode(ToolCallFormat.self, forKey: .format)
        let byteRange = try container.decode(ByteRange.self, forKey: .range)
        range = byteRange.start..<max(byteRange.start, byteRange.end)
        id = try container.decodeIfPresent(String.self, forKey: .id)
        diagnostics = try container.decodeIfPresent([ParseDiagnostic].self, forKey: .diagnostics) ?? []
    }

    /// Encodes `range` as `{"start": …, "end": …}` and omits a nil `id`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(JSONValue.object(arguments), forKey: .arguments)
        try container.encode(format, forKey: .format)
        try container.encode(ByteRange(start: range.lowerBound, end: range.upperBound), forKey: .range)
        try container.encodeIfPresent(id, forKey: .id)
        try container.encode(diagnostics, forKey: .diagnostics)
    }
}
