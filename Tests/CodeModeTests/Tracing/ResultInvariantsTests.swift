import CodeMode
import Testing

@Suite struct ResultInvariantsTests {
    let loader = RecordedResultLoader()

    struct Case: Sendable, CustomTestStringConvertible {
        var id: String
        var repr: String
        /// The fields named by the expected violations, in order; empty when the result is consistent.
        var fields: [String]
        var testDescription: String { id }
    }

    static let cases: [Case] = [
        Case(
            id: "consistent references",
            repr:
                "FindReferencesResult(success=True, symbol='f', reference_count=1, references=[ReferenceLocation(file='a.py', line=1, column=1)])",
            fields: []),
        Case(
            id: "reference_count disagrees",
            repr:
                "FindReferencesResult(success=True, symbol='f', reference_count=7, references=[ReferenceLocation(file='a.py', line=1, column=1)])",
            fields: ["reference_count"]),
        Case(
            id: "typecheck counts and success",
            repr:
                "TypeCheckResult(success=True, error_count=1, warning_count=1, errors=[TypeCheckError(file='a', line=1, column=1, severity='error', code='c', message='m')])",
            fields: ["error_count", "success"]),
        Case(
            id: "warnings alone keep success",
            repr:
                "TypeCheckResult(success=True, error_count=0, warning_count=1, errors=[TypeCheckError(file='a', line=1, column=1, severity='warning', code='c', message='m')])",
            fields: []),
        Case(
            id: "ruff counts, fixable and success",
            repr:
                "RuffResult(success=True, violation_count=2, fixable_count=1, violations=[RuffViolation(file='a', line=1, column=1, code='F401', message='m', fixable=False)])",
            fields: ["violation_count", "fixable_count", "success"]),
        Case(
            id: "failed tests with success",
            repr: "TestResult(success=True, passed=1, failed=1, errors=0, skipped=0, duration=0.1, tests=[])",
            fields: ["success"]),
        Case(
            id: "document symbols count nested children",
            repr:
                "DocumentSymbolsResult(success=True, file_path='m.py', symbols=[SymbolInfo(name='A', kind=5, line=1, end_line=9, children=[SymbolInfo(name='f', kind=6, line=2, end_line=3)])], symbol_count=2)",
            fields: []),
        Case(
            id: "document symbols counting only the top level",
            repr:
                "DocumentSymbolsResult(success=True, file_path='m.py', symbols=[SymbolInfo(name='A', kind=5, line=1, end_line=9, children=[SymbolInfo(name='f', kind=6, line=2, end_line=3)])], symbol_count=1)",
            fields: ["symbol_count"]),
        Case(
            id: "workspace symbols count the list",
            repr:
                "WorkspaceSymbolsResult(success=True, query='A', symbols=[WorkspaceSymbol(name='A', kind=5, file='a.py', line=1)], symbol_count=0)",
            fields: ["symbol_count"]),
        Case(
            id: "git status clean with files",
            repr:
                "GitStatusResult(success=True, clean=True, file_count=1, files=[GitFileStatus(file='a', status='M', staged=False)])",
            fields: ["clean"]),
        Case(
            id: "git status file_count",
            repr:
                "GitStatusResult(success=True, clean=False, file_count=2, files=[GitFileStatus(file='a', status='M', staged=False)])",
            fields: ["file_count"]),
        Case(
            id: "git status failure is clean and not successful",
            repr:
                "GitStatusResult(success=False, clean=True, file_count=0, files=[], parse_error='not a git repository')",
            fields: []),
        Case(
            id: "git diff totals",
            repr:
                "GitDiffResult(success=True, file_count=1, additions=5, deletions=3, files=[DiffFile(file='a', additions=4, deletions=3)])",
            fields: ["additions"]),
        Case(
            id: "git log commit_count",
            repr: "GitLogResult(success=True, commits=[GitCommit(hash='a', message='m')], commit_count=10)",
            fields: ["commit_count"]),
        Case(
            id: "cst match_count",
            repr: "CstFindResult(success=True, match_count=1, matches=[])",
            fields: ["match_count"]),
        Case(
            id: "directory entry_count",
            repr: "DirectoryListing(success=True, path='.', entries=[], entry_count=3)",
            fields: ["entry_count"]),
        Case(
            id: "success with a parse_error",
            repr: "HoverResult(success=True, symbol='x', parse_error='LSP timed out')",
            fields: ["success"]),
        Case(
            id: "valid with a parse_error",
            repr: "DomainValidationResult(valid=True, domain='tdom', issues=[], parse_error='syntax error')",
            fields: ["valid"]),
    ]

    @Test(arguments: cases)
    func checksTheDocumentedInvariants(_ testCase: Case) throws {
        let result = try loader.load(testCase.repr)
        let violations = ResultInvariants.check(result.value, model: result.model)
        #expect(violations.map(\.field) == testCase.fields, "\(violations)")
        #expect(violations.allSatisfy { $0.model == result.model && !$0.message.isEmpty })
    }

    @Test func messagesSayWhatDisagrees() throws {
        let result = try loader.load(
            "FindReferencesResult(success=True, symbol='f', reference_count=7, references=[ReferenceLocation(file='a.py', line=1, column=1)])"
        )
        let violations = ResultInvariants.check(result.value, model: result.model)
        #expect(
            violations.map(\.description) == [
                "FindReferencesResult.reference_count: reference_count is 7 but references has 1 item"
            ])
    }

    @Test func skipsWhatValidationReports() {
        let value = JSONValue.object(JSONObject([("reference_count", .string("7")), ("references", .array([]))]))
        #expect(ResultInvariants.check(value, model: "FindReferencesResult").isEmpty)
        #expect(ResultInvariants.check(.null, model: "FindReferencesResult").isEmpty)
    }
}
