/// The incremental state machine behind both parsers.
///
/// The whole-text parser feeds everything at once and finishes; the streaming parser feeds chunks.
/// Both run the same code, which is why streaming yields exactly the whole-text result. Every phase
/// remembers how far it has looked, so a new chunk is scanned once: total work is linear in the
/// output length. Format-specific phases live in `ParserEngine+<Format>.swift`.
struct ParserEngine {
    private let catalogReference: CatalogReference
    let options: ParseOptions
    /// The stubs (held by reference: starting a parse copies nothing).
    var catalog: StubCatalog { catalogReference.catalog }

    private(set) var bytes: [UInt8] = []
    var isFinal = false

    // MARK: Output

    private(set) var calls: [ToolCall] = []
    var diagnostics: [ParseDiagnostic] = []
    private var textBytes: [UInt8] = []
    private var reasoningBytes: [UInt8]?
    private var lineIndex = LineIndex()

    // MARK: Streaming bookkeeping

    private var deliveredCalls = 0
    private var deliveredDiagnostics = 0
    private var deliveredText = 0

    // MARK: State

    /// The large per-format states live in boxes, so the enum stays a few words (it is switched on at
    /// every step, and an inline payload would be copied each time), and a state that waits for more
    /// input is updated in place rather than copied out and back on every chunk.
    enum Phase {
        case start
        case leadingJSON(JSONEndScanner)
        case top
        case think(openStart: Int, searchFrom: Int)
        case toolCallBody(openStart: Int)
        case xmlBox(StateBox<XMLCallState>)
        case jsonBodyBox(StateBox<JSONBodyState>)
        case bareBox(StateBox<BareCodeState>)
        case mistralBox(StateBox<MistralState>)
        case fence(FenceState)

        static func xml(_ state: XMLCallState) -> Phase { .xmlBox(StateBox(state)) }
        static func jsonBody(_ state: JSONBodyState) -> Phase { .jsonBodyBox(StateBox(state)) }
        static func bare(_ state: BareCodeState) -> Phase { .bareBox(StateBox(state)) }
        static func mistral(_ state: MistralState) -> Phase { .mistralBox(StateBox(state)) }
    }

    var phase: Phase = .start
    /// Top-level text not yet moved to `textBytes` starts here.
    var textStart = 0
    /// No top-level marker starts in `textStart..<scanFrom`.
    var scanFrom = 0
    private var angleCursor = ByteCursor(byte: UInt8(ascii: "<"))
    private var bracketCursor = ByteCursor(byte: UInt8(ascii: "["))
    private var backtickCursor = ByteCursor(byte: UInt8(ascii: "`"))

    init(catalog: CatalogReference, options: ParseOptions) {
        catalogReference = catalog
        self.options = options
    }

    // MARK: - Driving

    /// Appends input and parses as far as it allows.
    mutating func append(_ chunk: [UInt8]) {
        if bytes.isEmpty {
            bytes = chunk  // shares the caller's storage: a whole-text parse copies nothing
        } else {
            bytes.append(contentsOf: chunk)
        }
        run()
    }

    /// Marks the end of input and parses the rest, closing whatever is open.
    mutating func finish() {
        guard !isFinal else { return }
        isFinal = true
        run()
        let storage = bytes
        storage.withUnsafeBufferPointer { buffer in
            if let invalid = firstInvalidUTF8(in: buffer) {
                diagnostics.append(
                    makeDiagnostic(
                        .invalidUTF8, .warning,
                        "the output is not valid UTF-8 (first bad byte at offset \(invalid)); "
                            + "bad bytes were replaced with U+FFFD", at: invalid, in: buffer))
            }
        }
    }

    private mutating func run() {
        let storage = bytes
        storage.withUnsafeBufferPointer { buffer in
            while step(buffer) {}
        }
    }

