#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A workspace file a navigation tool asks about: its confined relative path, URI and text.
struct NavigationFile: Sendable {
    /// The largest file the navigation tools read.
    static let sizeLimit = 16 << 20

    /// The normalised path relative to the workspace root.
    let relative: String
    /// The `file://` URI the server knows it by.
    let uri: String
    /// The file's text, for the symbol-name fallback and previews.
    let source: SourceText

    /// Opens `path` beneath the workspace root (no `..` escape, no symlinks, must exist).
    /// - Throws: `ToolError` for a path outside the workspace, a missing file, or a directory.
    init(_ path: String, tool: String, in workspace: Workspace) throws(ToolError) {
        let relative = try workspace.normalize(path)
        guard relative != "." else {
            throw ToolError(.invalidPath, "\(tool) needs a file path, not the workspace directory")
        }
        let descriptor = try workspace.openBeneath(relative, flags: O_RDONLY | O_NONBLOCK | O_NOCTTY)
        defer { close(descriptor) }
        let info = try FileIO.status(descriptor, path: path)
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw ToolError(.invalidPath, "\(quoted(path)) is not a regular file")
        }
        self.relative = relative
        uri = FileURI.make(path: workspace.root + "/" + relative)
        source = SourceText(bytes: try FileIO.readAll(descriptor, limit: Self.sizeLimit, path: path))
    }

    /// Why ty cannot answer for this file, or nil for a Python source or stub file.
    var unsupportedReason: String? {
        if relative.hasSuffix(".py") || relative.hasSuffix(".pyi") { return nil }
        if relative.hasSuffix(".ipynb") {
            return "ty's language server answers for notebooks only when they are opened as notebook documents, "
                + "which the navigation tools do not do; \(quoted(relative)) is a notebook"
        }
        return "ty's language server answers only for Python files (.py, .pyi); \(quoted(relative)) is not one"
    }

    /// Checks a 1-based line and column and applies the symbol-name fallback (see `SymbolLocator`).
    /// - Returns: the position, or the parse error to report.
    func position(line: Int, column: Int, symbol: String) -> Result<NavigationPosition, NavigationFailure> {
        guard line >= 1 else {
            return .failure(NavigationFailure("line \(line) is not a valid line number (lines start at 1)"))
        }
        guard let text = source.line(line - 1), line <= max(1, source.lineCount) else {
            return .failure(
                NavigationFailure("line \(line) is past the end of \(quoted(relative)) (\(source.lineCount) lines)"))
        }
        if column < 1 && SymbolLocator.occurrences(of: symbol, on: text).isEmpty {
            return .failure(NavigationFailure("column \(column) is not a valid column (columns start at 1)"))
        }
        let index = SymbolLocator.index(for: symbol, on: text, column: column).index
        return .success(NavigationPosition(line: line - 1, scalarIndex: index, text: text))
    }

    /// The words "line L, column C of PATH" for messages, with a hint when the symbol is elsewhere.
    func describe(line: Int, column: Int, symbol: String) -> String {
        var text = "line \(line), column \(column) of \(relative)"
        if !symbol.isEmpty, let lineText = source.line(line - 1),
            SymbolLocator.occurrences(of: symbol, on: lineText).isEmpty
        {
            text += " (\(quoted(symbol)) does not occur on that line)"
        }
        return text
    }
}

/// A checked position: 0-based line and Unicode-scalar index, with the line's text.
struct NavigationPosition: Sendable {
    var line: Int
    var scalarIndex: Int
    var text: String

    /// The LSP position in `encoding`.
    func lsp(_ encoding: PositionEncoding) -> LSPPosition {
        LSPPosition(line: line, character: encoding.offset(ofScalar: scalarIndex, in: text))
    }
}

/// A problem reported as a result's `parse_error` (with `success=False`).
struct NavigationFailure: Error, Sendable {
    var message: String
    init(_ message: String) { self.message = message }

