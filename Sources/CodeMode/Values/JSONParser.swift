/// A fast JSON parser into ordered `JSONValue`s, with a lenient mode for model-written JSON.
///
/// It works on UTF-8 bytes, keeps object key order (Foundation's `JSONDecoder` does not), never
/// traps on any input (nesting is capped at `JSONParser.maximumDepth`), and reports where it failed.
/// The lenient mode accepts what models commonly get wrong and records each repair as an issue.
public enum JSONParser {
    /// Containers nested deeper than this are an error rather than a stack overflow.
    public static let maximumDepth = 512

    /// Parses one JSON document.
    ///
    /// - Parameters:
    ///   - bytes: UTF-8 text. Invalid UTF-8 inside strings is replaced with U+FFFD and reported.
    ///   - options: What to tolerate; `.strict` by default.
    /// - Returns: The value (nil on error), the error, the repairs made and where parsing stopped.
    public static func parse(_ bytes: [UInt8], options: JSONParseOptions = .strict) -> JSONParseOutcome {
        bytes.withUnsafeBufferPointer { buffer in
            parse(buffer, range: 0..<buffer.count, options: options)
        }
    }

    /// Parses one JSON document from a string.
    public static func parse(_ text: String, options: JSONParseOptions = .strict) -> JSONParseOutcome {
        parse(Array(text.utf8), options: options)
    }

    /// Parses the value in `range` of `buffer`; offsets in the outcome are indices into `buffer`.
    static func parse(
        _ buffer: UnsafeBufferPointer<UInt8>, range: Range<Int>, options: JSONParseOptions
    ) -> JSONParseOutcome {
        var reader = JSONReader(buffer: buffer, start: range.lowerBound, end: range.upperBound, options: options)
        do {
            reader.skipWhitespace()
            let value = try reader.parseValue(depth: 0)
            let valueEnd = reader.position
            reader.skipWhitespace()
            if reader.position < reader.end {
                if options.allowTrailingText {
                    reader.issues.append(
                        JSONParseIssue(
                            kind: .trailingText, offset: reader.position,
                            message: "text after the JSON value was ignored"))
                } else {
                    return JSONParseOutcome(
                        value: nil,
                        error: JSONParseError(offset: reader.position, message: "unexpected text after the JSON value"),
                        issues: reader.issues, valueEnd: valueEnd)
                }
            }
            return JSONParseOutcome(value: value, error: nil, issues: reader.issues, valueEnd: valueEnd)
        } catch {
            return JSONParseOutcome(value: nil, error: error, issues: reader.issues, valueEnd: reader.position)
        }
    }
}

/// What a `JSONParser` tolerates beyond RFC 8259.
public struct JSONParseOptions: Sendable, Hashable {
    /// Accept `[1, 2,]` and `{"a": 1,}`.
    public var allowTrailingCommas: Bool
    /// Accept text after the value (the value still ends where JSON says it ends).
    public var allowTrailingText: Bool
    /// Accept unknown escapes such as `\'`, keeping the escaped character.
    public var allowInvalidEscapes: Bool
    /// Accept raw control characters (newlines, tabs) inside strings.
    public var allowControlCharacters: Bool
    /// Accept Python literal spellings: 'single-quoted' strings, True, False, None.
    public var allowPythonLiterals: Bool

    /// Creates options; everything is off unless set.
    public init(
        allowTrailingCommas: Bool = false, allowTrailingText: Bool = false, allowInvalidEscapes: Bool = false,
        allowControlCharacters: Bool = false, allowPythonLiterals: Bool = false
    ) {
        self.allowTrailingCommas = allowTrailingCommas
        self.allowTrailingText = allowTrailingText
        self.allowInvalidEscapes = allowInvalidEscapes
        self.allowControlCharacters = allowControlCharacters
        self.allowPythonLiterals = allowPythonLiterals
    }

    /// RFC 8259 only.
    public static let strict = JSONParseOptions()

