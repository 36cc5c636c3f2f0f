/// `document_symbols(file_path)`: the symbol tree of one file.
///
/// Asks the workspace's warm ty server (`textDocument/documentSymbol`, hierarchical). Each symbol
/// has its LSP SymbolKind (5 class, 6 method, 8 field, 12 function, 13 variable, ...), `line` = the
/// line of its name (`class X` / `def f`, after any decorators) and `end_line` = the last line of
/// its body; classes contain their methods and attributes as children. `symbol_count` counts every
/// symbol, nested children included. A Python file without symbols is a success with none.
public struct DocumentSymbolsTool: Tool {
    public static let name = "document_symbols"

    private let pool: LSPServerPool

    /// A tool answering through `pool`'s servers.
    public init(pool: LSPServerPool) {
        self.pool = pool
    }

    public struct Arguments: Decodable, Sendable {
        public var filePath: String
    }

    public func run(_ arguments: Arguments, in context: ToolContext) throws(ToolError) -> DocumentSymbolsResult {
        let file = try NavigationFile(arguments.filePath, tool: Self.name, in: context.workspace)
        func failure(_ message: String) -> DocumentSymbolsResult {
            DocumentSymbolsResult(success: false, filePath: file.relative, symbols: [], symbolCount: 0, parseError: message)
        }
        if let reason = file.unsupportedReason { return failure(reason) }
        let symbols: [LSPDocumentSymbol]
        do {
            symbols = try pool.withServer(in: context) { client throws(LSPError) in
                let params = LSPDocumentParams(textDocument: LSPDocument(uri: file.uri))
                return try client.request("textDocument/documentSymbol", params, as: [LSPDocumentSymbol].self) ?? []
            }
        } catch {
            return failure(try NavigationFailure.from(error, tool: Self.name).message)
        }
        let tree = symbols.map(Self.info)
        return DocumentSymbolsResult(
            success: true, filePath: file.relative, symbols: tree, symbolCount: Self.count(tree))
    }

    static func info(_ symbol: LSPDocumentSymbol) -> SymbolInfo {
        SymbolInfo(
            name: symbol.name, kind: symbol.kind, line: symbol.selectionRange.start.line + 1,
            endLine: symbol.range.end.line + 1, children: symbol.children.map(info))
    }

    static func count(_ symbols: [SymbolInfo]) -> Int {
        symbols.reduce(0) { $0 + 1 + count($1.children) }
    }
}
