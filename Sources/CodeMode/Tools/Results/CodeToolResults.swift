// Swift mirrors of the result models in stubs/models.py (same names, fields, order and defaults).
// Tests check them against the stubs; JSON keys are the snake_case stub field names.

/// One syntax node matching a pattern.
public struct CstMatch: Sendable, Codable, Equatable {
    public var line: Int
    public var column: Int
    public var codeSnippet: String
    public var nodeType: String

    public init(line: Int, column: Int, codeSnippet: String, nodeType: String) {
        self.line = line
        self.column = column
        self.codeSnippet = codeSnippet
        self.nodeType = nodeType
    }
}

/// Result of cst_find_pattern().
public struct CstFindResult: Sendable, Codable, Equatable {
    public var success: Bool
    public var matchCount: Int
    public var matches: [CstMatch]
    public var parseError: String? = nil

    public init(success: Bool, matchCount: Int, matches: [CstMatch], parseError: String? = nil) {
        self.success = success
        self.matchCount = matchCount
        self.matches = matches
        self.parseError = parseError
    }
}

/// Result of cst_rename().
public struct CstRenameResult: Sendable, Codable, Equatable {
    public var success: Bool
    public var renameCount: Int
    public var modifiedSource: String? = nil
    public var parseError: String? = nil

    public init(success: Bool, renameCount: Int, modifiedSource: String? = nil, parseError: String? = nil) {
        self.success = success
        self.renameCount = renameCount
        self.modifiedSource = modifiedSource
        self.parseError = parseError
    }
}

/// Result of cst_add_import().
public struct CstAddImportResult: Sendable, Codable, Equatable {
    public var success: Bool
    public var importAdded: Bool
    public var modifiedSource: String? = nil
    public var parseError: String? = nil

    public init(success: Bool, importAdded: Bool, modifiedSource: String? = nil, parseError: String? = nil) {
        self.success = success
        self.importAdded = importAdded
        self.modifiedSource = modifiedSource
        self.parseError = parseError
    }
}

/// One problem found by a domain validator.
public struct ValidationIssue: Sendable, Codable, Equatable {
    public var rule: String
    public var severity: String
    public var message: String
    public var line: Int? = nil
    public var suggestion: String? = nil

    public init(rule: String, severity: String, message: String, line: Int? = nil, suggestion: String? = nil) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.line = line
        self.suggestion = suggestion
    }
}

/// Result of a domain validator (tdom, svcs, tdom-svcs).
public struct DomainValidationResult: Sendable, Codable, Equatable {
    public var valid: Bool
    public var domain: String
    public var issues: [ValidationIssue]
    public var parseError: String? = nil

    public init(valid: Bool, domain: String, issues: [ValidationIssue], parseError: String? = nil) {
        self.valid = valid
        self.domain = domain
        self.issues = issues
        self.parseError = parseError
    }
}
