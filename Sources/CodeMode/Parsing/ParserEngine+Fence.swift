// Fenced blocks: ```json {"name": …, "arguments": …} ``` calls, and (when enabled) ```python code.

/// The progress of one fenced block (a fence opens at the start of a line).
struct FenceState {
    enum Stage {
        /// Reading the info string (the language) up to the end of the opening line.
        case info(searchFrom: Int)
        /// Looking for the closing fence.
        case body(language: Language, bodyStart: Int, searchFrom: Int)
    }

    enum Language {
        case json, python, other
    }

    var openStart: Int
    var stage: Stage
}

extension ParserEngine {
    mutating func stepFence(_ state: inout FenceState, _ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        let end = buffer.count
        switch state.stage {
        case .info(let searchFrom):
            guard let newline = buffer.firstIndex(of: 0x0A, from: searchFrom, to: end) else {
                if !isFinal {
                    state.stage = .info(searchFrom: end)
                    phase = .fence(state)
                    return false
                }
                // A fence line at the very end: not a block.
                appendText(state.openStart..<end, in: buffer)
                resumeTop(at: end)
                return true
            }
            let info = buffer.string(state.openStart + 3..<newline).trimmingASCIIWhitespace().lowercased()
            let language: FenceState.Language
            switch info {
            case "json": language = .json
            case "python", "py", "python3": language = .python
            default: language = .other
            }
            state.stage = .body(language: language, bodyStart: newline + 1, searchFrom: newline + 1)
            phase = .fence(state)
            return true

        case .body(let language, let bodyStart, let searchFrom):
            var index = searchFrom
            var closeStart: Int?
            while let candidate = buffer.firstIndex(of: "```", from: index, to: end) {
                if candidate == bodyStart || isFenceLineStart(candidate, bodyStart: bodyStart, buffer) {
                    closeStart = candidate
                    break
                }
                index = candidate + 1
            }
            guard let closeStart else {
                if !isFinal {
                    // A closing fence may be split across chunks: look again at the last two bytes.
                    state.stage = .body(language: language, bodyStart: bodyStart, searchFrom: max(index, end - 2, bodyStart))
                    phase = .fence(state)
                    return false
                }
                finishFence(state.openStart, language, body: bodyStart..<end, blockEnd: end, closed: false, buffer)
                return true
            }
            finishFence(
                state.openStart, language, body: bodyStart..<closeStart, blockEnd: closeStart + 3, closed: true,
                buffer)
            return true
        }
    }

    private func isFenceLineStart(_ index: Int, bodyStart: Int, _ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        var back = index
        while back > bodyStart {
            let byte = buffer[back - 1]
            if byte == 0x0A { return true }
            if byte != 0x20, byte != 0x09 { return false }
            back -= 1
        }
        return true
    }

    private mutating func finishFence(
        _ openStart: Int, _ language: FenceState.Language, body: Range<Int>, blockEnd: Int, closed: Bool,
        _ buffer: UnsafeBufferPointer<UInt8>
    ) {
        let range = openStart..<blockEnd
        switch language {
        case .json:
            let first = buffer.skippingWhitespace(from: body.lowerBound, to: body.upperBound)
            if first < body.upperBound, buffer[first] == UInt8(ascii: "{") || buffer[first] == UInt8(ascii: "["),
                let parsed = parsedCall(first..<body.upperBound, buffer)
            {
                let savedDiagnostics = diagnostics.count
                var calls = callsFromJSON(first..<body.upperBound, format: .fence, range: range, parsed: parsed, buffer)
                if !calls.isEmpty {
                    if !closed {
                        let diagnostic = makeDiagnostic(
                            .unclosedFence, .warning, "the ```json block is never closed", at: openStart, in: buffer)
                        for index in calls.indices { calls[index].diagnostics.append(diagnostic) }
                    }
                    for call in calls { emit(call, in: buffer) }
                    resumeTop(at: blockEnd)
                    return
                }
                // Not a call after all (unparseable): quoted JSON stays text, without diagnostics.
                diagnostics.removeSubrange(savedDiagnostics...)
            }
        case .python where options.acceptsPythonFences:
            var diagnostics: [ParseDiagnostic] = []
            if !closed {
                diagnostics.append(
                    makeDiagnostic(
                        .truncated, .error, "the ```python block is never closed; the output may be truncated",
                        at: openStart, in: buffer))
            }
            let code = buffer.string(strippingOneNewline(body, in: buffer))
            emit(
                ToolCall(
                    name: ToolCall.executeCodeName, arguments: JSONObject([("code", .string(code))]), format: .fence,
                    range: range, diagnostics: diagnostics),
                in: buffer)
            resumeTop(at: blockEnd)
            return
        default:
            break
        }
        appendText(range, in: buffer)
        resumeTop(at: blockEnd)
    }

    /// The lenient parse of the block when it holds a call object (or a list of them), not just any
    /// JSON; nil otherwise. The JSON starts at `json.lowerBound` (leading whitespace is skipped).
    private func parsedCall(_ json: Range<Int>, _ buffer: UnsafeBufferPointer<UInt8>) -> JSONParseOutcome? {
        // A cheap check before parsing: a call object mentions a "name" key.
        guard buffer.firstIndex(of: "\"name\"", from: json.lowerBound, to: json.upperBound) != nil else { return nil }
        let outcome = JSONParser.parse(buffer, range: json, options: .lenient)
        guard let value = outcome.value else { return nil }
        if case .array(let elements) = value {
            return !elements.isEmpty && elements.allSatisfy(\.isCallShaped) ? outcome : nil
        }
        return value.isCallShaped ? outcome : nil
    }
}

extension JSONValue {
    /// An object with a "name" string and "arguments" or "parameters": the shape of a JSON tool call.
    var isCallShaped: Bool {
        guard let object = objectValue, object["name"]?.stringValue != nil else { return false }
        return object["arguments"] != nil || object["parameters"] != nil
    }
}
