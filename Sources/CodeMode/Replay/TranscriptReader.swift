#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Reads transcript files (JSON Lines) in any of the supported shapes, line by line.
///
/// Each line is recognised on its own, so one file may mix shapes: a `punie_record` key is a run
/// record, a `text` string is ChatML, a `messages` array is the messages format, or the OpenAI format
/// when an assistant message carries `tool_calls`. A line that is not valid JSON or has none of these
/// shapes is reported with its line number and skipped; it never stops the reading.
public struct TranscriptReader: Sendable {
    /// Creates a reader.
    public init() {}

    /// Reads every line of `bytes`, a file's contents.
    /// - Parameter source: the file name recorded in each transcript and problem.
    public func read(_ bytes: [UInt8], source: String) -> TranscriptReadResult {
        var result = TranscriptReadResult()
        var lineNumber = 0
        var start = 0
        while start < bytes.count {
            lineNumber += 1
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            var lineEnd = end
            if lineEnd > start, bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            let line = bytes[start..<lineEnd]
            start = end + 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            switch readLine(Array(line), source: source, line: lineNumber) {
            case .success(let transcript): result.transcripts.append(transcript)
            case .failure(let problem): result.malformed.append(problem)
            }
        }
        return result
    }

    /// Reads one line.
    func readLine(_ bytes: [UInt8], source: String, line: Int) -> Result<Transcript, MalformedLine> {
        func malformed(_ message: String) -> Result<Transcript, MalformedLine> {
            .failure(MalformedLine(source: source, line: line, message: message))
        }
        let outcome = JSONParser.parse(bytes, options: .strict)
        if let error = outcome.error { return malformed("not valid JSON: \(error)") }
        guard let object = outcome.value?.objectValue else { return malformed("not a JSON object") }
        let turns: Result<(TranscriptFormat, [TranscriptTurn]), TranscriptLineError>
        if object["punie_record"] != nil {
            turns = RecordReader.turns(object).map { (.record, $0) }
        } else if let text = object["text"]?.stringValue, object["messages"] == nil {
            turns = ChatMLReader.turns(text).map { (.chatml, $0) }
        } else if let messages = object["messages"] {
            guard let list = messages.arrayValue else { return malformed("'messages' is not an array") }
            if OpenAIReader.applies(to: list) {
                turns = OpenAIReader.turns(list).map { (.openai, $0) }
            } else {
                turns = MessagesReader.turns(list).map { (.messages, $0) }
            }
        } else {
            return malformed("neither 'messages', 'text' nor 'punie_record': not a transcript line")
        }
        switch turns {
        case .success(let (format, turns)):
            return .success(Transcript(source: source, line: line, format: format, turns: turns))
        case .failure(let error):
            return malformed(error.message)
        }
    }
}

/// The transcripts of a file and the lines that could not be read.
public struct TranscriptReadResult: Sendable {
    /// The transcripts, in file order.
    public var transcripts: [Transcript] = []
    /// The lines that were skipped, with the reason.
    public var malformed: [MalformedLine] = []

    /// Creates an empty result.
    public init() {}
}

/// A transcript line that could not be read; replay reports and skips it.
public struct MalformedLine: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file.
    public var source: String
    /// The 1-based line number.
    public var line: Int
    /// What is wrong with it.
    public var message: String

    /// Creates a problem report.
    public init(source: String, line: Int, message: String) {
        self.source = source
        self.line = line
        self.message = message
    }

    /// `file:line: message`.
    public var description: String { "\(source):\(line): \(message)" }
}

/// Why one line's content does not form a transcript.
struct TranscriptLineError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

// MARK: - Shared message handling

/// One chat message, as the messages, OpenAI and ChatML readers see it.
struct TranscriptMessage {
    var role: String
    var content: String
    var callID: String?

    /// Decodes `{"role", "content", "tool_call_id"?}`; content may be null or a list of text parts.
    init(_ value: JSONValue, index: Int) throws(TranscriptLineError) {
        guard let object = value.objectValue else { throw TranscriptLineError("message \(index) is not an object") }
        guard let role = object["role"]?.stringValue else {
            throw TranscriptLineError("message \(index) has no string 'role'")
        }
        self.role = role
        switch object["content"] {
        case .string(let text)?: content = text
        case .null?, nil: content = ""
        case .array(let parts)?:
            content = parts.compactMap { $0.objectValue?["text"]?.stringValue ?? $0.stringValue }.joined()
        default: throw TranscriptLineError("message \(index) has a 'content' that is neither text nor parts")
        }
        callID = object["tool_call_id"]?.stringValue
    }

    init(role: String, content: String) {
        self.role = role
        self.content = content
    }
}

enum ConversationTurns {
    /// The assistant turns of a conversation, each with the tool responses that follow it (until the
    /// next assistant message or a user message that is not a tool response).
    static func turns(
        _ messages: [TranscriptMessage], output: (Int, TranscriptMessage) -> String = { $1.content }
    ) -> [TranscriptTurn] {
        var turns: [TranscriptTurn] = []
        for (index, message) in messages.enumerated() where message.role == "assistant" {
            var responses: [ToolResponse] = []
            var next = index + 1
            scan: while next < messages.count {
                let follower = messages[next]
                switch follower.role {
                case "assistant": break scan
                case "tool", "ipython", "function":
                    responses += ToolResponseText.responses(in: follower.content, callID: follower.callID, whole: true)
                case "user":
                    let found = ToolResponseText.responses(in: follower.content, callID: nil, whole: false)
                    if found.isEmpty { break scan }
                    responses += found
                default: break
                }
                next += 1
            }
            turns.append(TranscriptTurn(index: index, output: output(index, message), responses: responses))
        }
        return turns
    }
}

/// Finds tool responses in a message's text.
enum ToolResponseText {
    static let open = "<tool_response>"
    static let close = "</tool_response>"

    /// The `<tool_response>` blocks of `text`; without blocks, the text after a `Tool result:` prefix, or
    /// (when `whole`, for role "tool" messages) the whole text.
    static func responses(in text: String, callID: String?, whole: Bool) -> [ToolResponse] {
        var found: [ToolResponse] = []
        var rest = text[...]
        while let opening = rest.firstRange(of: open) {
            let after = rest[opening.upperBound...]
            let closing = after.firstRange(of: close)
            let body = closing.map { after[..<$0.lowerBound] } ?? after
            found.append(ToolResponse(callID: callID, body: trimOneLineBreak(body)))
            guard let closing else { break }
            rest = after[closing.upperBound...]
        }
        if !found.isEmpty { return found }
        let trimmed = text.drop { $0 == " " || $0 == "\n" || $0 == "\t" }
        if trimmed.hasPrefix("Tool result:") {
            var body = trimmed.dropFirst("Tool result:".count)
            if body.first == " " || body.first == "\n" { body = body.dropFirst() }
            return [ToolResponse(callID: callID, body: String(body))]
        }
        return whole ? [ToolResponse(callID: callID, body: text)] : []
    }

    /// Removes exactly one leading and one trailing line break (`\n` or `\r\n`), the tags' own.
    static func trimOneLineBreak(_ text: Substring) -> String {
        var body = text
        // "\r\n" is one Character, so one drop removes either form.
        if body.first == "\n" || body.first == "\r\n" { body = body.dropFirst() }
        if body.last == "\n" || body.last == "\r\n" { body = body.dropLast() }
        return String(body)
    }
}
