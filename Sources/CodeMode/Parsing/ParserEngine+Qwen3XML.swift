// Qwen3-Coder XML: <tool_call><function=NAME><parameter=KEY>VALUE</parameter>…</function></tool_call>

/// The progress of one `<function=…>` call.
struct XMLCallState {
    enum Stage {
        /// At `<function=`.
        case functionHeader(start: Int)
        /// Between parameters: whitespace, then a tag.
        case body(at: Int)
        /// At `<parameter=`.
        case parameterHeader(start: Int)
        /// Inside a value that starts at `valueStart`.
        case value(name: String, headerStart: Int, valueStart: Int, scan: ValueScan)
        /// Just after `</function>`.
        case afterFunction(at: Int)
    }

    enum ValueScan {
        case code(PythonCodeScanner)
        case plain(searchFrom: Int)
    }

    var callStart: Int
    var hasOpener: Bool
    var stage: Stage
    var name: String?
    var missingFunction = false
    var arguments = JSONObject()
    var diagnostics: [ParseDiagnostic] = []
    var reportedStrayText = false

    init(callStart: Int, hasOpener: Bool, stage: Stage) {
        self.callStart = callStart
        self.hasOpener = hasOpener
        self.stage = stage
    }
}

extension ParserEngine {
    /// Longest `<function=NAME>` or `<parameter=NAME>` header looked at before calling it malformed.
    private static var maximumHeaderLength: Int { 256 }

    mutating func stepXML(_ state: inout XMLCallState, _ buffer: UnsafeBufferPointer<UInt8>) -> StepResult {
        let end = buffer.count
        switch state.stage {
        case .functionHeader(let start):
            guard let header = readHeader(at: start, prefix: .functionOpen, state: &state, buffer) else {
                return .wait
            }
            if let header {
                state.name = header.name
                state.stage = .body(at: header.next)
                return .again
            } else {
                finishXML(&state, end: end, truncated: true, buffer)
            }

        case .parameterHeader(let start):
            guard let header = readHeader(at: start, prefix: .parameterOpen, state: &state, buffer) else {
                return .wait
            }
            guard let header else {
                finishXML(&state, end: end, truncated: true, buffer)
                return .done
            }
            let isCode = header.name == "code" && (state.name == nil || state.name == ToolCall.executeCodeName)
            let scan: XMLCallState.ValueScan =
                isCode ? .code(PythonCodeScanner(start: header.next)) : .plain(searchFrom: header.next)
            state.stage = .value(name: header.name, headerStart: start, valueStart: header.next, scan: scan)
            return .again

        case .value(let name, let headerStart, let valueStart, let scan):
            return stepXMLValue(&state, name: name, headerStart: headerStart, valueStart: valueStart, scan: scan, buffer)

        case .body(let at):
            return stepXMLBody(&state, at: at, buffer)

        case .afterFunction(let at):
            let next = buffer.skippingWhitespace(from: at, to: end)
            guard next < end else {
                if !isFinal {
                    return .wait
                }
                if state.hasOpener {
                    state.diagnostics.append(
                        makeDiagnostic(
                            .unclosedToolCall, .warning, "</tool_call> is missing after </function>", at: at, in: buffer))
                }
                finishXML(&state, end: at, truncated: false, buffer)
                return .done
            }
            switch buffer.angleTag(at: next, end: end, isFinal: isFinal) {
            case .partial:
                return .wait
            case .tag(.toolCallClose):
                finishXML(&state, end: next + AngleTag.toolCallClose.length, truncated: false, buffer)
            case .tag(.functionOpen) where state.hasOpener:
                // Several functions inside one <tool_call>: each is its own call.
                finishXML(&state, end: at, truncated: false, buffer)
                phase = .xml(XMLCallState(callStart: next, hasOpener: true, stage: .functionHeader(start: next)))
            default:
                if state.hasOpener {
                    state.diagnostics.append(
                        makeDiagnostic(
                            .unclosedToolCall, .warning, "</tool_call> is missing after </function>", at: at, in: buffer))
                }
                finishXML(&state, end: at, truncated: false, buffer)
            }
        }
        return .done
    }

