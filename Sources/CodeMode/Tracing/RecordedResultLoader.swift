/// Loads recorded tool results (Pydantic reprs, their `str()` form, or JSON) as validated tool results.
///
/// The output is the JSON a typed tool returns, validated against the stub models; replay feeds it back
/// to the program.
///
/// Nothing is evaluated: the input is parsed as literals, and the only call accepted is a constructor of a
/// model declared in stubs/ with keyword arguments. Every error names its position, and validation errors
/// name the model and field path too (see `RecordedResultError`). The output object lists the fields in
/// declaration order, with defaults filled in for absent defaulted fields.
///
/// Accepted literals: strings in every quote form with every escape Python's `repr()` writes (`\x`, `\u`,
/// `\U`, octal, `r` prefixes, adjacent-literal concatenation; `\N{...}` and lone surrogates are refused),
/// ints (decimal, `0x`/`0o`/`0b`, `_`), floats (exponents, `inf`, `-inf`, `nan`), `True`/`False`/`None`,
/// lists, tuples (accepted where a list is declared), and dicts with string keys (accepted where a model is
/// declared). Bytes, f-strings, sets and complex numbers are refused.
public struct RecordedResultLoader: Sendable {
    /// The models results are validated against.
    public let catalog: StubCatalog

    /// Creates a loader over `catalog`'s models.
    public init(catalog: StubCatalog = .standard) {
        self.catalog = catalog
    }

    /// Loads one recorded result from `text`.
    ///
    /// The form is chosen by the first non-blank characters: `{` is a JSON object (needs `expected`, since
    /// JSON carries no class name); `Name(` is a repr; `name=` is the `str()` form Pydantic prints for
    /// `print(result)`, which also carries no class name and needs `expected`.
    /// - Parameters:
    ///   - text: The recorded result and nothing else (surrounding blanks are fine).
    ///   - expected: The result model the tool declares; a repr of another model is a `wrongType` error.
    /// - Throws: `RecordedResultError` naming the position (and the model and field for validation errors).
    public func load(_ text: String, expecting expected: String? = nil) throws(RecordedResultError) -> RecordedResult {
        let bytes = Array(text.utf8)
        var probe = LiteralParser(bytes: bytes, syntax: .python, isModelName: isModel)
        probe.skipSpace()
        let start = probe.index
        guard let first = probe.peek() else {
            throw RecordedResultError(
                code: .notFound, problem: "no recorded result: the text is empty",
                position: SourcePosition(offset: start, in: bytes))
        }
        if first == UInt8(ascii: "{") {
            let schema = try expectedSchema(expected, form: "a JSON object", bytes: bytes, at: start)
            var parser = LiteralParser(bytes: bytes, syntax: .json, start: start, isModelName: isModel)
            let node = try parser.parseDocument()
            let value = try ModelValidator(catalog: catalog, bytes: bytes, rootModel: schema.name)
                .value(node, as: .model(schema.name), path: "")
            return RecordedResult(model: schema.name, value: value, form: .json)
        }
        if probe.readIdentifier() != nil {
            probe.skipInlineSpace()
            if probe.peek() == UInt8(ascii: "="), probe.peek(1) != UInt8(ascii: "=") {
                let schema = try expectedSchema(expected, form: "the str() form", bytes: bytes, at: start)
                var parser = LiteralParser(bytes: bytes, syntax: .python, start: start, isModelName: isModel)
                let arguments = try parser.parseKeywordSequence()
                let value = try ModelValidator(catalog: catalog, bytes: bytes, rootModel: schema.name)
                    .model(schema, arguments: arguments, at: start, path: "")
                return RecordedResult(model: schema.name, value: value, form: .str)
            }
        }
        var parser = LiteralParser(bytes: bytes, syntax: .python, start: start, isModelName: isModel)
        let node = try parser.parseDocument()
        return try validateRepr(node, expecting: expected, bytes: bytes)
    }