    /// The parse error for an LSP failure; a missing or unstartable server is a `ToolError` instead.
    static func from(_ error: LSPError, tool: String) throws(ToolError) -> NavigationFailure {
        switch error {
        case .serverMissing(let message):
            throw ToolError(.backendFailed, message)
        case .startFailed(let message):
            throw ToolError(.backendFailed, "\(tool): \(message)")
        case .responseError(let method, let code, _) where code == LSPError.methodNotFound:
            return NavigationFailure("this version of ty's language server does not support \(method)")
        default:
            return NavigationFailure(error.description)
        }
    }
}

/// Turns server locations into workspace-relative files, 1-based scalar columns and previews,
/// reading each workspace file at most once per tool call.
///
/// Files outside the workspace are named by their absolute path and get no preview (the tools read
/// only beneath the root); ty's vendored typeshed stubs, which exist only inside ty, are named
/// `<typeshed>/stdlib/...`.
struct LocationMapper {
    let workspace: Workspace
    let encoding: PositionEncoding
    private var sources: [String: SourceText?] = [:]

    /// The longest preview, in characters.
    static let previewLimit = 200

    init(workspace: Workspace, encoding: PositionEncoding, known: NavigationFile? = nil) {
        self.workspace = workspace
        self.encoding = encoding
        if let known { sources[known.relative] = known.source }
    }

    /// A mapped range.
    struct Mapped: Sendable {
        var file: String
        var line: Int
        var column: Int
        var endLine: Int
        var endColumn: Int
        var preview: String?
    }

    mutating func map(uri: String, range: LSPRange) -> Mapped {
        let (file, relative) = name(uri)
        let source = relative.flatMap { self.source($0) }
        let startText = source?.line(range.start.line)
        let endText = source?.line(range.end.line)
        return Mapped(
            file: file, line: range.start.line + 1,
            column: encoding.scalarIndex(ofOffset: range.start.character, in: startText) + 1,
            endLine: range.end.line + 1,
            endColumn: encoding.scalarIndex(ofOffset: range.end.character, in: endText) + 1,
            preview: startText.map(Self.preview))
    }

    /// The name to report for a URI, and its workspace-relative path when it is inside.
    func name(_ uri: String) -> (file: String, relative: String?) {
        guard let path = FileURI.path(uri) else { return (uri, nil) }
        let prefix = workspace.root.hasSuffix("/") ? workspace.root : workspace.root + "/"
        if path.hasPrefix(prefix) {
            let relative = String(path.dropFirst(prefix.count))
            return (relative, relative)
        }
        if let range = path.firstRange(of: "/vendored/typeshed/") {
            let rest = path[range.upperBound...].split(separator: "/", maxSplits: 1)
            if rest.count == 2 { return ("<typeshed>/" + rest[1], nil) }
        }
        return (path, nil)
    }

    private mutating func source(_ relative: String) -> SourceText? {
        if let cached = sources[relative] { return cached }
        var text: SourceText?
        if let descriptor = try? workspace.openBeneath(relative, flags: O_RDONLY | O_NONBLOCK | O_NOCTTY) {
            if let info = try? FileIO.status(descriptor, path: relative), info.st_mode & S_IFMT == S_IFREG,
                let bytes = try? FileIO.readAll(descriptor, limit: NavigationFile.sizeLimit, path: relative)
            {
                text = SourceText(bytes: bytes)
            }
            close(descriptor)
        }
        sources[relative] = .some(text)
        return text
    }

    static func preview(_ line: String) -> String {
        let trimmed = line.trimmingWhitespace()
        guard trimmed.count > previewLimit else { return trimmed }
        return String(trimmed.prefix(previewLimit)) + "…"
    }
}

/// The arguments of the tools that ask about the symbol at a position (goto_definition,
/// find_references, hover): `file_path`, 1-based `line` and `column`, and the `symbol` expected there.
public struct SymbolPositionArguments: Decodable, Sendable {
    public var filePath: String
    public var line: Int
    public var column: Int
    public var symbol: String
}