    /// Reads `<function=NAME>` or `<parameter=NAME>`.
    ///
    /// Returns nil to wait for input, `.some(nil)` when the output ends inside the header.
    private mutating func readHeader(
        at start: Int, prefix: AngleTag, state: inout XMLCallState, _ buffer: UnsafeBufferPointer<UInt8>
    ) -> (name: String, next: Int)?? {
        let end = buffer.count
        let nameStart = start + prefix.length
        let limit = min(end, nameStart + Self.maximumHeaderLength)
        var index = nameStart
        while index < limit {
            let byte = buffer[index]
            if byte == UInt8(ascii: ">") || byte == 0x0A || byte == UInt8(ascii: "<") { break }
            index += 1
        }
        if index == limit, limit == end {
            if !isFinal { return nil }
            state.diagnostics.append(
                makeDiagnostic(
                    .truncated, .error, "the output ends inside \(prefix.display); no call was made", at: start,
                    in: buffer))
            return .some(nil)
        }
        let name = headerName(nameStart..<index, in: buffer)
        if index < end, buffer[index] == UInt8(ascii: ">") {
            return (name, index + 1)
        }
        state.diagnostics.append(
            makeDiagnostic(
                .strayText, .warning, "\(prefix.display) header is not closed with '>'", at: start, in: buffer))
        return (name, index)
    }

