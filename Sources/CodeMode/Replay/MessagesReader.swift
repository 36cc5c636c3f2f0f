/// Reads the `{"messages": [...]}` training and evaluation format: tool calls live in the assistant
/// text (Qwen3 XML, bare code, JSON in tags, fenced JSON, …) and the results in the following user or
/// tool message as `<tool_response>…</tool_response>` (or `Tool result: …`).
enum MessagesReader {
    /// The assistant turns of one line's `messages` array.
    static func turns(_ list: [JSONValue]) -> Result<[TranscriptTurn], TranscriptLineError> {
        do throws(TranscriptLineError) {
            var messages: [TranscriptMessage] = []
            for (index, value) in list.enumerated() { messages.append(try TranscriptMessage(value, index: index)) }
            return .success(ConversationTurns.turns(messages))
        } catch {
            return .failure(error)
        }
    }
}
