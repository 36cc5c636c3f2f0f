// Swift mirrors of the result models in stubs/models.py (same names, fields, order and defaults).
// Tests check them against the stubs; JSON keys are the snake_case stub field names.

/// The status of one changed file.
public struct GitFileStatus: Sendable, Codable, Equatable {
    public var file: String
    public var status: String
    public var staged: Bool
}

/// Result of git_status().
public struct GitStatusResult: Sendable, Codable, Equatable {
    public var success: Bool
    public var clean: Bool
    public var fileCount: Int
    public var files: [GitFileStatus]
    public var parseError: String? = nil
}

/// Changes to one file in a diff.
public struct DiffFile: Sendable, Codable, Equatable {
    public var file: String
    public var additions: Int
    public var deletions: Int
    public var hunks: [String] = []
}

/// Result of git_diff().
public struct GitDiffResult: Sendable, Codable, Equatable {
    public var success: Bool
    public var fileCount: Int
    public var additions: Int
    public var deletions: Int
    public var files: [DiffFile]
    public var parseError: String? = nil
}

/// One commit in the history.
public struct GitCommit: Sendable, Codable, Equatable {
    public var hash: String
    public var message: String
    public var author: String? = nil
    public var date: String? = nil
}

/// Result of git_log().
public struct GitLogResult: Sendable, Codable, Equatable {
    public var success: Bool
    public var commits: [GitCommit]
    public var commitCount: Int
    public var parseError: String? = nil
}
