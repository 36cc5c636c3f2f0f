// Hermes / Qwen JSON in tags: <tool_call>{"name": …, "arguments": {…}}</tool_call>

/// The progress of one JSON body inside `<tool_call>`.
struct JSONBodyState {
    enum Stage {
        case scanning(JSONEndScanner)
        /// The JSON is parsed; waiting for `</tool_call>`.
        case closing(jsonEnd: Int, searchFrom: Int, calls: [ToolCall], trailingAt: Int?)
    }

    var openStart: Int
    var jsonStart: Int
    var escapedWhitespaceAt: Int?
    var stage: Stage

    init(openStart: Int, jsonStart: Int, escapedWhitespaceAt: Int?, stage: Stage? = nil) {
        self.openStart = openStart
        self.jsonStart = jsonStart
        self.escapedWhitespaceAt = escapedWhitespaceAt
        self.stage = stage ?? .scanning(JSONEndScanner(start: jsonStart, stopTag: .toolCallClose))
    }
}

extension ParserEngine {
    mutating func stepJSONBody(_ state: inout JSONBodyState, _ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        let end = buffer.count
        switch state.stage {
        case .scanning(var scanner):
            switch scanner.scan(buffer, end: end, isFinal: isFinal) {
            case .needMore:
                state.stage = .scanning(scanner)
                phase = .jsonBody(state)
                return false
            case .complete(let jsonEnd):
                var calls = callsFromJSON(
                    state.jsonStart..<jsonEnd, format: .hermesJSON, range: state.openStart..<jsonEnd, buffer)
                if let escaped = state.escapedWhitespaceAt {
                    let diagnostic = makeDiagnostic(
                        .escapedWhitespace, .warning,
                        "literal \\n escape sequences before the JSON body were read as whitespace", at: escaped,
                        in: buffer)
                    if calls.isEmpty { diagnostics.append(diagnostic) }
                    for index in calls.indices { calls[index].diagnostics.append(diagnostic) }
                }
                state.stage = .closing(jsonEnd: jsonEnd, searchFrom: jsonEnd, calls: calls, trailingAt: nil)
                phase = .jsonBody(state)
            case .stoppedAtTag(let tag):
                reportInvalidJSON(state.jsonStart..<tag, buffer)
                resumeTop(at: tag + AngleTag.toolCallClose.length)
            case .endOfInput(let tagInString):
                if let tag = tagInString {
                    reportInvalidJSON(state.jsonStart..<tag, buffer)
                    resumeTop(at: tag + AngleTag.toolCallClose.length)
                } else {
                    report(
                        .truncated, .error, "the output ends inside the JSON body of a <tool_call>; no call was made",
                        at: state.openStart, in: buffer)
                    resumeTop(at: end)
                }
            }
            return true

        case .closing(let jsonEnd, let searchFrom, var calls, var trailingAt):
            let next = skippingEscapedWhitespace(from: searchFrom, in: buffer)
            if trailingAt == nil, next > searchFrom,
                UnsafeBufferPointer(rebasing: buffer[searchFrom..<next]).contains(UInt8(ascii: "\\"))
            {
                let diagnostic = makeDiagnostic(
                    .escapedWhitespace, .warning, "literal \\n escape sequences after the JSON body were read as whitespace",
                    at: searchFrom, in: buffer)
                for index in calls.indices { calls[index].diagnostics.append(diagnostic) }
            }
            func wait(_ engine: inout ParserEngine, _ at: Int) {
                engine.phase = .jsonBody(
                    JSONBodyState(
                        openStart: state.openStart, jsonStart: state.jsonStart,
                        escapedWhitespaceAt: state.escapedWhitespaceAt,
                        stage: .closing(jsonEnd: jsonEnd, searchFrom: at, calls: calls, trailingAt: trailingAt)))
            }
            if !isFinal, next == end - 1, buffer[next] == UInt8(ascii: "\\") {
                // A lone trailing backslash may start an escape sequence.
                wait(&self, next)
                return false
            }
            guard next < end else {
                if !isFinal {
                    wait(&self, next)
                    return false
                }
                closeJSONBody(
                    calls, rangeEnd: jsonEnd, missingClose: true, trailingAt: trailingAt, resumeAt: jsonEnd, buffer)
                return true
            }
            if buffer[next] == UInt8(ascii: "<") {
                switch buffer.angleTag(at: next, end: end, isFinal: isFinal) {
                case .partial:
                    wait(&self, next)
                    return false
                case .tag(.toolCallClose):
                    let closeEnd = next + AngleTag.toolCallClose.length
                    closeJSONBody(
                        calls, rangeEnd: closeEnd, missingClose: false, trailingAt: trailingAt, resumeAt: closeEnd,
                        buffer)
                    return true
                case .tag(.toolCallOpen), .tag(.functionOpen), .tag(.thinkOpen):
                    closeJSONBody(
                        calls, rangeEnd: jsonEnd, missingClose: true, trailingAt: nil, resumeAt: jsonEnd, buffer)
                    return true
                default:
                    break
                }
            }
            trailingAt = trailingAt ?? next
            let resume = buffer.firstIndex(of: UInt8(ascii: "<"), from: next + 1, to: end) ?? end
            wait(&self, resume)
            return resume < end || isFinal
        }
    }