    private func headerName(_ range: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> String {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, buffer[lower].isASCIIWhitespace || buffer[lower] == UInt8(ascii: "\"")
            || buffer[lower] == UInt8(ascii: "'")
        {
            lower += 1
        }
        while upper > lower, buffer[upper - 1].isASCIIWhitespace || buffer[upper - 1] == UInt8(ascii: "\"")
            || buffer[upper - 1] == UInt8(ascii: "'")
        {
            upper -= 1
        }
        return buffer.string(lower..<upper)
    }

    private mutating func stepXMLBody(
        _ state: inout XMLCallState, at: Int, _ buffer: UnsafeBufferPointer<UInt8>
    ) -> StepResult {
        let end = buffer.count
        let next = buffer.skippingWhitespace(from: at, to: end)
        guard next < end else {
            if !isFinal {
                state.stage = .body(at: next)
                return .wait
            }
            state.diagnostics.append(
                makeDiagnostic(
                    .truncated, .error, "the output ends inside <function=…> (</function> never came)", at: next,
                    in: buffer))
            finishXML(&state, end: end, truncated: true, buffer)
            return .done
        }
        if buffer[next] == UInt8(ascii: "<") {
            switch buffer.angleTag(at: next, end: end, isFinal: isFinal) {
            case .partial:
                state.stage = .body(at: next)
                return .wait
            case .tag(.parameterOpen):
                state.stage = .parameterHeader(start: next)
                return .again
            case .tag(.functionClose):
                state.stage = .afterFunction(at: next + AngleTag.functionClose.length)
                return .again
            case .tag(.toolCallClose):
                state.diagnostics.append(
                    makeDiagnostic(
                        .unclosedFunction, .warning, "</function> is missing before </tool_call>", at: next, in: buffer))
                finishXML(&state, end: next + AngleTag.toolCallClose.length, truncated: false, buffer)
                return .done
            case .tag(.toolCallOpen), .tag(.functionOpen):
                state.diagnostics.append(
                    makeDiagnostic(
                        .unclosedFunction, .warning, "</function> is missing before the next call", at: next, in: buffer))
                if state.hasOpener {
                    state.diagnostics.append(
                        makeDiagnostic(
                            .unclosedToolCall, .warning, "</tool_call> is missing before the next call", at: next,
                            in: buffer))
                }
                finishXML(&state, end: next, truncated: false, buffer)
                return .done
            case .tag(.parameterClose):
                state.diagnostics.append(
                    makeDiagnostic(.strayClosingTag, .warning, "</parameter> without <parameter=…>; ignored", at: next, in: buffer))
                state.stage = .body(at: next + AngleTag.parameterClose.length)
                return .again
            default:
                break
            }
        }
        // Text where only tags belong: report it once and skip to the next '<'.
        if !state.reportedStrayText {
            state.reportedStrayText = true
            state.diagnostics.append(
                makeDiagnostic(.strayText, .warning, "text inside <function=…> outside any parameter; ignored", at: next, in: buffer))
        }
        let resume = buffer.firstIndex(of: UInt8(ascii: "<"), from: next + 1, to: end) ?? end
        state.stage = .body(at: resume)
        return resume < end || isFinal ? .again : .wait
    }

    private mutating func stepXMLValue(
        _ state: inout XMLCallState, name: String, headerStart: Int, valueStart: Int, scan: XMLCallState.ValueScan,
        _ buffer: UnsafeBufferPointer<UInt8>
    ) -> StepResult {
        let end = buffer.count
        var terminator: (offset: Int, tag: AngleTag)?
        var skipped: [(offset: Int, tag: AngleTag)] = []
        switch scan {
        case .code(var scanner):
            switch scanner.scan(buffer, end: end, isFinal: isFinal, terminators: .parameterValueEnd) {
            case .needMore:
                state.stage = .value(name: name, headerStart: headerStart, valueStart: valueStart, scan: .code(scanner))
                return .wait
            case .terminator(let offset, let tag):
                terminator = (offset, tag)
            case .endOfInput:
                terminator = nil
            }
            skipped = scanner.skippedTags.filter { terminator == nil || $0.offset < terminator?.offset ?? end }
        case .plain(let searchFrom):
            var index = searchFrom
            while let angle = buffer.firstIndex(of: UInt8(ascii: "<"), from: index, to: end) {
                switch buffer.angleTag(at: angle, end: end, isFinal: isFinal) {
                case .partial:
                    state.stage = .value(name: name, headerStart: headerStart, valueStart: valueStart, scan: .plain(searchFrom: angle))
                    return .wait
                case .tag(let tag) where TagSet.parameterValueEnd.contains(tag):
                    terminator = (angle, tag)
                case .tag, .none:
                    index = angle + 1
                    continue
                }
                break
            }
            if terminator == nil, !isFinal {
                state.stage = .value(name: name, headerStart: headerStart, valueStart: valueStart, scan: .plain(searchFrom: end))
                return .wait
            }
        }
        for tag in skipped {
            state.diagnostics.append(
                makeDiagnostic(
                    .closingTagInString, .warning,
                    "\(tag.tag.display) inside a Python string literal is part of the code", at: tag.offset, in: buffer))
        }
        let valueEnd = terminator?.offset ?? end
        let value = strippingOneNewline(valueStart..<valueEnd, in: buffer)
        storeParameter(name, value: value, headerStart: headerStart, state: &state, buffer)
        guard let terminator else {
            state.diagnostics.append(
                makeDiagnostic(
                    .truncated, .error, "the output ends inside parameter '\(name)' (</parameter> never came)",
                    at: headerStart, in: buffer))
            finishXML(&state, end: end, truncated: true, buffer)
            return .done
        }
        if terminator.tag == .parameterClose {
            state.stage = .body(at: terminator.offset + AngleTag.parameterClose.length)
        } else {
            state.diagnostics.append(
                makeDiagnostic(
                    .unclosedParameter, .warning,
                    "</parameter> is missing for parameter '\(name)'; its value ends at \(terminator.tag.display)",
                    at: headerStart, in: buffer))
            state.stage = .body(at: terminator.offset)
        }
        return .again
    }

    private mutating func storeParameter(
        _ name: String, value: Range<Int>, headerStart: Int, state: inout XMLCallState,
        _ buffer: UnsafeBufferPointer<UInt8>
    ) {
        let raw = buffer.string(value)
        if state.arguments[name] != nil {
            state.diagnostics.append(
                makeDiagnostic(
                    .duplicateParameter, .warning, "parameter '\(name)' is given twice; the last value is kept",
                    at: headerStart, in: buffer))
        }
        let functionName = state.name ?? ToolCall.executeCodeName
        let conversion = convertParameter(name, raw: raw, function: functionName)
        if let problem = conversion.problem {
            state.diagnostics.append(makeDiagnostic(problem.code, .warning, problem.message, at: headerStart, in: buffer))
        }
        state.arguments[name] = conversion.value
    }

    /// Ends the call at `end` and emits it (or reports why it cannot be).
    private mutating func finishXML(
        _ state: inout XMLCallState, end: Int, truncated: Bool, _ buffer: UnsafeBufferPointer<UInt8>
    ) {
        if state.hasOpener, truncated {
            state.diagnostics.append(
                makeDiagnostic(.unclosedToolCall, .error, "<tool_call> is never closed", at: state.callStart, in: buffer))
        }
        var name = state.name ?? ""
        if state.missingFunction || name.isEmpty {
            if state.arguments["code"] != nil {
                name = ToolCall.executeCodeName
                state.diagnostics.append(
                    makeDiagnostic(
                        .missingFunctionName, .warning,
                        "no function name; assumed execute_code because a 'code' parameter is present",
                        at: state.callStart, in: buffer))
            } else {
                diagnostics.append(contentsOf: state.diagnostics)
                if !(truncated && state.name == nil) {
                    report(
                        .missingFunctionName, .error, "a <tool_call> without a function name; no call was made",
                        at: state.callStart, in: buffer)
                }
                resumeTop(at: end)
                return
            }
        }
        emit(
            ToolCall(
                name: name, arguments: state.arguments, format: .qwen3XML, range: state.callStart..<end,
                diagnostics: state.diagnostics),
            in: buffer)
        resumeTop(at: end)
    }
}
