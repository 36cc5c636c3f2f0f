// Bare code: <tool_call>PYTHON</tool_call>, an execute_code call.

/// The progress of one bare-code body.
struct BareCodeState {
    var openStart: Int
    var codeStart: Int
    var scanner: PythonCodeScanner

    init(openStart: Int, codeStart: Int) {
        self.openStart = openStart
        self.codeStart = codeStart
        scanner = PythonCodeScanner(start: codeStart)
    }
}

extension ParserEngine {
    mutating func stepBare(_ state: inout BareCodeState, _ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        let end = buffer.count
        let outcome = state.scanner.scan(buffer, end: end, isFinal: isFinal, terminators: .bareCodeEnd)
        var diagnostics: [ParseDiagnostic] = []
        let codeEnd: Int
        let callEnd: Int
        switch outcome {
        case .needMore:
            return false  // the caller keeps the state
        case .terminator(let offset, let tag):
            codeEnd = offset
            if tag == .toolCallClose {
                callEnd = offset + AngleTag.toolCallClose.length
            } else {
                callEnd = offset
                diagnostics.append(
                    makeDiagnostic(
                        .unclosedToolCall, .warning, "</tool_call> is missing before the next <tool_call>", at: offset,
                        in: buffer))
            }
        case .endOfInput:
            codeEnd = end
            callEnd = end
            diagnostics.append(
                makeDiagnostic(
                    .truncated, .error, "the output ends inside the code of a <tool_call> (</tool_call> never came)",
                    at: state.openStart, in: buffer))
        }
        for skipped in state.scanner.skippedTags where skipped.offset < codeEnd {
            diagnostics.append(
                makeDiagnostic(
                    .closingTagInString, .warning, "\(skipped.tag.display) inside a Python string literal is part of the code",
                    at: skipped.offset, in: buffer))
        }
        let code = buffer.string(strippingOneNewline(state.codeStart..<codeEnd, in: buffer))
        emit(
            ToolCall(
                name: ToolCall.executeCodeName, arguments: JSONObject([("code", .string(code))]), format: .bare,
                range: state.openStart..<callEnd, diagnostics: diagnostics),
            in: buffer)
        resumeTop(at: callEnd)
        return true
    }
}