    private mutating func closeJSONBody(
        _ calls: [ToolCall], rangeEnd: Int, missingClose: Bool, trailingAt: Int?, resumeAt: Int,
        _ buffer: UnsafeBufferPointer<UInt8>
    ) {
        for var call in calls {
            call.range = call.range.lowerBound..<rangeEnd
            if let trailingAt {
                call.diagnostics.append(
                    makeDiagnostic(
                        .trailingText, .warning, "text after the JSON body, before </tool_call>, was ignored",
                        at: trailingAt, in: buffer))
            }
            if missingClose {
                call.diagnostics.append(
                    makeDiagnostic(
                        .unclosedToolCall, .warning, "</tool_call> is missing after the JSON body",
                        at: call.range.lowerBound, in: buffer))
            }
            emit(call, in: buffer)
        }
        resumeTop(at: resumeAt)
    }

    private mutating func reportInvalidJSON(_ range: Range<Int>, _ buffer: UnsafeBufferPointer<UInt8>) {
        let outcome = JSONParser.parse(buffer, range: range, options: .lenient)
        let error = outcome.error ?? JSONParseError(offset: range.upperBound, message: "unexpected end of JSON")
        report(
            .invalidJSON, .error, "invalid JSON in <tool_call>: \(error.message); no call was made", at: error.offset,
            in: buffer)
    }

    /// Parses a JSON call body (`{"name": …, "arguments": …}` or an array of them) into calls.
    ///
    /// Problems that prevent a call are reported unattached; repairs are attached to the calls.
    /// `parsed` is the lenient parse of `json` when the caller has it already.
    mutating func callsFromJSON(
        _ json: Range<Int>, format: ToolCallFormat, range: Range<Int>, parsed: JSONParseOutcome? = nil,
        _ buffer: UnsafeBufferPointer<UInt8>
    ) -> [ToolCall] {
        let outcome = parsed ?? JSONParser.parse(buffer, range: json, options: .lenient)
        guard let value = outcome.value else {
            let error = outcome.error ?? JSONParseError(offset: json.lowerBound, message: "no value")
            report(
                .invalidJSON, .error, "invalid JSON tool call: \(error.message); no call was made", at: error.offset,
                in: buffer)
            return []
        }
        let repairs = repairDiagnostics(outcome.issues, buffer)
        let objects: [JSONValue]
        if case .array(let elements) = value { objects = elements } else { objects = [value] }
        var calls: [ToolCall] = []
        for object in objects {
            guard var call = callFromJSONObject(object, format: format, range: range, at: json.lowerBound, buffer)
            else { continue }
            call.diagnostics.append(contentsOf: repairs)
            calls.append(call)
        }
        if calls.isEmpty { diagnostics.append(contentsOf: repairs) }
        return calls
    }

    /// One repair diagnostic per kind of tolerated JSON mistake.
    func repairDiagnostics(_ issues: [JSONParseIssue], _ buffer: UnsafeBufferPointer<UInt8>) -> [ParseDiagnostic] {
        var result: [ParseDiagnostic] = []
        var lines = LineIndex()
        for kind in [JSONParseIssue.Kind.trailingComma, .trailingText, .invalidEscape, .controlCharacter, .pythonLiteral] {
            let matching = issues.filter { $0.kind == kind }
            guard let first = matching.first else { continue }
            let count = matching.count == 1 ? "" : " (\(matching.count) times)"
            let location = lines.location(of: first.offset, in: buffer)
            result.append(
                ParseDiagnostic(
                    code: kind == .trailingText ? .trailingText : .repairedJSON, severity: .warning,
                    message: "JSON repaired: \(first.message)\(count)", offset: first.offset, line: location.line,
                    column: location.column))
        }
        return result
    }

    /// A call from `{"name": …, "arguments": …}`; also accepts `parameters` and OpenAI's `function` wrapper.
    mutating func callFromJSONObject(
        _ value: JSONValue, format: ToolCallFormat, range: Range<Int>, at offset: Int,
        _ buffer: UnsafeBufferPointer<UInt8>
    ) -> ToolCall? {
        guard var object = value.objectValue else {
            report(.invalidArguments, .error, "a JSON tool call must be an object; no call was made", at: offset, in: buffer)
            return nil
        }
        let id = object["id"]?.stringValue
        if object["name"] == nil, let function = object["function"]?.objectValue { object = function }
        guard let name = object["name"]?.stringValue, !name.isEmpty else {
            report(
                .missingFunctionName, .error, "a JSON tool call without a \"name\" string; no call was made",
                at: offset, in: buffer)
            return nil
        }
        var call = ToolCall(name: name, arguments: JSONObject(), format: format, range: range, id: id)
        switch object["arguments"] ?? object["parameters"] {
        case nil, .null?:
            break
        case .object(let arguments)?:
            call.arguments = arguments
        case .string(let encoded)?:
            let inner = JSONParser.parse(encoded, options: .lenient)
            if let arguments = inner.value?.objectValue {
                call.arguments = arguments
            } else {
                call.diagnostics.append(
                    makeDiagnostic(
                        .invalidArguments, .error,
                        "the arguments string of '\(name)' is not a JSON object"
                            + (inner.error.map { ": \($0.message)" } ?? ""), at: offset, in: buffer))
            }
        case _?:
            call.diagnostics.append(
                makeDiagnostic(
                    .invalidArguments, .error, "the arguments of '\(name)' are not an object", at: offset, in: buffer))
        }
        return call
    }
}
