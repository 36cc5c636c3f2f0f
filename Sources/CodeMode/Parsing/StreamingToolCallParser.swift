/// Extracts tool calls while a model is still generating: feed chunks, get each call as soon as it
/// is complete.
///
/// Each chunk is scanned once, so total work is linear in the output length however it is split.
/// After `finish()`, `result` equals `ToolCallParser.parse` on the concatenated input. Chunks may
/// split UTF-8 sequences and tags anywhere; text is held back until it is known not to start a tag.
///
/// ```swift
/// var parser = StreamingToolCallParser()
/// for await chunk in tokens { for call in parser.feed(chunk).calls { start(call) } }
/// let final = parser.finish()
/// ```
public struct StreamingToolCallParser: Sendable {
    private var engine: ParserEngine

    /// Creates a parser.
    public init(catalog: StubCatalog = .standard, options: ParseOptions = ParseOptions()) {
        engine = ParserEngine(catalog: CatalogReference(catalog), options: options)
    }

    /// Adds a chunk of output and returns what it completed.
    ///
    /// Feeding after `finish()` is ignored.
    public mutating func feed(_ chunk: String) -> StreamingUpdate {
        feed(bytes: Array(chunk.utf8))
    }

    /// Adds a chunk of UTF-8 bytes and returns what it completed.
    public mutating func feed(bytes chunk: [UInt8]) -> StreamingUpdate {
        guard !engine.isFinal else { return StreamingUpdate(calls: [], text: "", diagnostics: []) }
        engine.append(chunk)
        return engine.takeUpdate()
    }

    /// Ends the input: closes whatever is open (truncated calls get diagnostics) and returns the rest.
    public mutating func finish() -> StreamingUpdate {
        engine.finish()
        return engine.takeUpdate()
    }

    /// Everything parsed so far; after `finish()`, the same as a whole-text parse.
    public var result: ParseResult { engine.result }

    /// True after `finish()`.
    public var isFinished: Bool { engine.isFinal }
}
