/// One recorded conversation (one line of a transcript file), reduced to what replay needs: the
/// assistant turns and the tool responses that followed them.
///
/// Transcripts are read by `TranscriptReader`; every format (messages JSONL, OpenAI `tool_calls`,
/// ChatML text, punie-exec's own run records) ends up in this one Sendable shape.
public struct Transcript: Sendable, Hashable {
    /// The file the transcript was read from, as given to the reader.
    public var source: String
    /// The 1-based line of the transcript in `source`.
    public var line: Int
    /// How the line was written.
    public var format: TranscriptFormat
    /// Every assistant turn, in order (with or without a tool call).
    public var turns: [TranscriptTurn]

    /// Creates a transcript.
    public init(source: String, line: Int, format: TranscriptFormat, turns: [TranscriptTurn]) {
        self.source = source
        self.line = line
        self.format = format
        self.turns = turns
    }
}

/// The shape of a transcript line.
public enum TranscriptFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// `{"messages": [{"role", "content"}, …]}` with tool calls in the assistant text (training data).
    case messages
    /// `{"messages": [...]}` whose assistant messages carry OpenAI `tool_calls`, answered by role "tool".
    case openai
    /// `{"text": "<|im_start|>system…<|im_end|>…"}`, the mlx-lm text format.
    case chatml
    /// A `punie-exec run --record` line: model output, every tool call with its result, the response.
    case record
}

/// One assistant turn and the tool responses recorded after it.
public struct TranscriptTurn: Sendable, Hashable {
    /// The 0-based index of the assistant message among the conversation's messages.
    public var index: Int
    /// The model output to parse: the assistant text, or for OpenAI messages the message as JSON
    /// (the parser reads its `tool_calls`).
    public var output: String
    /// The tool responses that followed the turn, in order (one per `<tool_response>` block or
    /// role "tool" message).
    public var responses: [ToolResponse]
    /// For run records: the calls and response recorded by `punie-exec run --record`.
    public var recorded: RunRecord?

    /// Creates a turn.
    public init(index: Int, output: String, responses: [ToolResponse] = [], recorded: RunRecord? = nil) {
        self.index = index
        self.output = output
        self.responses = responses
        self.recorded = recorded
    }
}

/// A tool response recorded in a transcript.
public struct ToolResponse: Sendable, Hashable {
    /// The OpenAI `tool_call_id` it answers, when the transcript names one.
    public var callID: String?
    /// The response text without its `<tool_response>` tags (one line break after the opening tag and
    /// one before the closing tag removed) or `Tool result:` prefix.
    public var body: String

    /// Creates a response.
    public init(callID: String? = nil, body: String) {
        self.callID = callID
        self.body = body
    }
}
