// Swift mirrors of the result models in stubs/models.py (same names, fields, order and defaults).
// Tests check them against the stubs; JSON keys are the snake_case stub field names.

/// Where a symbol is defined (1-based lines and columns).
public struct DefinitionLocation: Sendable, Codable, Equatable {
    public var file: String
    public var line: Int
    public var column: Int
    public var endLine: Int
    public var endColumn: Int
    public var preview: String? = nil

    public init(file: String, line: Int, column: Int, endLine: Int, endColumn: Int, preview: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.endLine = endLine
        self.endColumn = endColumn
        self.preview = preview
    }
}

/// Result of goto_definition().
public struct GotoDefinitionResult: Sendable, Codable, Equatable {
    public var success: Bool
    public var symbol: String
    public var locations: [DefinitionLocation]
    public var parseError: String? = nil

    public init(success: Bool, symbol: String, locations: [DefinitionLocation], parseError: String? = nil) {
        self.success = success
        self.symbol = symbol
        self.locations = locations
        self.parseError = parseError
    }
}

/// One place where a symbol is used (1-based line and column).
public struct ReferenceLocation: Sendable, Codable, Equatable {
    public var file: String
    public var line: Int
    public var column: Int
    public var preview: String? = nil

    public init(file: String, line: Int, column: Int, preview: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.preview = preview
    }
}

/// Result of find_references().
public struct FindReferencesResult: Sendable, Codable, Equatable {
    public var success: Bool
    public var symbol: String
    public var referenceCount: Int
    public var references: [ReferenceLocation]
    public var parseError: String? = nil

    public init(success: Bool, symbol: String, referenceCount: Int, references: [ReferenceLocation], parseError: String? = nil) {
        self.success = success
        self.symbol = symbol
        self.referenceCount = referenceCount
        self.references = references
        self.parseError = parseError
    }
}

/// Result of hover(): type information and documentation for a symbol.
public struct HoverResult: Sendable, Codable, Equatable {
    public var success: Bool
    public var symbol: String
    public var content: String? = nil
    public var language: String? = nil
    public var parseError: String? = nil

    public init(success: Bool, symbol: String, content: String? = nil, language: String? = nil, parseError: String? = nil) {
        self.success = success
        self.symbol = symbol
        self.content = content
        self.language = language
        self.parseError = parseError
    }
}

/// A symbol in a document, with its nested children (kind is an LSP SymbolKind).
public struct SymbolInfo: Sendable, Codable, Equatable {
    public var name: String
    public var kind: Int
    public var line: Int
    public var endLine: Int
    public var children: [SymbolInfo] = []

    public init(name: String, kind: Int, line: Int, endLine: Int, children: [SymbolInfo] = []) {
        self.name = name
        self.kind = kind
        self.line = line
        self.endLine = endLine
        self.children = children
    }
}

/// Result of document_symbols(): the symbol tree of one file.
public struct DocumentSymbolsResult: Sendable, Codable, Equatable {
    public var success: Bool
    public var filePath: String
    public var symbols: [SymbolInfo]
    public var symbolCount: Int = 0
    public var parseError: String? = nil

    public init(success: Bool, filePath: String, symbols: [SymbolInfo], symbolCount: Int = 0, parseError: String? = nil) {
        self.success = success
        self.filePath = filePath
        self.symbols = symbols
        self.symbolCount = symbolCount
        self.parseError = parseError
    }
}

/// A symbol found anywhere in the workspace.
public struct WorkspaceSymbol: Sendable, Codable, Equatable {
    public var name: String
    public var kind: Int
    public var file: String
    public var line: Int
    public var containerName: String? = nil

    public init(name: String, kind: Int, file: String, line: Int, containerName: String? = nil) {
        self.name = name
        self.kind = kind
        self.file = file
        self.line = line
        self.containerName = containerName
    }
}

/// Result of workspace_symbols().
public struct WorkspaceSymbolsResult: Sendable, Codable, Equatable {
    public var success: Bool
    public var query: String
    public var symbols: [WorkspaceSymbol]
    public var symbolCount: Int = 0
    public var parseError: String? = nil

    public init(success: Bool, query: String, symbols: [WorkspaceSymbol], symbolCount: Int = 0, parseError: String? = nil) {
        self.success = success
        self.query = query
        self.symbols = symbols
        self.symbolCount = symbolCount
        self.parseError = parseError
    }
}