    /// Validates an already-decoded JSON value as `model` and returns it in declaration order with defaults.
    ///
    /// This is the validator `load` uses; errors carry the model and field path but no position.
    public func validate(_ value: JSONValue, as model: String) throws(RecordedResultError) -> JSONValue {
        guard catalog.model(named: model) != nil else {
            throw RecordedResultError(code: .unknownModel, problem: "'\(model)' is not a known result model")
        }
        return try ModelValidator(catalog: catalog, bytes: nil, rootModel: model)
            .value(LiteralNode(value), as: .model(model), path: "")
    }

    /// Finds every repr inside the `<tool_response>...</tool_response>` blocks of `text` (or in the whole
    /// text when it has no such block) and loads each one.
    ///
    /// A candidate is a declared model name followed by `(`, or any capitalised name followed by `(` and a
    /// keyword argument (so that reprs of unknown classes are reported, not skipped, while code such as
    /// `raise NotImplementedError()` in printed source is not).
    /// Surrounding prose is ignored. Positions and ranges are relative to `text`.
    public func results(inToolResponse text: String) -> [EmbeddedRecordedResult] {
        let bytes = Array(text.utf8)
        var found: [EmbeddedRecordedResult] = []
        for block in Self.toolResponseBlocks(in: bytes) {
            // The parser sees the text up to the block's end, so offsets stay relative to `text`.
            let limited = Array(bytes[..<block.upperBound])
            var index = block.lowerBound
            while index < block.upperBound {
                guard let candidate = candidate(at: index, in: limited) else {
                    index += 1
                    continue
                }
                var parser = LiteralParser(bytes: limited, syntax: .python, start: index, isModelName: isModel)
                parser.stopsAfterOutermostValue = true
                let outcome: Result<RecordedResult, RecordedResultError>
                var end: Int
                do throws(RecordedResultError) {
                    let node = try parser.parseValue()
                    end = parser.index
                    outcome = .success(try validateRepr(node, expecting: nil, bytes: limited))
                } catch {
                    outcome = .failure(error)
                    end = Self.matchingClose(from: candidate.openParen, in: limited)
                }
                end = max(end, candidate.openParen + 1)
                found.append(EmbeddedRecordedResult(model: candidate.name, range: index..<end, result: outcome))
                index = end
            }
        }
        return found
    }

    // MARK: - Helpers

    private func isModel(_ name: String) -> Bool { catalog.model(named: name) != nil }

    private func expectedSchema(
        _ expected: String?, form: String, bytes: [UInt8], at offset: Int
    ) throws(RecordedResultError) -> ModelSchema {
        guard let expected else {
            throw RecordedResultError(
                code: .notFound, problem: "\(form) carries no class name: pass the expected model",
                position: SourcePosition(offset: offset, in: bytes))
        }
        guard let schema = catalog.model(named: expected) else {
            throw RecordedResultError(code: .unknownModel, problem: "'\(expected)' is not a known result model")
        }
        return schema
    }

    private func validateRepr(
        _ node: LiteralNode, expecting expected: String?, bytes: [UInt8]
    ) throws(RecordedResultError) -> RecordedResult {
        guard case .model(let name, _) = node.kind else {
            throw RecordedResultError(
                code: .notFound,
                problem: "expected a result-model repr such as GitStatusResult(...), got a \(node.typeDescription)",
                position: node.position.map { SourcePosition(offset: $0, in: bytes) })
        }
        if let expected, expected != name {
            throw RecordedResultError(
                code: .wrongType, problem: "expected \(expected), got \(name)", model: expected, field: "",
                position: node.position.map { SourcePosition(offset: $0, in: bytes) })
        }
        let value = try ModelValidator(catalog: catalog, bytes: bytes, rootModel: name)
            .value(node, as: .model(name), path: "")
        return RecordedResult(model: name, value: value, form: .repr)
    }

    private struct Candidate {
        var name: String
        var openParen: Int
    }

