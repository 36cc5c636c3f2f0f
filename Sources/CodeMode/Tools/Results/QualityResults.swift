// Swift mirrors of the result models in stubs/models.py (same names, fields, order and defaults).
// Tests check them against the stubs; JSON keys are the snake_case stub field names.

/// One diagnostic reported by the ty type checker.
public struct TypeCheckError: Sendable, Codable, Equatable {
    public var file: String
    public var line: Int
    public var column: Int
    public var severity: String
    public var code: String
    public var message: String
}

/// Result of typecheck(): ty diagnostics for a file or directory.
public struct TypeCheckResult: Sendable, Codable, Equatable {
    public var success: Bool
    public var errorCount: Int
    public var warningCount: Int
    public var errors: [TypeCheckError]
    public var parseError: String? = nil
}

/// One lint violation reported by ruff.
public struct RuffViolation: Sendable, Codable, Equatable {
    public var file: String
    public var line: Int
    public var column: Int
    public var code: String
    public var message: String
    public var fixable: Bool
}

/// Result of ruff_check(): lint violations for a file or directory.
public struct RuffResult: Sendable, Codable, Equatable {
    public var success: Bool
    public var violationCount: Int
    public var fixableCount: Int
    public var violations: [RuffViolation]
    public var parseError: String? = nil
}

/// The outcome of one test run by pytest.
public struct TestCase: Sendable, Codable, Equatable {
    public var name: String
    public var outcome: String
    public var duration: Double
    public var message: String? = nil
}

/// Result of pytest_run(): counts and per-test outcomes.
public struct TestResult: Sendable, Codable, Equatable {
    public var success: Bool
    public var passed: Int
    public var failed: Int
    public var errors: Int
    public var skipped: Int
    public var duration: Double
    public var tests: [TestCase]
    public var parseError: String? = nil
}
