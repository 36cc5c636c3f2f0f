#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Reads ChatML text lines, the mlx-lm text format:
/// `{"text": "<|im_start|>system\n…<|im_end|>\n<|im_start|>user\n…<|im_end|>\n…"}`.
///
/// Each `<|im_start|>ROLE\n…<|im_end|>` section is a message; the turns are then found as in the
/// messages format (tool responses are `<tool_response>` blocks in the following user turn).
enum ChatMLReader {
    static let start = "<|im_start|>"
    static let end = "<|im_end|>"

    /// The assistant turns of one line's `text`.
    static func turns(_ text: String) -> Result<[TranscriptTurn], TranscriptLineError> {
        let messages = messages(in: text)
        guard !messages.isEmpty else {
            return .failure(TranscriptLineError("'text' holds no <|im_start|> message: not ChatML"))
        }
        return .success(ConversationTurns.turns(messages))
    }

    /// The messages of a ChatML text; a section without `<|im_end|>` runs to the next start or the end.
    static func messages(in text: String) -> [TranscriptMessage] {
        var messages: [TranscriptMessage] = []
        var rest = text[...]
        while let opening = rest.firstRange(of: start) {
            var section = rest[opening.upperBound...]
            let next = section.firstRange(of: start)
            let closing = section.firstRange(of: end)
            let sectionEnd: String.Index
            if let closing, next.map({ closing.lowerBound < $0.lowerBound }) ?? true {
                sectionEnd = closing.lowerBound
                rest = section[closing.upperBound...]
            } else if let next {
                sectionEnd = next.lowerBound
                rest = section[next.lowerBound...]
            } else {
                sectionEnd = section.endIndex
                rest = section[section.endIndex...]
            }
            section = section[..<sectionEnd]
            let roleEnd = section.firstIndex { $0 == "\n" || $0 == "\r\n" } ?? section.endIndex
            let role = section[..<roleEnd].trimmingSpaces()
            let content = roleEnd < section.endIndex ? section[section.index(after: roleEnd)...] : ""
            messages.append(TranscriptMessage(role: role, content: String(content)))
        }
        return messages
    }
}
