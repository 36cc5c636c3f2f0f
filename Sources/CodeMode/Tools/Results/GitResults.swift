// Swift mirrors of the result models in stubs/models.py (same names, fields, order and defaults).
// Tests check them against the stubs; JSON keys are the snake_case stub field names.

/// The status of one changed file.
public struct GitFileStatus: Sendable, Codable, Equatable {
    public var file: String
    public var status: String
    public var staged: Bool

    public init(file: String, status: String, staged: Bool) {
        self.file = file
        self.status = status
        self.staged = staged
    }
}

/// Result of git_status().
public struct GitStatusResult: Sendable, Codable, Equatable {
    public var success: Bool
    public var clean: Bool
    public var fileCount: Int
    public var files: [GitFileStatus]
    public var parseError: String? = nil

    public init(success: Bool, clean: Bool, fileCount: Int, files: [GitFileStatus], parseError: String? = nil) {
        self.success = success
        self.clean = clean
        self.fileCount = fileCount
        self.files = files
        self.parseError = parseError
    }
}

/// Changes to one file in a diff.
public struct DiffFile: Sendable, Codable, Equatable {
    public var file: String
    public var additions: Int
    public var deletions: Int
    public var hunks: [String] = []

    public init(file: String, additions: Int, deletions: Int, hunks: [String] = []) {
        self.file = file
        self.additions = additions
        self.deletions = deletions
        self.hunks = hunks
    }
}

/// Result of git_diff().
public struct GitDiffResult: Sendable, Codable, Equatable {
    public var success: Bool
    public var fileCount: Int
    public var additions: Int
    public var deletions: Int
    public var files: [DiffFile]
    public var parseError: String? = nil

    public init(success: Bool, fileCount: Int, additions: Int, deletions: Int, files: [DiffFile], parseError: String? = nil) {
        self.success = success
        self.fileCount = fileCount
        self.additions = additions
        self.deletions = deletions
        self.files = files
        self.parseError = parseError
    }
}

/// One commit in the history.
public struct GitCommit: Sendable, Codable, Equatable {
    public var hash: String
    public var message: String
    public var author: String? = nil
    public var date: String? = nil

    public init(hash: String, message: String, author: String? = nil, date: String? = nil) {
        self.hash = hash
        self.message = message
        self.author = author
        self.date = date
    }
}

/// Result of git_log().
public struct GitLogResult: Sendable, Codable, Equatable {
    public var success: Bool
    public var commits: [GitCommit]
    public var commitCount: Int
    public var parseError: String? = nil

    public init(success: Bool, commits: [GitCommit], commitCount: Int, parseError: String? = nil) {
        self.success = success
        self.commits = commits
        self.commitCount = commitCount
        self.parseError = parseError
    }
}