    /// Everything models commonly get wrong in JSON, except Python spellings.
    public static let lenient = JSONParseOptions(
        allowTrailingCommas: true, allowTrailingText: true, allowInvalidEscapes: true, allowControlCharacters: true)

    /// Lenient JSON plus Python literal syntax, for values such as `['a', 'b']` or `None`.
    public static let python = JSONParseOptions(
        allowTrailingCommas: true, allowTrailingText: false, allowInvalidEscapes: true, allowControlCharacters: true,
        allowPythonLiterals: true)
}

/// The result of `JSONParser.parse`: a value or an error, plus the repairs a lenient parse made.
public struct JSONParseOutcome: Sendable, Hashable {
    /// The parsed value, or nil when `error` is set.
    public var value: JSONValue?
    /// Why parsing failed, with the byte offset.
    public var error: JSONParseError?
    /// Tolerated deviations, in input order.
    public var issues: [JSONParseIssue]
    /// The byte offset just past the value (or where parsing stopped on error).
    public var valueEnd: Int
}

/// Why a JSON document could not be parsed.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Byte offset of the problem.
    public var offset: Int
    /// What was wrong, in a short phrase.
    public var message: String

    /// Creates an error.
    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    public var description: String { "\(message) at byte \(offset)" }
}

/// One deviation from strict JSON that a lenient parse accepted.
public struct JSONParseIssue: Sendable, Hashable {
    /// The kinds of tolerated deviations.
    public enum Kind: String, Sendable, Hashable {
        case trailingComma = "trailing_comma"
        case trailingText = "trailing_text"
        case invalidEscape = "invalid_escape"
        case controlCharacter = "control_character"
        case pythonLiteral = "python_literal"
        case invalidUTF8 = "invalid_utf8"
    }

    /// What was tolerated.
    public var kind: Kind
    /// Byte offset where it occurred.
    public var offset: Int
    /// A short description.
    public var message: String
}

// MARK: - Reader

/// The recursive-descent reader behind `JSONParser`. Offsets are indices into the whole buffer.
struct JSONReader {
    let buffer: UnsafeBufferPointer<UInt8>
    var position: Int
    let end: Int
    let options: JSONParseOptions
    var issues: [JSONParseIssue] = []

    init(buffer: UnsafeBufferPointer<UInt8>, start: Int, end: Int, options: JSONParseOptions) {
        self.buffer = buffer
        self.position = start
        self.end = min(end, buffer.count)
        self.options = options
    }

