// Swift mirrors of the result models in stubs/models.py (same names, fields, order and defaults).
// Tests check them against the stubs; JSON keys are the snake_case stub field names.

/// One entry of a directory listing (kind: "file" | "directory" | "symlink" | "other").
public struct DirectoryEntry: Sendable, Codable, Equatable {
    public var name: String
    public var kind: String
    public var size: Int

    public init(name: String, kind: String, size: Int) {
        self.name = name
        self.kind = kind
        self.size = size
    }
}

/// Result of list_directory(): the entries of one directory, sorted by name.
public struct DirectoryListing: Sendable, Codable, Equatable {
    public var success: Bool
    public var path: String
    public var entries: [DirectoryEntry]
    public var entryCount: Int
    public var parseError: String? = nil

    public init(success: Bool, path: String, entries: [DirectoryEntry], entryCount: Int, parseError: String? = nil) {
        self.success = success
        self.path = path
        self.entries = entries
        self.entryCount = entryCount
        self.parseError = parseError
    }
}
