/// `find_references(file_path, line, column, symbol)`: every use of the symbol at a position.
///
/// Asks the workspace's warm ty server (`textDocument/references`, declaration included, so import
/// sites and the definition itself are counted). References are sorted by file, line and column;
/// each has a 1-based line and column (Unicode scalars) and the trimmed text of its line.
public struct FindReferencesTool: Tool {
    public static let name = "find_references"

    private let pool: LSPServerPool

    /// A tool answering through `pool`'s servers.
    public init(pool: LSPServerPool) {
        self.pool = pool
    }

    public typealias Arguments = SymbolPositionArguments

    public func run(_ arguments: Arguments, in context: ToolContext) throws(ToolError) -> FindReferencesResult {
        let file = try NavigationFile(arguments.filePath, tool: Self.name, in: context.workspace)
        func failure(_ message: String) -> FindReferencesResult {
            FindReferencesResult(success: false, symbol: arguments.symbol, referenceCount: 0, references: [], parseError: message)
        }
        if let reason = file.unsupportedReason { return failure(reason) }
        let position: NavigationPosition
        switch file.position(line: arguments.line, column: arguments.column, symbol: arguments.symbol) {
        case .success(let checked): position = checked
        case .failure(let problem): return failure(problem.message)
        }
        let answer: (locations: [LSPLocation]?, encoding: PositionEncoding)
        do {
            answer = try pool.withServer(in: context) { client throws(LSPError) in
                let params = LSPReferenceParams(
                    textDocument: LSPDocument(uri: file.uri), position: position.lsp(client.encoding),
                    context: .init(includeDeclaration: true))
                return (try client.request("textDocument/references", params, as: [LSPLocation].self), client.encoding)
            }
        } catch {
            return failure(try NavigationFailure.from(error, tool: Self.name).message)
        }
        guard let locations = answer.locations, !locations.isEmpty else {
            return failure(
                "no symbol to find references for at "
                    + file.describe(line: arguments.line, column: arguments.column, symbol: arguments.symbol))
        }
        var mapper = LocationMapper(workspace: context.workspace, encoding: answer.encoding, known: file)
        var seen: Set<String> = []
        let references = locations.map { mapper.map(uri: $0.uri, range: $0.range) }
            .filter { seen.insert("\($0.file)\u{0}\($0.line)\u{0}\($0.column)").inserted }
            .sorted { ($0.file, $0.line, $0.column) < ($1.file, $1.line, $1.column) }
            .map { ReferenceLocation(file: $0.file, line: $0.line, column: $0.column, preview: $0.preview) }
        return FindReferencesResult(
            success: true, symbol: arguments.symbol, referenceCount: references.count, references: references)
    }
}
