/// `goto_definition(file_path, line, column, symbol)`: where the symbol at a position is defined.
///
/// Asks the workspace's warm ty server (`textDocument/definition`). Each location is the defining
/// name's range (1-based line and column in Unicode scalars, exclusive end) with the trimmed text of
/// its line as preview. A position with nothing to resolve gives `success=False`.
public struct GotoDefinitionTool: Tool {
    public static let name = "goto_definition"

    private let pool: LSPServerPool

    /// A tool answering through `pool`'s servers.
    public init(pool: LSPServerPool) {
        self.pool = pool
    }

    public typealias Arguments = SymbolPositionArguments

    public func run(_ arguments: Arguments, in context: ToolContext) throws(ToolError) -> GotoDefinitionResult {
        let file = try NavigationFile(arguments.filePath, tool: Self.name, in: context.workspace)
        func failure(_ message: String) -> GotoDefinitionResult {
            GotoDefinitionResult(success: false, symbol: arguments.symbol, locations: [], parseError: message)
        }
        if let reason = file.unsupportedReason { return failure(reason) }
        let position: NavigationPosition
        switch file.position(line: arguments.line, column: arguments.column, symbol: arguments.symbol) {
        case .success(let checked): position = checked
        case .failure(let problem): return failure(problem.message)
        }
        let answer: (locations: [LSPLocation], encoding: PositionEncoding)
        do {
            answer = try pool.withServer(in: context) { client throws(LSPError) in
                let params = LSPPositionParams(textDocument: LSPDocument(uri: file.uri), position: position.lsp(client.encoding))
                let response = try client.request("textDocument/definition", params, as: LSPLocations.self)
                return (response?.locations ?? [], client.encoding)
            }
        } catch {
            return failure(try NavigationFailure.from(error, tool: Self.name).message)
        }
        guard !answer.locations.isEmpty else {
            return failure(
                "no definition found for \(quoted(arguments.symbol)) at "
                    + file.describe(line: arguments.line, column: arguments.column, symbol: arguments.symbol))
        }
        var mapper = LocationMapper(workspace: context.workspace, encoding: answer.encoding, known: file)
        let locations = answer.locations.map { location in
            let mapped = mapper.map(uri: location.uri, range: location.range)
            return DefinitionLocation(
                file: mapped.file, line: mapped.line, column: mapped.column, endLine: mapped.endLine,
                endColumn: mapped.endColumn, preview: mapped.preview)
        }
        return GotoDefinitionResult(success: true, symbol: arguments.symbol, locations: locations)
    }
}
