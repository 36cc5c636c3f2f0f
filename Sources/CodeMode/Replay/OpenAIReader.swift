/// Reads OpenAI-style conversations: assistant messages with structured `tool_calls`, each answered by
/// a role "tool" message naming its `tool_call_id`.
///
/// The turn's model output is the assistant message itself as JSON, so the parser's `openai` format
/// reads the calls (names, JSON-string arguments, ids) exactly as it does for live API output.
enum OpenAIReader {
    /// True when some message of the conversation carries a non-empty `tool_calls` list.
    static func applies(to list: [JSONValue]) -> Bool {
        list.contains { $0.objectValue?["tool_calls"]?.arrayValue?.isEmpty == false }
    }

    /// The assistant turns of one line's `messages` array.
    static func turns(_ list: [JSONValue]) -> Result<[TranscriptTurn], TranscriptLineError> {
        do throws(TranscriptLineError) {
            var messages: [TranscriptMessage] = []
            for (index, value) in list.enumerated() { messages.append(try TranscriptMessage(value, index: index)) }
            let turns = ConversationTurns.turns(messages) { index, message in
                guard let object = list[index].objectValue, let calls = object["tool_calls"],
                    calls.arrayValue?.isEmpty == false
                else { return message.content }
                var reduced = JSONObject()
                reduced["role"] = .string("assistant")
                reduced["content"] = object["content"] ?? .null
                reduced["tool_calls"] = calls
                return JSONText.string(.object(reduced))
            }
            return .success(turns)
        } catch {
            return .failure(error)
        }
    }
}