    mutating func skipWhitespace() {
        while position < end {
            switch buffer[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    private func fail(_ message: String, at offset: Int? = nil) -> JSONParseError {
        JSONParseError(offset: offset ?? position, message: message)
    }

    mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        guard position < end else { throw fail("unexpected end of JSON") }
        switch buffer[position] {
        case UInt8(ascii: "{"): return .object(try parseObject(depth: depth + 1))
        case UInt8(ascii: "["): return .array(try parseArray(depth: depth + 1))
        case UInt8(ascii: "\""): return .string(try parseString(quote: UInt8(ascii: "\"")))
        case UInt8(ascii: "'") where options.allowPythonLiterals:
            return .string(try parseString(quote: UInt8(ascii: "'")))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default:
            if matchWord("true") { return .bool(true) }
            if matchWord("false") { return .bool(false) }
            if matchWord("null") { return .null }
            if options.allowPythonLiterals {
                let start = position
                if matchWord("True") { notePython(start); return .bool(true) }
                if matchWord("False") { notePython(start); return .bool(false) }
                if matchWord("None") { notePython(start); return .null }
            }
            throw fail("unexpected character \(describeByte(buffer[position])) where a value was expected")
        }
    }

    private mutating func notePython(_ offset: Int) {
        issues.append(JSONParseIssue(kind: .pythonLiteral, offset: offset, message: "Python literal accepted"))
    }

    private mutating func matchWord(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard end - position >= count else { return false }
        let matches = word.withUTF8Buffer { wordBytes in
            for index in 0..<count where buffer[position + index] != wordBytes[index] { return false }
            return true
        }
        if matches { position += count }
        return matches
    }

    private mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONObject {
        guard depth <= JSONParser.maximumDepth else { throw fail("JSON nested too deeply") }
        position += 1
        var object = JSONObject()
        skipWhitespace()
        if position < end, buffer[position] == UInt8(ascii: "}") {
            position += 1
            return object
        }
        while true {
            skipWhitespace()
            guard position < end else { throw fail("unexpected end of JSON inside an object") }
            let byte = buffer[position]
            let key: String
            if byte == UInt8(ascii: "\"") {
                key = try parseString(quote: byte)
            } else if byte == UInt8(ascii: "'"), options.allowPythonLiterals {
                key = try parseString(quote: byte)
            } else if byte == UInt8(ascii: "}"), options.allowTrailingCommas {
                issues.append(JSONParseIssue(kind: .trailingComma, offset: position, message: "trailing comma in object"))
                position += 1
                return object
            } else {
                throw fail("expected a string key, found \(describeByte(byte))")
            }
            skipWhitespace()
            guard position < end else { throw fail("unexpected end of JSON inside an object") }
            guard buffer[position] == UInt8(ascii: ":") else {
                throw fail("expected ':' after an object key, found \(describeByte(buffer[position]))")
            }
            position += 1
            skipWhitespace()
            object[key] = try parseValue(depth: depth)
            skipWhitespace()
            guard position < end else { throw fail("unexpected end of JSON inside an object") }
            switch buffer[position] {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"):
                position += 1
                return object
            default: throw fail("expected ',' or '}' in an object, found \(describeByte(buffer[position]))")
            }
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONParseError) -> [JSONValue] {
        guard depth <= JSONParser.maximumDepth else { throw fail("JSON nested too deeply") }
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if position < end, buffer[position] == UInt8(ascii: "]") {
            position += 1
            return elements
        }
        while true {
            skipWhitespace()
            if position < end, buffer[position] == UInt8(ascii: "]"), options.allowTrailingCommas, !elements.isEmpty {
                issues.append(JSONParseIssue(kind: .trailingComma, offset: position, message: "trailing comma in array"))
                position += 1
                return elements
            }
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            guard position < end else { throw fail("unexpected end of JSON inside an array") }
            switch buffer[position] {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"):
                position += 1
                return elements
            default: throw fail("expected ',' or ']' in an array, found \(describeByte(buffer[position]))")
            }
        }
    }

    private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = position
        var isInteger = true
        if buffer[position] == UInt8(ascii: "-") { position += 1 }
        let digitsStart = position
        while position < end, buffer[position] &- UInt8(ascii: "0") < 10 { position += 1 }
        guard position > digitsStart else { throw fail("expected digits in a number", at: start) }
        if position - digitsStart > 1, buffer[digitsStart] == UInt8(ascii: "0") {
            throw fail("leading zero in a number", at: digitsStart)
        }
        if position < end, buffer[position] == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            let fractionStart = position
            while position < end, buffer[position] &- UInt8(ascii: "0") < 10 { position += 1 }
            guard position > fractionStart else { throw fail("expected digits after '.' in a number") }
        }
        if position < end, buffer[position] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            position += 1
            if position < end, buffer[position] == UInt8(ascii: "+") || buffer[position] == UInt8(ascii: "-") {
                position += 1
            }
            let exponentStart = position
            while position < end, buffer[position] &- UInt8(ascii: "0") < 10 { position += 1 }
            guard position > exponentStart else { throw fail("expected digits in a number's exponent") }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<position]), as: UTF8.self)
        if isInteger, let value = Int(text) { return .int(value) }
        if let value = Double(text) { return .double(value) }
        throw fail("invalid number", at: start)
    }

    /// Parses a string starting at the opening quote; `position` ends after the closing quote.
    mutating func parseString(quote: UInt8) throws(JSONParseError) -> String {
        let start = position
        position += 1
        let contentStart = position
        // Fast path: no escapes and no control characters.
        while position < end {
            let byte = buffer[position]
            if byte == quote {
                let slice = UnsafeBufferPointer(rebasing: buffer[contentStart..<position])
                position += 1
                return makeString(slice, offset: contentStart)
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            position += 1
        }
        guard position < end else { throw fail("unterminated string", at: start) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(position - contentStart + 16)
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[contentStart..<position]))
        while position < end {
            let byte = buffer[position]
            if byte == quote {
                position += 1
                return bytes.withUnsafeBufferPointer { makeString($0, offset: contentStart) }
            }
            if byte == UInt8(ascii: "\\") {
                try appendEscape(into: &bytes)
                continue
            }
            if byte < 0x20 {
                guard options.allowControlCharacters else {
                    throw fail("control character \(describeByte(byte)) inside a string")
                }
                issues.append(
                    JSONParseIssue(
                        kind: .controlCharacter, offset: position, message: "raw control character inside a string"))
            }
            bytes.append(byte)
            position += 1
        }
        throw fail("unterminated string", at: start)
    }

    private mutating func appendEscape(into bytes: inout [UInt8]) throws(JSONParseError) {
        let escapeStart = position
        position += 1
        guard position < end else { throw fail("unterminated string") }
        let byte = buffer[position]
        position += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(byte)
        case UInt8(ascii: "b"): bytes.append(0x08)
        case UInt8(ascii: "f"): bytes.append(0x0C)
        case UInt8(ascii: "n"): bytes.append(0x0A)
        case UInt8(ascii: "r"): bytes.append(0x0D)
        case UInt8(ascii: "t"): bytes.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try readHex4()
            if (0xD800..<0xDC00).contains(scalar) {
                // A high surrogate needs its low half; alone it becomes U+FFFD.
                if end - position >= 6, buffer[position] == UInt8(ascii: "\\"), buffer[position + 1] == UInt8(ascii: "u") {
                    let save = position
                    position += 2
                    let low = try readHex4()
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        position = save
                        scalar = 0xFFFD
                    }
                } else {
                    scalar = 0xFFFD
                }
            } else if (0xDC00..<0xE000).contains(scalar) {
                scalar = 0xFFFD
            }
            let unicodeScalar = Unicode.Scalar(scalar) ?? "\u{FFFD}"
            bytes.append(contentsOf: Array(String(Character(unicodeScalar)).utf8))
        default:
            guard options.allowInvalidEscapes else {
                throw fail("invalid escape \\\(describeByte(byte, quoted: false)) in a string", at: escapeStart)
            }
            issues.append(
                JSONParseIssue(
                    kind: .invalidEscape, offset: escapeStart,
                    message: "invalid escape \\\(describeByte(byte, quoted: false)) kept as the character"))
            bytes.append(byte)
        }
    }

    private mutating func readHex4() throws(JSONParseError) -> UInt32 {
        guard end - position >= 4 else { throw fail("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = buffer[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail("invalid hex digit in a \\u escape")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    private mutating func makeString(_ bytes: UnsafeBufferPointer<UInt8>, offset: Int) -> String {
        if let string = String(validating: bytes, as: UTF8.self) { return string }
        issues.append(
            JSONParseIssue(kind: .invalidUTF8, offset: offset, message: "invalid UTF-8 replaced with U+FFFD"))
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A byte as it reads in a message: `'x'` for printable ASCII, `0x1F` otherwise.
func describeByte(_ byte: UInt8, quoted: Bool = true) -> String {
    if byte >= 0x20, byte < 0x7F {
        let character = String(UnicodeScalar(byte))
        return quoted ? "'\(character)'" : character
    }
    let hex = String(byte, radix: 16, uppercase: true)
    return "0x" + (hex.count == 1 ? "0" + hex : hex)
}
