// The few LSP 3.17 shapes the navigation tools send and receive. Positions are 0-based, in the
// negotiated position encoding (see LSPPositions.swift).

/// A 0-based position in the negotiated encoding.
struct LSPPosition: Codable, Sendable, Equatable {
    var line: Int
    var character: Int
}

/// A range; `end` is exclusive.
struct LSPRange: Codable, Sendable, Equatable {
    var start: LSPPosition
    var end: LSPPosition

    func contains(_ other: LSPRange) -> Bool {
        !Self.precedes(other.start, start) && !Self.precedes(end, other.end)
    }

    private static func precedes(_ lhs: LSPPosition, _ rhs: LSPPosition) -> Bool {
        (lhs.line, lhs.character) < (rhs.line, rhs.character)
    }
}

/// `TextDocumentIdentifier`.
struct LSPDocument: Codable, Sendable {
    var uri: String
}

/// `TextDocumentPositionParams`.
struct LSPPositionParams: Encodable, Sendable {
    var textDocument: LSPDocument
    var position: LSPPosition
}

/// `ReferenceParams`.
struct LSPReferenceParams: Encodable, Sendable {
    struct Context: Encodable, Sendable {
        var includeDeclaration: Bool
    }
    var textDocument: LSPDocument
    var position: LSPPosition
    var context: Context
}

/// `DocumentSymbolParams`.
struct LSPDocumentParams: Encodable, Sendable {
    var textDocument: LSPDocument
}

/// `WorkspaceSymbolParams`.
struct LSPQueryParams: Encodable, Sendable {
    var query: String
}

/// `DidChangeWatchedFilesParams`.
struct LSPWatchedFilesParams: Encodable, Sendable {
    struct Change: Encodable, Sendable, Equatable {
        var uri: String
        /// 1 created, 2 changed, 3 deleted.
        var type: Int
    }
    var changes: [Change]
}

/// A `Location`, or the target of a `LocationLink` (its name range when the server gives one).
struct LSPLocation: Decodable, Sendable, Equatable {
    var uri: String
    var range: LSPRange

    private enum Keys: String, CodingKey {
        case uri, range, targetUri, targetRange, targetSelectionRange
    }

    init(uri: String, range: LSPRange) {
        self.uri = uri
        self.range = range
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        if let target = try container.decodeIfPresent(String.self, forKey: .targetUri) {
            uri = target
            range =
                try container.decodeIfPresent(LSPRange.self, forKey: .targetSelectionRange)
                ?? container.decode(LSPRange.self, forKey: .targetRange)
        } else {
            uri = try container.decode(String.self, forKey: .uri)
            range = try container.decode(LSPRange.self, forKey: .range)
        }
    }
}

/// `Location | Location[] | LocationLink[]` (textDocument/definition).
struct LSPLocations: Decodable, Sendable {
    var locations: [LSPLocation]

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let many = try? container.decode([LSPLocation].self) {
            locations = many
        } else {
            locations = [try container.decode(LSPLocation.self)]
        }
    }
}

/// `Hover`: its contents flattened to text plus the language of its first code block.
struct LSPHover: Decodable, Sendable {
    /// The hover as the server wrote it (markdown or plain text).
    var text: String
    /// "markdown" or "plaintext" (MarkupContent), or the language of a MarkedString.
    var kind: String

    private enum Keys: String, CodingKey {
        case contents
    }

    private struct Markup: Decodable {
        var kind: String?
        var language: String?
        var value: String
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        if let markup = try? container.decode(Markup.self, forKey: .contents) {
            if let language = markup.language {
                text = "```\(language)\n\(markup.value)\n```"
                kind = "markdown"
            } else {
                text = markup.value
                kind = markup.kind ?? "plaintext"
            }
        } else if let plain = try? container.decode(String.self, forKey: .contents) {
            text = plain
            kind = "markdown"
        } else {
            var pieces: [String] = []
            var items = try container.nestedUnkeyedContainer(forKey: .contents)
            while !items.isAtEnd {
                if let plain = try? items.decode(String.self) {
                    pieces.append(plain)
                } else {
                    let marked = try items.decode(Markup.self)
                    pieces.append(marked.language.map { "```\($0)\n\(marked.value)\n```" } ?? marked.value)
                }
            }
            text = pieces.joined(separator: "\n---\n")
            kind = "markdown"
        }
    }
}

/// `DocumentSymbol` (hierarchical) or `SymbolInformation` (flat), whichever the server sends.
struct LSPDocumentSymbol: Decodable, Sendable {
    var name: String
    var kind: Int
    /// The whole declaration (decorators included).
    var range: LSPRange
    /// The name.
    var selectionRange: LSPRange
    var children: [LSPDocumentSymbol]

    private enum Keys: String, CodingKey {
        case name, kind, range, selectionRange, children, location
    }

    private struct FlatLocation: Decodable {
        var range: LSPRange
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        name = try container.decode(String.self, forKey: .name)
        kind = try container.decode(Int.self, forKey: .kind)
        if let range = try container.decodeIfPresent(LSPRange.self, forKey: .range) {
            self.range = range
            selectionRange = try container.decodeIfPresent(LSPRange.self, forKey: .selectionRange) ?? range
        } else {
            range = try container.decode(FlatLocation.self, forKey: .location).range
            selectionRange = range
        }
        children = try container.decodeIfPresent([LSPDocumentSymbol].self, forKey: .children) ?? []
    }
}

/// `SymbolInformation` / `WorkspaceSymbol` from workspace/symbol.
struct LSPWorkspaceSymbol: Decodable, Sendable {
    struct Location: Decodable, Sendable {
        var uri: String
        var range: LSPRange?
    }
    var name: String
    var kind: Int
    var location: Location
    var containerName: String?
}
