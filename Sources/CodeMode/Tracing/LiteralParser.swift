/// A parser for the literal-only subset of Python (and for JSON) that recorded tool results are written in.
///
/// It reads; it never evaluates. Accepted: result-model constructors with keyword arguments, strings,
/// numbers, `True`/`False`/`None`, `inf`/`nan`, lists, tuples and dicts. Anything else — another call,
/// an attribute, a subscript, an operator, a comprehension — is an error naming its position.
struct LiteralParser {
    /// Which grammar to read.
    enum Syntax {
        /// Python literals as `repr()` writes them, plus model constructors.
        case python
        /// JSON, plus the `NaN`/`Infinity`/`-Infinity` that Python's `json.dumps` writes.
        case json
    }

    /// The deepest nesting accepted; deeper input is an error rather than a stack overflow.
    static let maximumDepth = 200

    let bytes: [UInt8]
    let syntax: Syntax
    /// Byte offset of the next unread byte.
    var index: Int
    /// Names accepted as model constructors (`Name(`); any other call is refused.
    let isModelName: (String) -> Bool
    /// When true, text after the outermost value is not inspected (a repr embedded in prose).
    var stopsAfterOutermostValue = false
    private var depth = 0

    init(bytes: [UInt8], syntax: Syntax, start: Int = 0, isModelName: @escaping (String) -> Bool) {
        self.bytes = bytes
        self.syntax = syntax
        self.index = start
        self.isModelName = isModelName
    }

    // MARK: - Entry points

    /// Parses one value followed only by whitespace up to the end.
    mutating func parseDocument() throws(RecordedResultError) -> LiteralNode {
        skipSpace()
        let value = try parseValue()
        skipSpace()
        if index < bytes.count { try refuseTrailing(after: "the value") }
        return value
    }

    /// Parses the `str()` form of a model: `name=value` pairs separated by whitespace, up to the end.
    mutating func parseKeywordSequence() throws(RecordedResultError) -> [LiteralArgument] {
        var arguments: [LiteralArgument] = []
        skipSpace()
        while index < bytes.count {
            let start = index
            guard let name = readIdentifier() else {
                throw error(.syntax, "expected 'name=value' (the str() form of a model)", at: start)
            }
            skipInlineSpace()
            guard peek() == UInt8(ascii: "="), peek(1) != UInt8(ascii: "=") else {
                throw error(.syntax, "expected '=' after '\(name)' (the str() form of a model)", at: index)
            }
            index += 1
            skipInlineSpace()
            let value = try parseValue()
            arguments.append(LiteralArgument(name: name, value: value, position: start))
            let before = index
            skipSpace()
            if index < bytes.count, index == before {
                try refuseTrailing(after: "the value of '\(name)'")
            }
        }
        return arguments
    }

    // MARK: - Values

