/// Reads declarations out of stub sources written in the restricted style of stubs/.
///
/// This is not a Python parser: it understands top-level `def name(params) -> Type:` headers with
/// their docstrings, `class Name(BaseModel):` bodies of `field: type [= default]` lines, and the
/// `ALIASES = {...}` dictionary. Tests check that it agrees with Python's own reading of the stubs.
///
/// Every process reads the stubs at start-up (the host and each worker), so the reader works on
/// UTF-8 bytes and makes strings only of what it keeps.
enum StubSourceReader {
    static func tools(in source: String) -> [ToolSignature] {
        let lines = StubLines(source)
        var result: [ToolSignature] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            guard line.starts(with: "def ".utf8) else {
                index += 1
                continue
            }
            // A header may wrap over several lines until the closing `:`.
            var header = Array(line)
            while StubBytes.trimmed(header[...]).last != UInt8(ascii: ":"), index + 1 < lines.count {
                index += 1
                header.append(UInt8(ascii: " "))
                header += StubBytes.trimmed(lines[index])
            }
            index += 1
            let docstring = readDocstring(lines, from: &index)
            if let signature = parseHeader(header[...], docstring: docstring) { result.append(signature) }
        }
        return result
    }

    static func models(in source: String) -> [ModelSchema] {
        let lines = StubLines(source)
        var result: [ModelSchema] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            index += 1
            guard line.starts(with: "class ".utf8), let open = line.firstIndex(of: UInt8(ascii: "(")) else { continue }
            let name = StubBytes.string(line[(line.startIndex + 6)..<open])
            let docstring = readDocstring(lines, from: &index)
            var fields: [ModelField] = []
            while index < lines.count, lines[index].isEmpty || lines[index].first == UInt8(ascii: " ") {
                let body = StubBytes.trimmed(stripComment(lines[index]))
                index += 1
                guard let colon = body.firstIndex(of: UInt8(ascii: ":")) else { continue }
                let fieldName = StubBytes.string(StubBytes.trimmed(body[..<colon]))
                guard let parsed = typeAndDefault(body[(colon + 1)...]) else { continue }
                fields.append(ModelField(name: fieldName, type: parsed.type, defaultValue: parsed.defaultValue))
            }
            result.append(ModelSchema(name: name, fields: fields, docstring: docstring))
        }
        return result
    }

    static func aliases(in source: String) -> [String: String] {
        let lines = StubLines(source)
        guard let line = (0..<lines.count).lazy.map({ lines[$0] }).first(where: { $0.starts(with: "ALIASES".utf8) }),
            let open = line.firstIndex(of: UInt8(ascii: "{")), let close = line.lastIndex(of: UInt8(ascii: "}"))
        else { return [:] }
        var aliases: [String: String] = [:]
        for pair in line[(open + 1)..<close].split(separator: UInt8(ascii: ",")) {
            let parts = pair.split(separator: UInt8(ascii: ":")).map { unquote(StubBytes.string(StubBytes.trimmed($0))) }
            if parts.count == 2 { aliases[parts[0]] = parts[1] }
        }
        return aliases
    }

    /// Parses `str`, `list[str]`, `int | None`, `Model`, `list[Model]`.
    static func parseType(_ text: String) -> StubType? {
        let text = text.trimmingWhitespace()
        if text.hasSuffix("| None") {
            return parseType(String(text.dropLast(6))).map { .optional($0) }
        }
        if text.hasPrefix("list["), text.hasSuffix("]") {
            return parseType(String(text.dropFirst(5).dropLast())).map { .list($0) }
        }
        switch text {
        case "str": return .string
        case "int": return .int
        case "float": return .float
        case "bool": return .bool
        case "": return nil
        default:
            guard text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
            return .model(text)
        }
    }

    // MARK: - Pieces

    private static func parseHeader(_ header: ArraySlice<UInt8>, docstring: String) -> ToolSignature? {
        guard let open = header.firstIndex(of: UInt8(ascii: "(")), let close = header.lastIndex(of: UInt8(ascii: ")")),
            let arrow = StubBytes.firstRange(of: "->", in: header[close...])
        else { return nil }
        let name = StubBytes.string(StubBytes.trimmed(header[(header.startIndex + 4)..<open]))
        var returnType = StubBytes.trimmed(header[arrow.upperBound...])
        if returnType.last == UInt8(ascii: ":") { returnType = returnType.dropLast() }
        var parameters: [ToolParameter] = []
        for piece in splitTopLevel(header[(open + 1)..<close]) {
            let text = StubBytes.trimmed(piece)
            guard !text.isEmpty, let colon = text.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let parameterName = StubBytes.string(StubBytes.trimmed(text[..<colon]))
            guard let parsed = typeAndDefault(text[(colon + 1)...]) else { return nil }
            parameters.append(ToolParameter(name: parameterName, type: parsed.type, defaultValue: parsed.defaultValue))
        }
        return ToolSignature(
            name: name, parameters: parameters, returnType: StubBytes.string(returnType), docstring: docstring)
    }

    /// The type and default of `type [= default]` (the text after a name's colon); nil when the
    /// type is not one the stubs may use.
    private static func typeAndDefault(_ text: ArraySlice<UInt8>) -> (type: StubType, defaultValue: JSONValue?)? {
        var typeText = text
        var defaultValue: JSONValue?
        if let equals = text.firstIndex(of: UInt8(ascii: "=")) {
            defaultValue = parseLiteral(StubBytes.string(StubBytes.trimmed(text[(equals + 1)...])))
            typeText = text[..<equals]
        }
        return parseType(StubBytes.string(StubBytes.trimmed(typeText))).map { ($0, defaultValue) }
    }

    private static func parseLiteral(_ text: String) -> JSONValue? {
        switch text {
        case "None": return .null
        case "True": return .bool(true)
        case "False": return .bool(false)
        case "[]": return .array([])
        default:
            if let value = Int(text) { return .int(value) }
            if let value = Double(text) { return .double(value) }
            if text.count >= 2, text.first == "\"" || text.first == "'" { return .string(unquote(text)) }
            return nil
        }
    }

    private static func readDocstring(_ lines: StubLines, from index: inout Int) -> String {
        guard index < lines.count else { return "" }
        let first = StubBytes.trimmed(lines[index])
        guard first.starts(with: "\"\"\"".utf8) else { return "" }
        let opening = first.dropFirst(3)
        if let end = StubBytes.firstRange(of: "\"\"\"", in: opening) {
            index += 1
            return StubBytes.string(opening[..<end.lowerBound])
        }
        var collected = [opening]
        index += 1
        while index < lines.count {
            let line = lines[index]
            index += 1
            if let end = StubBytes.firstRange(of: "\"\"\"", in: line) {
                let last = line[..<end.lowerBound]
                if !StubBytes.trimmed(last).isEmpty { collected.append(last) }
                break
            }
            collected.append(line)
        }
        let text = Array(dedent(collected).joined(separator: [UInt8(ascii: "\n")]))
        return StubBytes.string(StubBytes.trimmed(text[...]))
    }

    private static func dedent(_ lines: [ArraySlice<UInt8>]) -> [ArraySlice<UInt8>] {
        let indent = lines.dropFirst().filter { !StubBytes.trimmed($0).isEmpty }.map(StubBytes.indentation).min() ?? 0
        return lines.enumerated().map { offset, line in
            offset == 0 ? line : line.dropFirst(min(indent, StubBytes.indentation(line)))
        }
    }

    private static func splitTopLevel(_ text: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var pieces: [ArraySlice<UInt8>] = []
        var depth = 0
        var start = text.startIndex
        for index in text.indices {
            switch text[index] {
            case UInt8(ascii: "["), UInt8(ascii: "("): depth += 1
            case UInt8(ascii: "]"), UInt8(ascii: ")"): depth -= 1
            case UInt8(ascii: ",") where depth == 0:
                pieces.append(text[start..<index])
                start = index + 1
            default: break
            }
        }
        pieces.append(text[start...])
        return pieces
    }

    private static func stripComment(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        line.firstIndex(of: UInt8(ascii: "#")).map { line[..<$0] } ?? line
    }

    private static func unquote(_ text: String) -> String {
        guard text.count >= 2, let first = text.first, first == "\"" || first == "'", text.last == first else {
            return text
        }
        return String(text.dropFirst().dropLast())
    }
}

