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

    public init(file: String, line: Int, column: Int, severity: String, code: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.code = code
        self.message = message
    }
}

/// Result of typecheck(): ty diagnostics for a file or directory.
public struct TypeCheckResult: Sendable, Codable, Equatable {
    public var success: Bool
    public var errorCount: Int
    public var warningCount: Int
    public var errors: [TypeCheckError]
    public var parseError: String? = nil

    public init(success: Bool, errorCount: Int, warningCount: Int, errors: [TypeCheckError], parseError: String? = nil) {
        self.success = success
        self.errorCount = errorCount
        self.warningCount = warningCount
        self.errors = errors
        self.parseError = parseError
    }
}

/// One lint violation reported by ruff.
public struct RuffViolation: Sendable, Codable, Equatable {
    public var file: String
    public var line: Int
    public var column: Int
    public var code: String
    public var message: String
    public var fixable: Bool

    public init(file: String, line: Int, column: Int, code: String, message: String, fixable: Bool) {
        self.file = file
        self.line = line
        self.column = column
        self.code = code
        self.message = message
        self.fixable = fixable
    }
}

/// Result of ruff_check(): lint violations for a file or directory.
public struct RuffResult: Sendable, Codable, Equatable {
    public var success: Bool
    public var violationCount: Int
    public var fixableCount: Int
    public var violations: [RuffViolation]
    public var parseError: String? = nil

    public init(success: Bool, violationCount: Int, fixableCount: Int, violations: [RuffViolation], parseError: String? = nil) {
        self.success = success
        self.violationCount = violationCount
        self.fixableCount = fixableCount
        self.violations = violations
        self.parseError = parseError
    }
}

/// The outcome of one test run by pytest.
public struct TestCase: Sendable, Codable, Equatable {
    public var name: String
    public var outcome: String
    public var duration: Double
    public var message: String? = nil

    public init(name: String, outcome: String, duration: Double, message: String? = nil) {
        self.name = name
        self.outcome = outcome
        self.duration = duration
        self.message = message
    }
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

    public init(success: Bool, passed: Int, failed: Int, errors: Int, skipped: Int, duration: Double, tests: [TestCase], parseError: String? = nil) {
        self.success = success
        self.passed = passed
        self.failed = failed
        self.errors = errors
        self.skipped = skipped
        self.duration = duration
        self.tests = tests
        self.parseError = parseError
    }
}