    mutating func parseValue() throws(RecordedResultError) -> LiteralNode {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else {
            throw error(.syntax, "nesting deeper than \(Self.maximumDepth) levels", at: index)
        }
        let start = index
        guard let byte = peek() else { throw error(.syntax, "unexpected end of input: expected a value", at: start) }
        let value: LiteralNode
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            value = LiteralNode(.string(try parseStrings(prefix: [])), at: start)
        case UInt8(ascii: "["):
            index += 1
            value = LiteralNode(.list(try parseItems(closer: UInt8(ascii: "]"))), at: start)
        case UInt8(ascii: "{"):
            value = try parseDict()
        case UInt8(ascii: "("):
            value = try parseParenthesized()
        case UInt8(ascii: "-"), UInt8(ascii: "+"):
            value = try parseSigned()
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."):
            value = try parseNumber(negative: false, start: start)
        default:
            guard isIdentifierStart(byte) else {
                throw error(.syntax, "unexpected \(describe(byte)): expected a value", at: start)
            }
            value = try parseNameExpression()
        }
        if depth > 1 || !stopsAfterOutermostValue { try refuseOperatorAfterValue() }
        return value
    }

    /// A list, tuple or call argument list: `value, value, ...` up to `closer` (consumed).
    private mutating func parseItems(closer: UInt8) throws(RecordedResultError) -> [LiteralNode] {
        var items: [LiteralNode] = []
        while true {
            skipSpace()
            if peek() == closer {
                index += 1
                return items
            }
            items.append(try parseValue())
            skipSpace()
            if peek() == UInt8(ascii: ",") {
                index += 1
            } else if peek() == closer {
                index += 1
                return items
            } else {
                try refuseTrailing(after: "a \(closer == UInt8(ascii: "]") ? "list" : "tuple") item", closer: closer)
            }
        }
    }

    private mutating func parseParenthesized() throws(RecordedResultError) -> LiteralNode {
        let start = index
        guard syntax == .python else { throw error(.syntax, "unexpected '(' in JSON", at: start) }
        index += 1
        skipSpace()
        if peek() == UInt8(ascii: ")") {
            index += 1
            return LiteralNode(.tuple([]), at: start)
        }
        let first = try parseValue()
        skipSpace()
        if peek() == UInt8(ascii: ")") {
            index += 1
            return first  // (x) is x
        }
        guard peek() == UInt8(ascii: ",") else {
            try refuseTrailing(after: "a tuple item", closer: UInt8(ascii: ")"))
            return first
        }
        index += 1
        return LiteralNode(.tuple([first] + (try parseItems(closer: UInt8(ascii: ")")))), at: start)
    }

    private mutating func parseDict() throws(RecordedResultError) -> LiteralNode {
        let start = index
        index += 1
        var entries: [LiteralDictEntry] = []
        while true {
            skipSpace()
            if peek() == UInt8(ascii: "}") {
                index += 1
                return LiteralNode(.dict(entries), at: start)
            }
            let keyStart = index
            let key = try parseValue()
            guard case .string(let name) = key.kind else {
                throw error(.wrongType, "a dict key must be a string", at: keyStart)
            }
            skipSpace()
            guard peek() == UInt8(ascii: ":") else {
                if peek() == UInt8(ascii: ","), syntax == .python {
                    throw error(.disallowedExpression, "sets are not allowed", at: start)
                }
                throw error(.syntax, "expected ':' after a dict key", at: index)
            }
            index += 1
            skipSpace()
            let value = try parseValue()
            entries.append(LiteralDictEntry(key: name, value: value, position: keyStart))
            skipSpace()
            if peek() == UInt8(ascii: ",") {
                index += 1
            } else if peek() == UInt8(ascii: "}") {
                index += 1
                return LiteralNode(.dict(entries), at: start)
            } else {
                try refuseTrailing(after: "a dict entry", closer: UInt8(ascii: "}"))
            }
        }
    }

    private mutating func parseSigned() throws(RecordedResultError) -> LiteralNode {
        let start = index
        let negative = bytes[index] == UInt8(ascii: "-")
        if !negative, syntax == .json { throw error(.syntax, "JSON numbers have no '+' sign", at: start) }
        index += 1
        if syntax == .python { skipInlineSpace() }
        guard let byte = peek() else { throw error(.syntax, "unexpected end of input after a sign", at: start) }
        if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: ".") {
            return try parseNumber(negative: negative, start: start)
        }
        let nameStart = index
        if let name = readIdentifier(), let special = specialFloat(name) {
            return LiteralNode(.float(negative ? -special : special), at: start)
        }
        index = nameStart
        throw error(.disallowedExpression, "arithmetic is not allowed: a sign may only prefix a number", at: start)
    }

    // MARK: - Names and calls

    /// A name: a keyword constant, a string prefix, or the start of a model constructor.
    private mutating func parseNameExpression() throws(RecordedResultError) -> LiteralNode {
        let start = index
        guard let name = readIdentifier() else { throw error(.syntax, "expected a name", at: start) }
        if let quote = peek(), quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\""), syntax == .python,
            name.count <= 2, name.allSatisfy({ "rRuUbBfF".contains($0) })
        {
            let prefix = Set(name.lowercased())
            if prefix.contains("b") { throw error(.wrongType, "bytes literals are not allowed", at: start) }
            if prefix.contains("f") {
                throw error(.disallowedExpression, "f-strings are not allowed: they evaluate code", at: start)
            }
            return LiteralNode(.string(try parseStrings(prefix: prefix)), at: start)
        }
        if let constant = constant(named: name) { return LiteralNode(constant, at: start) }
        if let special = specialFloat(name) { return LiteralNode(.float(special), at: start) }
        guard syntax == .python else { throw error(.syntax, "unexpected name '\(name)' in JSON", at: start) }
        var dotted = name
        while peek() == UInt8(ascii: "."), let next = peek(1), isIdentifierStart(next) {
            index += 1
            dotted += "." + (readIdentifier() ?? "")
        }
        let afterName = index
        skipInlineSpace()
        guard peek() == UInt8(ascii: "(") else {
            if dotted != name {
                throw error(.disallowedExpression, "attribute access '\(dotted)' is not allowed", at: start)
            }
            let wordStart = index
            if readIdentifier() == "for" {
                throw error(.disallowedExpression, "comprehensions are not allowed", at: wordStart)
            }
            index = afterName
            throw error(
                .disallowedExpression, "the name '\(name)' is not a literal (names are not evaluated)", at: start)
        }
        guard dotted == name else {
            throw error(.disallowedExpression, "the call '\(dotted)(...)' is not a result-model constructor", at: start)
        }
        guard isModelName(name) else {
            guard let first = name.unicodeScalars.first, ("A"..."Z").contains(first) else {
                throw error(
                    .disallowedExpression, "the call '\(name)(...)' is not a result-model constructor", at: start)
            }
            throw error(.unknownModel, "'\(name)' is not a known result model", at: start)
        }
        index += 1
        return LiteralNode(.model(name: name, arguments: try parseArguments(of: name)), at: start)
    }

    private mutating func parseArguments(of model: String) throws(RecordedResultError) -> [LiteralArgument] {
        var arguments: [LiteralArgument] = []
        while true {
            skipSpace()
            if peek() == UInt8(ascii: ")") {
                index += 1
                return arguments
            }
            let start = index
            if peek() == UInt8(ascii: "*") {
                throw error(.disallowedExpression, "argument unpacking is not allowed", at: start)
            }
            let name = readIdentifier()
            skipSpace()
            guard let name, peek() == UInt8(ascii: "="), peek(1) != UInt8(ascii: "=") else {
                index = start
                throw error(
                    .syntax, "\(model)(...) takes keyword arguments only: expected 'field=value'", at: start)
            }
            index += 1
            skipSpace()
            let value = try parseValue()
            arguments.append(LiteralArgument(name: name, value: value, position: start))
            skipSpace()
            if peek() == UInt8(ascii: ",") {
                index += 1
            } else if peek() == UInt8(ascii: ")") {
                index += 1
                return arguments
            } else {
                try refuseTrailing(after: "the argument '\(name)'", closer: UInt8(ascii: ")"))
            }
        }
    }

    private func constant(named name: String) -> LiteralNode.Kind? {
        switch (syntax, name) {
        case (.python, "True"), (.json, "true"): .bool(true)
        case (.python, "False"), (.json, "false"): .bool(false)
        case (.python, "None"), (.json, "null"): LiteralNode.Kind.none
        default: nil
        }
    }

    /// `inf` and `nan` as Python's repr writes floats; `Infinity` and `NaN` as `json.dumps` does.
    private func specialFloat(_ name: String) -> Double? {
        switch (syntax, name) {
        case (.python, "inf"), (.json, "Infinity"): .infinity
        case (.python, "nan"), (.json, "NaN"): .nan
        default: nil
        }
    }

    // MARK: - Errors after a value

    /// Refuses an operator, attribute, subscript or call right after a complete value.
    private mutating func refuseOperatorAfterValue() throws(RecordedResultError) {
        var probe = index
        while probe < bytes.count, bytes[probe] == UInt8(ascii: " ") || bytes[probe] == UInt8(ascii: "\t") {
            probe += 1
        }
        guard probe < bytes.count else { return }
        let byte = bytes[probe]
        let next: UInt8? = probe + 1 < bytes.count ? bytes[probe + 1] : nil
        switch byte {
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "/"), UInt8(ascii: "%"),
            UInt8(ascii: "@"), UInt8(ascii: "|"), UInt8(ascii: "&"), UInt8(ascii: "^"), UInt8(ascii: "~"):
            throw error(
                .disallowedExpression, "arithmetic is not allowed ('\(Character(Unicode.Scalar(byte)))')", at: probe)
        case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "!"):
            throw error(.disallowedExpression, "comparisons are not allowed", at: probe)
        case UInt8(ascii: "=") where next == UInt8(ascii: "="):
            throw error(.disallowedExpression, "comparisons are not allowed", at: probe)
        case UInt8(ascii: "."):
            throw error(.disallowedExpression, "attribute access is not allowed", at: probe)
        case UInt8(ascii: "[") where syntax == .python:
            throw error(.disallowedExpression, "subscripts are not allowed", at: probe)
        case UInt8(ascii: "(") where syntax == .python:
            throw error(.disallowedExpression, "calls are not allowed", at: probe)
        default:
            return
        }
    }

    /// Throws the best error for an unexpected byte where a separator or `closer` was expected.
    private mutating func refuseTrailing(after what: String, closer: UInt8? = nil) throws(RecordedResultError) {
        let start = index
        guard let byte = peek() else {
            let expected = closer.map { "',' or '\(Character(Unicode.Scalar($0)))'" } ?? "more input"
            throw error(.syntax, "unexpected end of input after \(what): expected \(expected)", at: start)
        }
        if isIdentifierStart(byte), let word = readIdentifier() {
            index = start
            switch word {
            case "for": throw error(.disallowedExpression, "comprehensions are not allowed", at: start)
            case "if": throw error(.disallowedExpression, "conditional expressions are not allowed", at: start)
            case "and", "or", "not", "in", "is":
                throw error(.disallowedExpression, "operators are not allowed ('\(word)')", at: start)
            default: break
            }
        }
        if byte == UInt8(ascii: "=") || byte == UInt8(ascii: ":") {
            throw error(
                .disallowedExpression, "unexpected '\(Character(Unicode.Scalar(byte)))' after \(what)", at: start)
        }
        let expected = closer.map { "',' or '\(Character(Unicode.Scalar($0)))'" } ?? "the end of the value"
        throw error(.syntax, "unexpected \(describe(byte)) after \(what): expected \(expected)", at: start)
    }

    // MARK: - Lexical helpers

    func peek(_ ahead: Int = 0) -> UInt8? {
        index + ahead < bytes.count ? bytes[index + ahead] : nil
    }

    mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): index += 1
            default: return
            }
        }
    }

    mutating func skipInlineSpace() {
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") {
            index += 1
        }
    }

    func isIdentifierStart(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "_") || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
            || byte >= 0x80
    }

    func isIdentifierByte(_ byte: UInt8) -> Bool {
        isIdentifierStart(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// Reads an identifier at the current position, or returns nil (consuming nothing).
    mutating func readIdentifier() -> String? {
        guard let first = peek(), isIdentifierStart(first) else { return nil }
        let start = index
        while index < bytes.count, isIdentifierByte(bytes[index]) { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    func describe(_ byte: UInt8) -> String {
        if byte >= 0x21, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        if byte == UInt8(ascii: "\n") { return "end of line" }
        return "character"
    }

    func error(_ code: RecordedResultError.Code, _ message: String, at offset: Int) -> RecordedResultError {
        RecordedResultError(code: code, problem: message, position: SourcePosition(offset: offset, in: bytes))
    }
}

// MARK: - Syntax tree

/// A parsed literal with the byte offset where it starts.
struct LiteralNode: Sendable {
    indirect enum Kind: Sendable {
        case none
        case bool(Bool)
        case int(Int)
        case float(Double)
        case string(String)
        case list([LiteralNode])
        case tuple([LiteralNode])
        case dict([LiteralDictEntry])
        case model(name: String, arguments: [LiteralArgument])
    }

    var kind: Kind
    /// Byte offset in the parsed text; nil for values converted from JSONValue.
    var position: Int?

    init(_ kind: Kind, at position: Int?) {
        self.kind = kind
        self.position = position
    }

    /// A short name of the value's type for error messages.
    var typeDescription: String {
        switch kind {
        case .none: "None"
        case .bool: "bool"
        case .int: "int"
        case .float: "float"
        case .string: "str"
        case .list: "list"
        case .tuple: "tuple"
        case .dict: "dict"
        case .model(let name, _): name
        }
    }
}

/// `name=value` in a model constructor or the str() form.
struct LiteralArgument: Sendable {
    var name: String
    var value: LiteralNode
    var position: Int?
}

/// `'key': value` in a dict (or `"key": value` in a JSON object).
struct LiteralDictEntry: Sendable {
    var key: String
    var value: LiteralNode
    var position: Int?
}
