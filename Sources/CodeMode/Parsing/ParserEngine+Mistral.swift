// Mistral: [TOOL_CALLS]NAME[ARGS]{…} (tokenizer v11+, optionally NAME[CALL_ID]ID[ARGS]{…}) and
// [TOOL_CALLS][{"name": …, "arguments": …}] (earlier tokenizers).

/// The progress of one `[TOOL_CALLS]` call.
struct MistralState {
    enum Stage {
        /// Just after `[TOOL_CALLS]`.
        case start(at: Int)
        /// Reading the function name.
        case name(start: Int)
        /// After the name (and possibly an id): `[CALL_ID]`, `[ARGS]` or `{` comes next.
        case afterName(name: String, id: String?, at: Int)
        /// Scanning the JSON arguments (named call) or the JSON call list (no name).
        case json(JSONEndScanner, jsonStart: Int, name: String?, id: String?)
    }

    var markerStart: Int
    var stage: Stage
}

extension ParserEngine {
    mutating func stepMistral(_ state: inout MistralState, _ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        let end = buffer.count
        func wait(_ engine: inout ParserEngine, _ stage: MistralState.Stage) -> Bool {
            state.stage = stage
            engine.phase = .mistral(state)
            return false
        }
        switch state.stage {
        case .start(let at):
            let next = buffer.skippingWhitespace(from: at, to: end)
            guard next < end else {
                if !isFinal { return wait(&self, .start(at: at)) }
                report(.truncated, .error, "the output ends right after [TOOL_CALLS]", at: state.markerStart, in: buffer)
                resumeTop(at: end)
                return true
            }
            if buffer[next] == UInt8(ascii: "[") || buffer[next] == UInt8(ascii: "{") {
                state.stage = .json(JSONEndScanner(start: next, stopTag: nil), jsonStart: next, name: nil, id: nil)
            } else {
                state.stage = .name(start: next)
            }
            phase = .mistral(state)
            return true

        case .name(let start):
            var index = start
            while index < end, buffer[index].isMistralNameByte { index += 1 }
            if index == end, !isFinal { return wait(&self, .name(start: start)) }
            guard index > start else {
                report(
                    .missingFunctionName, .error, "[TOOL_CALLS] is not followed by a function name or JSON",
                    at: state.markerStart, in: buffer)
                resumeTop(at: start)
                return true
            }
            state.stage = .afterName(name: buffer.string(start..<index), id: nil, at: index)
            phase = .mistral(state)
            return true

        case .afterName(let name, let id, let at):
            let next = buffer.skippingWhitespace(from: at, to: end)
            guard next < end else {
                if !isFinal { return wait(&self, .afterName(name: name, id: id, at: at)) }
                report(
                    .truncated, .error, "the output ends before the arguments of '\(name)'", at: state.markerStart,
                    in: buffer)
                resumeTop(at: end)
                return true
            }
            if buffer[next] == UInt8(ascii: "{") {
                state.stage = .json(JSONEndScanner(start: next, stopTag: nil), jsonStart: next, name: name, id: id)
                phase = .mistral(state)
                return true
            }
            switch (buffer.literal("[ARGS]", at: next, end: end), buffer.literal("[CALL_ID]", at: next, end: end)) {
            case (.match, _):
                let json = buffer.skippingWhitespace(from: next + 6, to: end)
                if json == end, !isFinal { return wait(&self, .afterName(name: name, id: id, at: at)) }
                guard json < end, buffer[json] == UInt8(ascii: "{") else {
                    report(
                        .invalidArguments, .error, "[ARGS] of '\(name)' is not followed by a JSON object; no call was made",
                        at: next, in: buffer)
                    resumeTop(at: json)
                    return true
                }
                state.stage = .json(JSONEndScanner(start: json, stopTag: nil), jsonStart: json, name: name, id: id)
            case (_, .match):
                let idStart = next + 9
                var index = idStart
                while index < end, buffer[index].isMistralNameByte { index += 1 }
                if index == end, !isFinal { return wait(&self, .afterName(name: name, id: id, at: at)) }
                state.stage = .afterName(name: name, id: buffer.string(idStart..<index), at: index)
            case (.partial, _), (_, .partial):
                if !isFinal { return wait(&self, .afterName(name: name, id: id, at: at)) }
                report(.truncated, .error, "the output ends before the arguments of '\(name)'", at: next, in: buffer)
                resumeTop(at: end)
                return true
            default:
                report(
                    .invalidArguments, .error, "expected [ARGS]{…} after the function name '\(name)'; no call was made",
                    at: next, in: buffer)
                resumeTop(at: next)
                return true
            }
            phase = .mistral(state)
            return true

        case .json(var scanner, let jsonStart, let name, let id):
            switch scanner.scan(buffer, end: end, isFinal: isFinal) {
            case .needMore:
                return wait(&self, .json(scanner, jsonStart: jsonStart, name: name, id: id))
            case .stoppedAtTag, .endOfInput:
                report(
                    .truncated, .error, "the output ends inside the JSON of a [TOOL_CALLS] call; no call was made",
                    at: state.markerStart, in: buffer)
                resumeTop(at: end)
            case .complete(let jsonEnd):
                let range = state.markerStart..<jsonEnd
                if let name {
                    let outcome = JSONParser.parse(buffer, range: jsonStart..<jsonEnd, options: .lenient)
                    if let arguments = outcome.value?.objectValue {
                        var call = ToolCall(name: name, arguments: arguments, format: .mistral, range: range, id: id)
                        call.diagnostics = repairDiagnostics(outcome.issues, buffer)
                        emit(call, in: buffer)
                    } else {
                        let error = outcome.error ?? JSONParseError(offset: jsonStart, message: "not an object")
                        report(
                            .invalidJSON, .error,
                            "invalid JSON arguments for '\(name)': \(error.message); no call was made",
                            at: error.offset, in: buffer)
                    }
                } else {
                    for call in callsFromJSON(jsonStart..<jsonEnd, format: .mistral, range: range, buffer) {
                        emit(call, in: buffer)
                    }
                }
                resumeTop(at: jsonEnd)
            }
            return true
        }
    }
}

extension UInt8 {
    /// Bytes allowed in a Mistral function name or call id.
    fileprivate var isMistralNameByte: Bool {
        (self >= UInt8(ascii: "a") && self <= UInt8(ascii: "z")) || (self >= UInt8(ascii: "A") && self <= UInt8(ascii: "Z"))
            || (self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9")) || self == UInt8(ascii: "_")
            || self == UInt8(ascii: "-") || self == UInt8(ascii: ".")
    }
}