    /// Runs one phase step; false when the phase needs more input (or everything is done).
    private mutating func step(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        // Each payload is moved out (and `phase` reset) so the step mutates a uniquely referenced state.
        switch phase {
        case .start: return stepStart(buffer)
        case .leadingJSON(let scanner): return stepLeadingJSON(scanner, buffer)
        case .top: return stepTop(buffer)
        case .think(let openStart, let searchFrom): return stepThink(openStart, searchFrom, buffer)
        case .toolCallBody(let openStart): return stepToolCallBody(openStart, buffer)
        case .xmlBox(var box):
            phase = .top
            makeUnique(&box)
            while true {
                switch stepXML(&box.state, buffer) {
                case .again: continue
                case .wait:
                    phase = .xmlBox(box)
                    return false
                case .done: return true
                }
            }
        case .jsonBodyBox(var box):
            phase = .top
            makeUnique(&box)
            return stepJSONBody(&box.state, buffer)
        case .bareBox(var box):
            phase = .top
            makeUnique(&box)
            if stepBare(&box.state, buffer) { return true }
            phase = .bareBox(box)
            return false
        case .mistralBox(var box):
            phase = .top
            makeUnique(&box)
            return stepMistral(&box.state, buffer)
        case .fence(var state):
            phase = .top
            return stepFence(&state, buffer)
        }
    }

    // MARK: - Results

    /// The result of everything parsed so far (complete after `finish()`).
    var result: ParseResult {
        ParseResult(
            calls: calls,
            text: String(decoding: textBytes, as: UTF8.self),
            reasoning: reasoningBytes.map { String(decoding: $0, as: UTF8.self) },
            diagnostics: diagnostics.sorted { $0.offset < $1.offset })
    }

    /// What was completed since the last update.
    mutating func takeUpdate() -> StreamingUpdate {
        // Most chunks complete nothing: build the arrays only when there is something new.
        var newCalls: [ToolCall] = []
        var newDiagnostics: [ParseDiagnostic] = []
        if deliveredCalls < calls.count {
            newCalls = Array(calls[deliveredCalls...])
            deliveredCalls = calls.count
        }
        if deliveredDiagnostics < diagnostics.count || !newCalls.isEmpty {
            newDiagnostics = Array(diagnostics[deliveredDiagnostics...]) + newCalls.flatMap(\.diagnostics)
            newDiagnostics.sort { $0.offset < $1.offset }
            deliveredDiagnostics = diagnostics.count
        }
        var textEnd = textBytes.count
        if !isFinal {
            // Never split a UTF-8 sequence between two updates: hold back an incomplete last one.
            var lead = textEnd - 1
            while lead >= deliveredText, lead > textEnd - 4, textBytes[lead] & 0xC0 == 0x80 { lead -= 1 }
            if lead >= deliveredText, textBytes[lead] >= 0xC0 {
                let byte = textBytes[lead]
                let expected = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                if textEnd - lead < expected { textEnd = lead }
            }
        }
        textEnd = max(textEnd, deliveredText)
        let text = String(decoding: textBytes[deliveredText..<textEnd], as: UTF8.self)
        deliveredText = textEnd
        return StreamingUpdate(calls: newCalls, text: text, diagnostics: newDiagnostics)
    }

    // MARK: - Emitting

    mutating func makeDiagnostic(
        _ code: ParseDiagnostic.Code, _ severity: ParseDiagnostic.Severity, _ message: String, at offset: Int,
        in buffer: UnsafeBufferPointer<UInt8>
    ) -> ParseDiagnostic {
        let location = lineIndex.location(of: offset, in: buffer)
        return ParseDiagnostic(
            code: code, severity: severity, message: message, offset: offset, line: location.line,
            column: location.column)
    }

    /// Records a diagnostic that belongs to no call.
    mutating func report(
        _ code: ParseDiagnostic.Code, _ severity: ParseDiagnostic.Severity, _ message: String, at offset: Int,
        in buffer: UnsafeBufferPointer<UInt8>
    ) {
        diagnostics.append(makeDiagnostic(code, severity, message, at: offset, in: buffer))
    }

    /// Checks a finished call against the stubs and the forced format, then records it.
    mutating func emit(_ call: consuming ToolCall, in buffer: UnsafeBufferPointer<UInt8>) {
        var call = call
        let offset = call.range.lowerBound
        if call.isExecuteCode {
            switch call.arguments["code"] {
            case nil:
                call.diagnostics.append(
                    makeDiagnostic(.missingCode, .error, "execute_code has no 'code' argument", at: offset, in: buffer))
            case .string(let code)?:
                if code.utf8.allSatisfy(\.isASCIIWhitespace) {
                    call.diagnostics.append(
                        makeDiagnostic(.emptyCode, .error, "execute_code has empty code", at: offset, in: buffer))
                }
            case _?:
                call.diagnostics.append(
                    makeDiagnostic(
                        .invalidArguments, .error, "execute_code's 'code' argument is not a string", at: offset,
                        in: buffer))
            }
        } else if catalog.tool(named: call.name) == nil {
            call.diagnostics.append(
                makeDiagnostic(
                    .unknownFunction, .warning,
                    "unknown function '\(call.name)': not execute_code and not a tool declared in stubs/", at: offset,
                    in: buffer))
        }
        if let forced = options.format, call.format != forced {
            report(
                .formatMismatch, .warning,
                "a \(call.format.rawValue) call to '\(call.name)' was ignored because the format is forced to "
                    + forced.rawValue, at: offset, in: buffer)
            return
        }
        call.diagnostics.sort { $0.offset < $1.offset }
        calls.append(call)
    }

