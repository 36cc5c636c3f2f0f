/// `workspace_symbols(query)`: symbols whose names match `query` anywhere in the workspace.
///
/// Asks the workspace's warm ty server (`workspace/symbol`; a fuzzy, case-insensitive subsequence
/// match over first-party files, class members included). ty gives each symbol's whole declaration
/// range and no container, so the tool completes them from `textDocument/documentSymbol` of each
/// file: `line` is the line of the symbol's name and `container_name` the enclosing class or
/// function (None at module level). Exact name matches come first, then prefix matches, then the
/// rest in ty's order. No match is a success with no symbols; an empty query is not supported by
/// ty (it answers nothing), so it gives `success=False`.
public struct WorkspaceSymbolsTool: Tool {
    public static let name = "workspace_symbols"

    private let pool: LSPServerPool

    /// A tool answering through `pool`'s servers.
    public init(pool: LSPServerPool) {
        self.pool = pool
    }

    public struct Arguments: Decodable, Sendable {
        public var query: String
    }

    public func run(_ arguments: Arguments, in context: ToolContext) throws(ToolError) -> WorkspaceSymbolsResult {
        func failure(_ message: String) -> WorkspaceSymbolsResult {
            WorkspaceSymbolsResult(success: false, query: arguments.query, symbols: [], symbolCount: 0, parseError: message)
        }
        guard !arguments.query.trimmingWhitespace().isEmpty else {
            return failure(
                "ty's language server does not list symbols for an empty query: pass part of a name (e.g. 'User')")
        }
        let answer: (symbols: [LSPWorkspaceSymbol], trees: [String: [LSPDocumentSymbol]], encoding: PositionEncoding)
        do {
            answer = try pool.withServer(in: context) { client throws(LSPError) in
                let found =
                    try client.request("workspace/symbol", LSPQueryParams(query: arguments.query), as: [LSPWorkspaceSymbol].self)
                    ?? []
                var trees: [String: [LSPDocumentSymbol]] = [:]
                for uri in Set(found.map(\.location.uri)) {
                    do throws(LSPError) {
                        let params = LSPDocumentParams(textDocument: LSPDocument(uri: uri))
                        trees[uri] = try client.request("textDocument/documentSymbol", params, as: [LSPDocumentSymbol].self) ?? []
                    } catch {
                        if case .serverExited = error { throw error }
                        // Without the tree the symbol keeps ty's declaration line and no container.
                    }
                }
                return (found, trees, client.encoding)
            }
        } catch {
            return failure(try NavigationFailure.from(error, tool: Self.name).message)
        }
        let mapper = LocationMapper(workspace: context.workspace, encoding: answer.encoding)
        let symbols = answer.symbols.map { symbol in
            let file = mapper.name(symbol.location.uri).file
            var line = (symbol.location.range?.start.line ?? 0) + 1
            var container = symbol.containerName
            if let range = symbol.location.range, let tree = answer.trees[symbol.location.uri],
                let (node, parent) = Self.find(symbol, range: range, in: tree, parent: nil)
            {
                line = node.selectionRange.start.line + 1
                container = container ?? parent?.name
            }
            return WorkspaceSymbol(name: symbol.name, kind: symbol.kind, file: file, line: line, containerName: container)
        }
        let ranked = Self.rank(symbols, query: arguments.query)
        return WorkspaceSymbolsResult(success: true, query: arguments.query, symbols: ranked, symbolCount: ranked.count)
    }

    /// The document symbol declared by `symbol` (same name and range), with its parent.
    private static func find(
        _ symbol: LSPWorkspaceSymbol, range: LSPRange, in tree: [LSPDocumentSymbol], parent: LSPDocumentSymbol?
    ) -> (LSPDocumentSymbol, LSPDocumentSymbol?)? {
        for node in tree where node.range.contains(range) || node.range == range {
            if node.name == symbol.name && node.range == range { return (node, parent) }
            if let found = find(symbol, range: range, in: node.children, parent: node) { return found }
        }
        return nil
    }

    /// Exact matches first, then case-insensitive exact, then prefix; ty's order otherwise.
    private static func rank(_ symbols: [WorkspaceSymbol], query: String) -> [WorkspaceSymbol] {
        let lowered = query.lowercased()
        func score(_ symbol: WorkspaceSymbol) -> Int {
            if symbol.name == query { return 0 }
            let name = symbol.name.lowercased()
            if name == lowered { return 1 }
            if name.hasPrefix(lowered) { return 2 }
            return 3
        }
        return symbols.enumerated()
            .sorted { (score($0.element), $0.offset) < (score($1.element), $1.offset) }
            .map(\.element)
    }
}
