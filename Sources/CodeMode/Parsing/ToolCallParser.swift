/// Extracts tool calls from a complete model output, in every format models emit.
///
/// The format of each call is detected unless `ParseOptions.format` forces one. Parsing never
/// throws and never traps, whatever the bytes: malformed output yields diagnostics and whatever
/// calls can honestly be recovered. For output that arrives in pieces, use `StreamingToolCallParser`;
/// it returns exactly the same result.
///
/// ```swift
/// let result = ToolCallParser().parse(modelOutput)
/// for call in result.calls { print(call.format, call.name, call.code ?? "") }
/// ```
public struct ToolCallParser: Sendable {
    /// The stubs used to convert Qwen3 XML parameter values and to flag unknown functions.
    public let catalog: StubCatalog
    /// Detection and format options.
    public let options: ParseOptions
    /// `catalog`, shared with every parse without copying it.
    private let catalogReference: CatalogReference

    /// Creates a parser.
    public init(catalog: StubCatalog = .standard, options: ParseOptions = ParseOptions()) {
        self.catalog = catalog
        self.options = options
        catalogReference = CatalogReference(catalog)
    }

    /// Parses UTF-8 bytes; invalid UTF-8 is replaced with U+FFFD and reported.
    public func parse(_ bytes: [UInt8]) -> ParseResult {
        var engine = ParserEngine(catalog: catalogReference, options: options)
        engine.append(bytes)
        engine.finish()
        return engine.result
    }

    /// Parses a string.
    public func parse(_ text: String) -> ParseResult {
        parse(Array(text.utf8))
    }
}
