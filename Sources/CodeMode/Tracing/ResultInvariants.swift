/// Checks the invariants a typed tool result must keep (models.md, "Invariants a result must keep").
///
/// Real tools produce results that keep them; a recorded result that breaks one is a data defect that
/// replay reports (the research corpus has dozens, mostly `reference_count` ≠ `len(references)`).
/// The rules, per model:
/// - counts agree with their lists: `error_count + warning_count == len(errors)`, `violation_count`,
///   `reference_count`, `file_count` (status and diff), `commit_count`, `match_count`, `entry_count`;
///   `symbol_count` counts nested children for DocumentSymbolsResult and is `len(symbols)` for
///   WorkspaceSymbolsResult;
/// - derived totals agree: RuffResult `fixable_count` == fixable violations; GitDiffResult `additions`
///   and `deletions` == the sums over its files;
/// - `clean == (file_count == 0)` for GitStatusResult;
/// - `success` is False when the tool reports a problem: a `parse_error`, type errors (not warnings),
///   lint violations, failed or erroring tests; DomainValidationResult's `valid` is False with a `parse_error`.
public enum ResultInvariants {
    /// Every invariant `value` (a validated `model` result) breaks; empty when it keeps them all.
    ///
    /// Fields that are missing or of the wrong type are skipped: validation reports those.
    public static func check(_ value: JSONValue, model: String) -> [InvariantViolation] {
        guard let object = value.objectValue else { return [] }
        var checker = Checker(model: model, object: object)
        checker.run()
        return checker.violations
    }
}

/// One broken invariant.
public struct InvariantViolation: Sendable, Codable, Hashable, CustomStringConvertible {
    /// The result model.
    public var model: String
    /// The field whose value contradicts the rest (`reference_count`).
    public var field: String
    /// What is wrong: `reference_count is 7 but references has 2 items`.
    public var message: String

    public init(model: String, field: String, message: String) {
        self.model = model
        self.field = field
        self.message = message
    }

    public var description: String { "\(model).\(field): \(message)" }
}

// MARK: - Rules

private struct Checker {
    let model: String
    let object: JSONObject
    var violations: [InvariantViolation] = []

    mutating func run() {
        switch model {
        case "TypeCheckResult":
            if let errors = count("errors"), let errorCount = int("error_count"), let warnings = int("warning_count"),
                errorCount + warnings != errors
            {
                fail(
                    "error_count",
                    "error_count (\(errorCount)) + warning_count (\(warnings)) is \(errorCount + warnings) "
                        + "but errors has \(items(errors))")
            }
            successIsFalse(when: (int("error_count") ?? 0) > 0, because: "error_count is \(int("error_count") ?? 0)")
        case "RuffResult":
            countMatches("violation_count", list: "violations")
            if let violations = list("violations"), let fixable = int("fixable_count") {
                let actual = violations.filter { $0.objectValue?["fixable"] == .bool(true) }.count
                if actual != fixable {
                    fail("fixable_count", "fixable_count is \(fixable) but \(items(actual)) in violations are fixable")
                }
            }
            successIsFalse(when: (count("violations") ?? 0) > 0, because: "there are violations")
        case "TestResult":
            let failed = int("failed") ?? 0
            let errors = int("errors") ?? 0
            successIsFalse(when: failed + errors > 0, because: "\(failed) failed and \(errors) errors")
        case "FindReferencesResult":
            countMatches("reference_count", list: "references")
        case "DocumentSymbolsResult":
            if let symbols = list("symbols"), let declared = int("symbol_count") {
                let actual = Self.symbolTreeSize(symbols)
                if actual != declared {
                    fail(
                        "symbol_count",
                        "symbol_count is \(declared) but symbols holds \(actual) (nested children included)")
                }
            }
        case "WorkspaceSymbolsResult":
            countMatches("symbol_count", list: "symbols")
        case "GitStatusResult":
            countMatches("file_count", list: "files")
            if let clean = bool("clean"), let files = int("file_count"), clean != (files == 0) {
                fail("clean", "clean is \(clean ? "True" : "False") but file_count is \(files)")
            }
        case "GitDiffResult":
            countMatches("file_count", list: "files")
            sumMatches("additions", over: "files")
            sumMatches("deletions", over: "files")
        case "GitLogResult":
            countMatches("commit_count", list: "commits")
        case "CstFindResult":
            countMatches("match_count", list: "matches")
        case "DirectoryListing":
            countMatches("entry_count", list: "entries")
        default:
            break
        }
        if let success = bool("success"), success, let parseError = object["parse_error"]?.stringValue {
            fail("success", "success is True but parse_error is set (\(Self.clip(parseError)))")
        }
        if model == "DomainValidationResult", bool("valid") == true, let parseError = object["parse_error"]?.stringValue
        {
            fail("valid", "valid is True but parse_error is set (\(Self.clip(parseError)))")
        }
    }

    // MARK: Helpers

    private func list(_ name: String) -> [JSONValue]? { object[name]?.arrayValue }
    private func count(_ name: String) -> Int? { list(name)?.count }

    private func int(_ name: String) -> Int? {
        if case .int(let value)? = object[name] { return value }
        return nil
    }

    private func bool(_ name: String) -> Bool? {
        if case .bool(let value)? = object[name] { return value }
        return nil
    }

    private func items(_ count: Int) -> String { count == 1 ? "1 item" : "\(count) items" }

    private mutating func fail(_ field: String, _ message: String) {
        violations.append(InvariantViolation(model: model, field: field, message: message))
    }

    private mutating func countMatches(_ field: String, list name: String) {
        guard let actual = count(name), let declared = int(field), actual != declared else { return }
        fail(field, "\(field) is \(declared) but \(name) has \(items(actual))")
    }

    private mutating func sumMatches(_ field: String, over name: String) {
        guard let entries = list(name), let declared = int(field) else { return }
        var total = 0
        for entry in entries {
            guard case .int(let value)? = entry.objectValue?[field] else { return }
            total += value
        }
        if total != declared { fail(field, "\(field) is \(declared) but the \(name) add up to \(total)") }
    }

    private mutating func successIsFalse(when problem: Bool, because reason: String) {
        if problem, bool("success") == true { fail("success", "success is True but \(reason)") }
    }

    /// The number of symbols in a SymbolInfo forest, children included.
    private static func symbolTreeSize(_ symbols: [JSONValue]) -> Int {
        var total = 0
        var pending = symbols
        while let symbol = pending.popLast() {
            total += 1
            pending.append(contentsOf: symbol.objectValue?["children"]?.arrayValue ?? [])
        }
        return total
    }

    private static func clip(_ text: String) -> String { text.count > 60 ? String(text.prefix(60)) + "…" : text }
}