    /// Moves `range` of the input to the message text.
    mutating func appendText(_ range: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) {
        guard range.lowerBound < range.upperBound else { return }
        textBytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[range]))
    }

    /// Adds decoded text (an OpenAI message's content) to the message text.
    mutating func appendText(string: String) {
        textBytes.append(contentsOf: string.utf8)
    }

    /// Moves `range` of the input to the reasoning text.
    mutating func appendReasoning(_ range: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) {
        var reasoning = reasoningBytes ?? []
        reasoningBytes = nil
        reasoning.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[range.lowerBound..<max(range.lowerBound, range.upperBound)]))
        reasoningBytes = reasoning
    }

    /// Returns to top-level scanning at `offset`.
    mutating func resumeTop(at offset: Int) {
        phase = .top
        textStart = offset
        scanFrom = offset
    }

    // MARK: - Start: a leading JSON document

    private mutating func stepStart(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        let end = buffer.count
        let first = buffer.skippingWhitespace(from: 0, to: end)
        if first == end, !isFinal {
            phase = .start
            return false
        }
        if first < end, buffer[first] == UInt8(ascii: "{"), options.scansLeadingJSON {
            phase = .leadingJSON(JSONEndScanner(start: first, stopTag: nil))
        } else {
            resumeTop(at: 0)
        }
        return true
    }

    private mutating func stepLeadingJSON(_ scanner: JSONEndScanner, _ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        var scanner = scanner
        switch scanner.scan(buffer, end: buffer.count, isFinal: isFinal) {
        case .needMore:
            phase = .leadingJSON(scanner)
            return false
        case .stoppedAtTag, .endOfInput:
            resumeTop(at: 0)
        case .complete(let jsonEnd):
            let start = buffer.skippingWhitespace(from: 0, to: jsonEnd)
            if !consumeLeadingJSON(start..<jsonEnd, in: buffer) {
                resumeTop(at: 0)
            }
        }
        return true
    }

    // MARK: - Top level

    private mutating func stepTop(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        let end = buffer.count
        var index = scanFrom
        while index < end {
            var candidate = angleCursor.next(in: buffer, from: index, to: end) ?? end
            if options.scansMistral, let bracket = bracketCursor.next(in: buffer, from: index, to: candidate) {
                candidate = bracket
            }
            if options.scansFences, let backtick = backtickCursor.next(in: buffer, from: index, to: candidate) {
                candidate = backtick
            }
            guard candidate < end else { break }
            switch topMarker(at: candidate, in: buffer) {
            case .partial:
                appendText(textStart..<candidate, in: buffer)
                textStart = candidate
                scanFrom = candidate
                phase = .top
                return false
            case .notMarker:
                index = candidate + 1
            case .marker(let marker, let length):
                appendText(textStart..<candidate, in: buffer)
                enter(marker, at: candidate, length: length, in: buffer)
                return true
            }
        }
        appendText(textStart..<end, in: buffer)
        textStart = end
        scanFrom = end
        phase = .top
        return false
    }

    enum TopMarker {
        case toolCallOpen, functionOpen, thinkOpen, strayClose(AngleTag), mistral, fence
    }

    enum TopMatch {
        case marker(TopMarker, length: Int)
        case partial
        case notMarker
    }

    private func topMarker(at index: Int, in buffer: UnsafeBufferPointer<UInt8>) -> TopMatch {
        let end = buffer.count
        switch buffer[index] {
        case UInt8(ascii: "<"):
            switch buffer.angleTag(at: index, end: end, isFinal: isFinal) {
            case .partial: return .partial
            case .none: return .notMarker
            case .tag(let tag):
                switch tag {
                case .thinkOpen: return .marker(.thinkOpen, length: tag.length)
                case .thinkClose: return .marker(.strayClose(tag), length: tag.length)
                case .toolCallOpen where options.scansTags: return .marker(.toolCallOpen, length: tag.length)
                case .functionOpen where options.scansTags: return .marker(.functionOpen, length: tag.length)
                case .toolCallClose, .functionClose, .parameterClose:
                    return options.scansTags ? .marker(.strayClose(tag), length: tag.length) : .notMarker
                default: return .notMarker
                }
            }
        case UInt8(ascii: "["):
            switch buffer.literal("[TOOL_CALLS]", at: index, end: end) {
            case .match: return .marker(.mistral, length: 12)
            case .partial: return isFinal ? .notMarker : .partial
            case .mismatch: return .notMarker
            }
        default:
            switch buffer.literal("```", at: index, end: end) {
            case .match:
                return startsLine(index, in: buffer) ? .marker(.fence, length: 3) : .notMarker
            case .partial: return isFinal ? .notMarker : .partial
            case .mismatch: return .notMarker
            }
        }
    }

    private func startsLine(_ index: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        var back = index
        while back > 0 {
            let byte = buffer[back - 1]
            if byte == 0x0A { return true }
            if byte != 0x20, byte != 0x09 { return false }
            back -= 1
        }
        return true
    }

    private mutating func enter(
        _ marker: TopMarker, at index: Int, length: Int, in buffer: UnsafeBufferPointer<UInt8>
    ) {
        switch marker {
        case .thinkOpen:
            phase = .think(openStart: index, searchFrom: index + length)
        case .strayClose(let tag):
            report(
                .strayClosingTag, .warning, "\(tag.display) without a matching opening tag; removed", at: index,
                in: buffer)
            resumeTop(at: index + length)
        case .toolCallOpen:
            phase = .toolCallBody(openStart: index)
        case .functionOpen:
            var state = XMLCallState(callStart: index, hasOpener: false, stage: .functionHeader(start: index))
            state.diagnostics.append(
                makeDiagnostic(
                    .missingToolCallOpen, .warning, "<function=…> without a preceding <tool_call>", at: index,
                    in: buffer))
            phase = .xml(state)
        case .mistral:
            phase = .mistral(MistralState(markerStart: index, stage: .start(at: index + length)))
        case .fence:
            phase = .fence(FenceState(openStart: index, stage: .info(searchFrom: index + length)))
        }
    }

    // MARK: - <think>

    private mutating func stepThink(_ openStart: Int, _ searchFrom: Int, _ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        let end = buffer.count
        let contentStart = openStart + AngleTag.thinkOpen.length
        if let close = buffer.firstIndex(of: "</think>", from: searchFrom, to: end) {
            appendReasoning(contentStart..<close, in: buffer)
            resumeTop(at: close + AngleTag.thinkClose.length)
            return true
        }
        if isFinal {
            report(.unclosedThink, .warning, "<think> is never closed; the rest of the output is reasoning", at: openStart, in: buffer)
            appendReasoning(contentStart..<end, in: buffer)
            resumeTop(at: end)
            return true
        }
        phase = .think(openStart: openStart, searchFrom: max(contentStart, end - AngleTag.thinkClose.length + 1))
        return false
    }

    // MARK: - After <tool_call>: which body?

    private mutating func stepToolCallBody(_ openStart: Int, _ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        let end = buffer.count
        let bodyStart = openStart + AngleTag.toolCallOpen.length
        let first = buffer.skippingWhitespace(from: bodyStart, to: end)
        guard first < end else {
            if isFinal {
                report(.unclosedToolCall, .error, "the output ends right after <tool_call>", at: openStart, in: buffer)
                resumeTop(at: end)
                return true
            }
            phase = .toolCallBody(openStart: openStart)
            return false
        }
        switch buffer[first] {
        case UInt8(ascii: "<"):
            switch buffer.angleTag(at: first, end: end, isFinal: isFinal) {
            case .partial:
                phase = .toolCallBody(openStart: openStart)
                return false
            case .tag(.functionOpen):
                phase = .xml(XMLCallState(callStart: openStart, hasOpener: true, stage: .functionHeader(start: first)))
            case .tag(.parameterOpen):
                var state = XMLCallState(callStart: openStart, hasOpener: true, stage: .parameterHeader(start: first))
                state.missingFunction = true
                phase = .xml(state)
            case .tag(.toolCallClose):
                report(.emptyToolCall, .warning, "<tool_call></tool_call> contains nothing", at: openStart, in: buffer)
                resumeTop(at: first + AngleTag.toolCallClose.length)
            case .tag(.toolCallOpen):
                report(
                    .emptyToolCall, .warning, "<tool_call> is followed by another <tool_call>; the first one is ignored",
                    at: openStart, in: buffer)
                phase = .toolCallBody(openStart: first)
            default:
                phase = .bare(BareCodeState(openStart: openStart, codeStart: bodyStart))
            }
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            phase = .jsonBody(JSONBodyState(openStart: openStart, jsonStart: first, escapedWhitespaceAt: nil))
        case UInt8(ascii: "\\"):
            // `<tool_call>\n{…}` with a literal backslash-n: text that was escaped twice.
            let afterEscapes = skippingEscapedWhitespace(from: first, in: buffer)
            if !isFinal, afterEscapes >= end - 1 {
                phase = .toolCallBody(openStart: openStart)
                return false
            }
            if afterEscapes > first, afterEscapes < end,
                buffer[afterEscapes] == UInt8(ascii: "{") || buffer[afterEscapes] == UInt8(ascii: "[")
            {
                phase = .jsonBody(JSONBodyState(openStart: openStart, jsonStart: afterEscapes, escapedWhitespaceAt: first))
            } else {
                phase = .bare(BareCodeState(openStart: openStart, codeStart: bodyStart))
            }
        default:
            phase = .bare(BareCodeState(openStart: openStart, codeStart: bodyStart))
        }
        return true
    }

    /// Skips whitespace and literal `\n`, `\r`, `\t` escape sequences.
    func skippingEscapedWhitespace(from start: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Int {
        let end = buffer.count
        var index = start
        while index < end {
            if buffer[index].isASCIIWhitespace {
                index += 1
            } else if buffer[index] == UInt8(ascii: "\\"), index + 1 < end,
                buffer[index + 1] == UInt8(ascii: "n") || buffer[index + 1] == UInt8(ascii: "r")
                    || buffer[index + 1] == UInt8(ascii: "t")
            {
                index += 2
            } else {
                break
            }
        }
        return index
    }
}

