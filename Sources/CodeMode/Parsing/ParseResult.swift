/// Everything extracted from one model output: the calls in order, the message text, diagnostics.
public struct ParseResult: Sendable, Hashable {
    /// The calls, in source order.
    public var calls: [ToolCall]
    /// The message text: everything outside calls, `<think>` sections and fenced call blocks, in
    /// order and byte for byte (no trimming).
    public var text: String
    /// The content of `<think>…</think>` sections, concatenated; nil when there were none.
    public var reasoning: String?
    /// Diagnostics that belong to no returned call (stray tags, unparseable JSON, invalid UTF-8, …).
    public var diagnostics: [ParseDiagnostic]

    /// Creates a result.
    public init(calls: [ToolCall], text: String, reasoning: String? = nil, diagnostics: [ParseDiagnostic] = []) {
        self.calls = calls
        self.text = text
        self.reasoning = reasoning
        self.diagnostics = diagnostics
    }

    /// Every diagnostic, the calls' own and the unattached ones, ordered by offset.
    public var allDiagnostics: [ParseDiagnostic] {
        (diagnostics + calls.flatMap(\.diagnostics)).sorted { $0.offset < $1.offset }
    }

    /// True when any diagnostic, attached or not, has severity `.error`.
    public var hasErrors: Bool {
        diagnostics.contains { $0.severity == .error } || calls.contains(where: \.hasErrors)
    }
}

extension ParseResult: Codable {
    private enum CodingKeys: String, CodingKey {
        case calls, text, reasoning, diagnostics
    }

    /// Decodes a result written by `encode(to:)`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        calls = try container.decode([ToolCall].self, forKey: .calls)
        text = try container.decode(String.self, forKey: .text)
        reasoning = try container.decodeIfPresent(String.self, forKey: .reasoning)
        diagnostics = try container.decodeIfPresent([ParseDiagnostic].self, forKey: .diagnostics) ?? []
    }

    /// Encodes the result; `reasoning` is omitted when nil. This is `punie-exec parse --json`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(calls, forKey: .calls)
        try container.encode(text, forKey: .text)
        try container.encodeIfPresent(reasoning, forKey: .reasoning)
        try container.encode(diagnostics, forKey: .diagnostics)
    }
}