/// The lines of a stub source as UTF-8 byte slices (line breaks removed, empty lines kept).
private struct StubLines {
    private let lines: [ArraySlice<UInt8>]

    init(_ source: String) {
        lines = Array(source.utf8).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    }

    var count: Int { lines.count }
    subscript(index: Int) -> ArraySlice<UInt8> { lines[index] }
}

/// Byte-slice helpers of the stub reader.
private enum StubBytes {
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }

    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard let start = bytes.firstIndex(where: { !isSpace($0) }), let end = bytes.lastIndex(where: { !isSpace($0) })
        else { return bytes[bytes.startIndex..<bytes.startIndex] }
        return bytes[start...end]
    }

    static func indentation(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.prefix { $0 == UInt8(ascii: " ") }.count
    }

    static func firstRange(of pattern: StaticString, in bytes: ArraySlice<UInt8>) -> Range<Int>? {
        let needle = UnsafeBufferPointer(start: pattern.utf8Start, count: pattern.utf8CodeUnitCount)
        guard let head = needle.first, bytes.count >= needle.count else { return nil }
        var index = bytes.startIndex
        while let found = bytes[index...].firstIndex(of: head) {
            guard found + needle.count <= bytes.endIndex else { return nil }
            if bytes[found..<(found + needle.count)].elementsEqual(needle) { return found..<(found + needle.count) }
            index = found + 1
        }
        return nil
    }

    static func string(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