/// What a format step asks the driver to do next.
enum StepResult {
    /// The state was advanced in place; run the same phase again.
    case again
    /// More input is needed; keep the state.
    case wait
    /// The step set the next phase itself.
    case done
}

/// A phase's state, boxed. Value semantics are kept by copying the box before a step when another
/// copy of the engine still refers to it (`makeUnique`).
///
/// `@unchecked Sendable` like any copy-on-write storage: a box is only mutated once it is unique.
final class StateBox<State>: @unchecked Sendable {
    @exclusivity(unchecked) var state: State

    init(_ state: State) {
        self.state = state
    }
}

/// Copies `box` when another copy of the engine (a copied streaming parser) still refers to it.
@inline(__always)
func makeUnique<State>(_ box: inout StateBox<State>) {
    if !isKnownUniquelyReferenced(&box) { box = StateBox(box.state) }
}

/// A stub catalog shared by reference, so that each parse does not copy (and retain) its fields.
final class CatalogReference: Sendable {
    let catalog: StubCatalog

    init(_ catalog: StubCatalog) {
        self.catalog = catalog
    }
}

/// Remembers where the next occurrence of one byte is, so repeated searches never rescan.
struct ByteCursor {
    let byte: UInt8
    private var found: Int?
    private var searchedTo = 0

    init(byte: UInt8) {
        self.byte = byte
    }

    /// The first occurrence in `start..<end`, or nil.
    mutating func next(in buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        if let found, found >= start { return found < end ? found : nil }
        let from = max(start, searchedTo)
        if let index = buffer.firstIndex(of: byte, from: from, to: end) {
            found = index
            searchedTo = index
            return index
        }
        found = nil
        searchedTo = max(searchedTo, end)
        return nil
    }
}

/// What a streaming parser completed since its previous update.
public struct StreamingUpdate: Sendable, Hashable {
    /// Calls completed by this chunk, in order.
    public var calls: [ToolCall]
    /// New message text (never splits a UTF-8 sequence).
    public var text: String
    /// New diagnostics, including those attached to `calls`.
    public var diagnostics: [ParseDiagnostic]
}