    /// A repr candidate starting at `index`, if there is one.
    private func candidate(at index: Int, in bytes: [UInt8]) -> Candidate? {
        var scanner = LiteralParser(bytes: bytes, syntax: .python, start: index, isModelName: isModel)
        guard let first = scanner.peek(), scanner.isIdentifierStart(first) else { return nil }
        if index > 0, scanner.isIdentifierByte(bytes[index - 1]) || bytes[index - 1] == UInt8(ascii: ".") {
            return nil
        }
        guard let name = scanner.readIdentifier(), scanner.peek() == UInt8(ascii: "(") else { return nil }
        let openParen = scanner.index
        if isModel(name) { return Candidate(name: name, openParen: openParen) }
        guard first >= UInt8(ascii: "A"), first <= UInt8(ascii: "Z") else { return nil }
        scanner.index += 1
        scanner.skipSpace()
        guard scanner.readIdentifier() != nil else { return nil }
        scanner.skipInlineSpace()
        guard scanner.peek() == UInt8(ascii: "="), scanner.peek(1) != UInt8(ascii: "=") else { return nil }
        return Candidate(name: name, openParen: openParen)
    }

    /// The offset just past the bracket matching the one at `open`, skipping quoted strings; the end if none.
    private static func matchingClose(from open: Int, in bytes: [UInt8]) -> Int {
        let end = bytes.count
        var depth = 0
        var index = open
        var quote: UInt8?
        while index < end {
            let byte = bytes[index]
            if let active = quote {
                if byte == UInt8(ascii: "\\") {
                    index += 1
                } else if byte == active || byte == UInt8(ascii: "\n") {
                    quote = nil
                }
            } else {
                switch byte {
                case UInt8(ascii: "'"), UInt8(ascii: "\""): quote = byte
                case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
                case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                    depth -= 1
                    if depth == 0 { return index + 1 }
                default: break
                }
            }
            index += 1
        }
        return end
    }

    /// The byte ranges inside `<tool_response>` blocks (an unclosed block runs to the end), or the whole
    /// text when there is none.
    static func toolResponseBlocks(in bytes: [UInt8]) -> [Range<Int>] {
        let open = Array("<tool_response>".utf8)
        let close = Array("</tool_response>".utf8)
        var blocks: [Range<Int>] = []
        var index = 0
        while let start = find(open, in: bytes, from: index) {
            let contentStart = start + open.count
            let contentEnd = find(close, in: bytes, from: contentStart) ?? bytes.count
            blocks.append(contentStart..<contentEnd)
            index = min(bytes.count, contentEnd + close.count)
        }
        return blocks.isEmpty ? [0..<bytes.count] : blocks
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, bytes.count >= needle.count else { return nil }
        var index = start
        while index + needle.count <= bytes.count {
            if bytes[index] == first, bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}

/// A recorded result, loaded and validated.
public struct RecordedResult: Sendable, Equatable {
    /// The model's class name.
    public var model: String
    /// The result as the tool would return it: fields in declaration order, defaults filled.
    public var value: JSONValue
    /// The form it was written in.
    public var form: RecordedResultForm

    public init(model: String, value: JSONValue, form: RecordedResultForm) {
        self.model = model
        self.value = value
        self.form = form
    }
}

/// How a recorded result was written.
public enum RecordedResultForm: String, Sendable, Codable, CaseIterable {
    /// Pydantic's `repr()`: `GitStatusResult(success=True, ...)`.
    case repr
    /// Pydantic's `str()`, what `print(result)` writes: `success=True clean=False ...`.
    case str
    /// A JSON object (`model_dump_json()`).
    case json
}

/// A repr found inside a tool response, with its outcome.
public struct EmbeddedRecordedResult: Sendable, Equatable {
    /// The class name the repr starts with (which may not be a declared model).
    public var model: String
    /// The UTF-8 byte range of the repr in the searched text (to the matching `)` when it failed).
    public var range: Range<Int>
    /// The loaded result, or why it could not be loaded.
    public var result: Result<RecordedResult, RecordedResultError>

    public init(model: String, range: Range<Int>, result: Result<RecordedResult, RecordedResultError>) {
        self.model = model
        self.range = range
        self.result = result
    }
}
