// OpenAI-style structured output: a JSON message (or chat completion) with `tool_calls`, where
// `function.arguments` is a JSON-encoded string. Also a bare `{"name": …, "arguments": …}` object.

/// The parts of an OpenAI message the parser uses.
private struct OpenAIMessage {
    var isMessage = false
    var content: String?
    var calls: [(value: JSONValue, range: Range<Int>)] = []
}

extension ParserEngine {
    /// Handles a JSON document at the start of the output; false when it is neither an OpenAI
    /// message nor a JSON tool call (the caller then reads the output as text).
    mutating func consumeLeadingJSON(_ json: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        var reader = JSONReader(buffer: buffer, start: json.lowerBound, end: json.upperBound, options: .lenient)
        if let message = try? reader.readOpenAIMessage(depth: 0), message.isMessage || !message.calls.isEmpty {
            if let content = message.content { appendText(string: content) }
            for call in message.calls {
                if let toolCall = callFromJSONObject(
                    call.value, format: .openai, range: call.range, at: call.range.lowerBound, buffer)
                {
                    emit(toolCall, in: buffer)
                }
            }
            resumeTop(at: json.upperBound)
            return true
        }
        guard options.format != .openai else { return false }
        let parsed = JSONParser.parse(buffer, range: json, options: .lenient)
        guard let value = parsed.value, value.isCallShaped else { return false }
        var calls = callsFromJSON(json, format: .hermesJSON, range: json, parsed: parsed, buffer)
        let diagnostic = makeDiagnostic(
            .missingToolCallOpen, .warning, "a JSON tool call without <tool_call> tags", at: json.lowerBound,
            in: buffer)
        for index in calls.indices { calls[index].diagnostics.append(diagnostic) }
        for call in calls { emit(call, in: buffer) }
        resumeTop(at: json.upperBound)
        return true
    }
}

extension JSONReader {
    fileprivate mutating func readOpenAIMessage(depth: Int) throws(JSONParseError) -> OpenAIMessage {
        var message = OpenAIMessage()
        try readObject(depth: depth) { (reader: inout JSONReader, key: String) throws(JSONParseError) in
            switch key {
            case "role":
                let value = try reader.parseValue(depth: depth + 1)
                message.isMessage = message.isMessage || value.stringValue != nil
            case "content":
                let value = try reader.parseValue(depth: depth + 1)
                if let text = value.stringValue {
                    message.content = text
                } else if let parts = value.arrayValue {
                    message.content = parts.compactMap { $0.objectValue?["text"]?.stringValue }.joined()
                }
            case "tool_calls":
                message.isMessage = true
                guard reader.peek() == UInt8(ascii: "[") else {
                    _ = try reader.parseValue(depth: depth + 1)
                    return
                }
                try reader.readArray(depth: depth + 1) { (reader: inout JSONReader) throws(JSONParseError) in
                    let start = reader.position
                    let value = try reader.parseValue(depth: depth + 2)
                    message.calls.append((value, start..<reader.position))
                }
            case "function_call":
                message.isMessage = true
                let start = reader.position
                let value = try reader.parseValue(depth: depth + 1)
                if value.objectValue != nil { message.calls.append((value, start..<reader.position)) }
            case "message" where reader.peek() == UInt8(ascii: "{"):
                let inner = try reader.readOpenAIMessage(depth: depth + 1)
                message.merge(inner)
            case "choices" where reader.peek() == UInt8(ascii: "["):
                try reader.readArray(depth: depth + 1) { (reader: inout JSONReader) throws(JSONParseError) in
                    if reader.peek() == UInt8(ascii: "{") {
                        message.merge(try reader.readOpenAIMessage(depth: depth + 2))
                    } else {
                        _ = try reader.parseValue(depth: depth + 2)
                    }
                }
            default:
                _ = try reader.parseValue(depth: depth + 1)
            }
        }
        return message
    }

    /// The next non-whitespace byte, without consuming it.
    mutating func peek() -> UInt8? {
        skipWhitespace()
        return position < end ? buffer[position] : nil
    }

    /// Reads an object, handing each key's value to `member` (which must consume it).
    mutating func readObject(
        depth: Int, _ member: (inout JSONReader, String) throws(JSONParseError) -> Void
    ) throws(JSONParseError) {
        guard depth < JSONParser.maximumDepth else { throw JSONParseError(offset: position, message: "JSON nested too deeply") }
        guard peek() == UInt8(ascii: "{") else { throw JSONParseError(offset: position, message: "expected an object") }
        position += 1
        if peek() == UInt8(ascii: "}") {
            position += 1
            return
        }
        while true {
            guard peek() == UInt8(ascii: "\"") else { throw JSONParseError(offset: position, message: "expected a key") }
            let key = try parseString(quote: UInt8(ascii: "\""))
            guard peek() == UInt8(ascii: ":") else { throw JSONParseError(offset: position, message: "expected ':'") }
            position += 1
            skipWhitespace()
            try member(&self, key)
            switch peek() {
            case UInt8(ascii: ",")?:
                position += 1
                if peek() == UInt8(ascii: "}") {
                    position += 1
                    return
                }
            case UInt8(ascii: "}")?:
                position += 1
                return
            default:
                throw JSONParseError(offset: position, message: "expected ',' or '}'")
            }
        }
    }

    /// Reads an array, handing each element to `element` (which must consume it).
    mutating func readArray(
        depth: Int, _ element: (inout JSONReader) throws(JSONParseError) -> Void
    ) throws(JSONParseError) {
        guard depth < JSONParser.maximumDepth else { throw JSONParseError(offset: position, message: "JSON nested too deeply") }
        guard peek() == UInt8(ascii: "[") else { throw JSONParseError(offset: position, message: "expected an array") }
        position += 1
        if peek() == UInt8(ascii: "]") {
            position += 1
            return
        }
        while true {
            skipWhitespace()
            try element(&self)
            switch peek() {
            case UInt8(ascii: ",")?:
                position += 1
                if peek() == UInt8(ascii: "]") {
                    position += 1
                    return
                }
            case UInt8(ascii: "]")?:
                position += 1
                return
            default:
                throw JSONParseError(offset: position, message: "expected ',' or ']'")
            }
        }
    }
}

extension OpenAIMessage {
    fileprivate mutating func merge(_ other: OpenAIMessage) {
        isMessage = isMessage || other.isMessage
        if let content = other.content { self.content = (self.content ?? "") + content }
        calls += other.calls
    }
}
