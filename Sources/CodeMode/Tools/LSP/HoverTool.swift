#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `hover(file_path, line, column, symbol)`: the type and documentation of the symbol at a position.
///
/// Asks the workspace's warm ty server (`textDocument/hover`). ty answers markdown: a fenced code
/// block (the signature or type) optionally followed by `---` and the docstring. `content` is that
/// code, then a blank line and the docstring with markdown escapes removed; `language` is the code
/// block's language (`python`, sometimes `xml` for typing special forms), or the markup kind
/// (`markdown`, `plaintext`) when there is no code block.
public struct HoverTool: Tool {
    public static let name = "hover"

    private let pool: LSPServerPool

    /// A tool answering through `pool`'s servers.
    public init(pool: LSPServerPool) {
        self.pool = pool
    }

    public typealias Arguments = SymbolPositionArguments

    public func run(_ arguments: Arguments, in context: ToolContext) throws(ToolError) -> HoverResult {
        let file = try NavigationFile(arguments.filePath, tool: Self.name, in: context.workspace)
        func failure(_ message: String) -> HoverResult {
            HoverResult(success: false, symbol: arguments.symbol, parseError: message)
        }
        if let reason = file.unsupportedReason { return failure(reason) }
        let position: NavigationPosition
        switch file.position(line: arguments.line, column: arguments.column, symbol: arguments.symbol) {
        case .success(let checked): position = checked
        case .failure(let problem): return failure(problem.message)
        }
        let hover: LSPHover?
        do {
            hover = try pool.withServer(in: context) { client throws(LSPError) in
                let params = LSPPositionParams(textDocument: LSPDocument(uri: file.uri), position: position.lsp(client.encoding))
                return try client.request("textDocument/hover", params, as: LSPHover.self)
            }
        } catch {
            return failure(try NavigationFailure.from(error, tool: Self.name).message)
        }
        guard let hover, !hover.text.trimmingWhitespace().isEmpty else {
            return failure(
                "no hover information at "
                    + file.describe(line: arguments.line, column: arguments.column, symbol: arguments.symbol))
        }
        let (content, language) = HoverText.split(hover.text, kind: hover.kind)
        return HoverResult(success: true, symbol: arguments.symbol, content: content, language: language)
    }
}

/// Splits ty's hover markdown into plain content and a language.
enum HoverText {
    static func split(_ text: String, kind: String) -> (content: String, language: String) {
        guard kind == "markdown", text.hasPrefix("```") else { return (text, kind) }
        let afterFence = text.dropFirst(3)
        guard let newline = afterFence.firstIndex(of: "\n") else { return (text, kind) }
        let language = afterFence[..<newline].trimmingSpaces()
        let body = afterFence[afterFence.index(after: newline)...]
        guard let close = body.firstRange(of: "\n```") ?? (body.hasPrefix("```") ? body.firstRange(of: "```") : nil) else {
            return (text, kind)
        }
        let code = String(body[..<close.lowerBound])
        var rest = body[close.upperBound...].trimmingWhitespace()
        if rest.hasPrefix("---") { rest = rest.dropFirst(3).trimmingWhitespace() }
        let documentation = unescape(rest)
        let content = documentation.isEmpty ? code : code + "\n\n" + documentation
        return (content, language.isEmpty ? "python" : language)
    }

    /// Removes markdown backslash escapes and the two-space hard line breaks ty adds to docstrings.
    static func unescape(_ markdown: String) -> String {
        var output = ""
        var scalars = markdown.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            if scalar == "\\", let next = scalars.next() {
                let escapable = next.isASCII && !next.properties.isAlphabetic && !next.properties.isWhitespace
                    && !("0"..."9").contains(next)
                if !escapable { output.unicodeScalars.append(scalar) }
                output.unicodeScalars.append(next)
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
        return output.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in line.hasSuffix("  ") ? String(line.dropLast(2)) : String(line) }
            .joined(separator: "\n")
    }
}
