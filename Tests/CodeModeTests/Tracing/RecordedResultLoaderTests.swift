import CodeMode
import Foundation
import Testing

@Suite struct RecordedResultLoaderTests {
    let loader = RecordedResultLoader()

    // MARK: - Good reprs

    struct GoodCase: Sendable, CustomTestStringConvertible {
        var id: String
        var text: String
        var json: String
        var testDescription: String { id }
    }

    /// One repr of every top-level result model, with its expected JSON (all fields, defaults filled).
    static let goodCases: [GoodCase] = [
        GoodCase(
            id: "TypeCheckResult",
            text:
                "TypeCheckResult(success=False, error_count=1, warning_count=1, errors=[TypeCheckError(file='a.py', line=3, column=5, severity='error', code='invalid-assignment', message=\"can't assign\"), TypeCheckError(file='b.py', line=9, column=2, severity='warning', code='W1', message='meh')], parse_error=None)",
            json:
                #"{"success": false, "error_count": 1, "warning_count": 1, "errors": [{"file": "a.py", "line": 3, "column": 5, "severity": "error", "code": "invalid-assignment", "message": "can't assign"}, {"file": "b.py", "line": 9, "column": 2, "severity": "warning", "code": "W1", "message": "meh"}], "parse_error": null}"#
        ),
        GoodCase(
            id: "RuffResult",
            text:
                "RuffResult(success=False, violation_count=1, fixable_count=1, violations=[RuffViolation(file='src/utils.py', line=12, column=1, code='F401', message='`os` imported but unused', fixable=True)], parse_error=None)",
            json:
                #"{"success": false, "violation_count": 1, "fixable_count": 1, "violations": [{"file": "src/utils.py", "line": 12, "column": 1, "code": "F401", "message": "`os` imported but unused", "fixable": true}], "parse_error": null}"#
        ),
        GoodCase(
            id: "TestResult",
            text:
                "TestResult(success=False, passed=8, failed=1, errors=0, skipped=1, duration=2.1, tests=[TestCase(name='tests/test_a.py::test_x', outcome='failed', duration=0.05, message='KeyError: \\'k\\''), TestCase(name='t2', outcome='passed', duration=1e-07)], parse_error=None)",
            json:
                #"{"success": false, "passed": 8, "failed": 1, "errors": 0, "skipped": 1, "duration": 2.1, "tests": [{"name": "tests/test_a.py::test_x", "outcome": "failed", "duration": 0.05, "message": "KeyError: 'k'"}, {"name": "t2", "outcome": "passed", "duration": 1e-07, "message": null}], "parse_error": null}"#
        ),
        GoodCase(
            id: "GotoDefinitionResult",
            text:
                "GotoDefinitionResult(success=True, symbol='calculate_total', locations=[DefinitionLocation(file='src/app.py', line=15, column=8, end_line=15, end_column=23, preview=None)], parse_error=None)",
            json:
                #"{"success": true, "symbol": "calculate_total", "locations": [{"file": "src/app.py", "line": 15, "column": 8, "end_line": 15, "end_column": 23, "preview": null}], "parse_error": null}"#
        ),
        GoodCase(
            id: "FindReferencesResult",
            text:
                "FindReferencesResult(success=True, symbol=\"create_order\", reference_count=1, references=[ReferenceLocation(file=\"src/api/routes.py\", line=45, column=12, preview='order = create_order(cart)')], parse_error=None)",
            json:
                #"{"success": true, "symbol": "create_order", "reference_count": 1, "references": [{"file": "src/api/routes.py", "line": 45, "column": 12, "preview": "order = create_order(cart)"}], "parse_error": null}"#
        ),
        GoodCase(
            id: "HoverResult",
            text:
                #"HoverResult(success=True, symbol="config", content='config: Config\n    Global "configuration".', language="python", parse_error=None)"#,
            json:
                #"{"success": true, "symbol": "config", "content": "config: Config\n    Global \"configuration\".", "language": "python", "parse_error": null}"#
        ),
        GoodCase(
            id: "DocumentSymbolsResult",
            text:
                "DocumentSymbolsResult(success=True, file_path='m.py', symbols=[SymbolInfo(name='A', kind=5, line=1, end_line=9, children=[SymbolInfo(name='f', kind=6, line=2, end_line=3, children=[])]), SymbolInfo(name='g', kind=12, line=11, end_line=12)], symbol_count=3)",
            json:
                #"{"success": true, "file_path": "m.py", "symbols": [{"name": "A", "kind": 5, "line": 1, "end_line": 9, "children": [{"name": "f", "kind": 6, "line": 2, "end_line": 3, "children": []}]}, {"name": "g", "kind": 12, "line": 11, "end_line": 12, "children": []}], "symbol_count": 3, "parse_error": null}"#
        ),
        GoodCase(
            id: "WorkspaceSymbolsResult",
            text:
                "WorkspaceSymbolsResult(success=True, query='TokenManager', symbols=[WorkspaceSymbol(name='TokenManager', kind=5, file='src/auth/tokens.py', line=21, container_name='auth.tokens')], symbol_count=1, parse_error=None)",
            json:
                #"{"success": true, "query": "TokenManager", "symbols": [{"name": "TokenManager", "kind": 5, "file": "src/auth/tokens.py", "line": 21, "container_name": "auth.tokens"}], "symbol_count": 1, "parse_error": null}"#
        ),
        GoodCase(
            id: "GitStatusResult",
            text:
                "GitStatusResult(success=True, clean=False, file_count=1, files=[GitFileStatus(file='a.py', status='modified', staged=True)], parse_error=None)",
            json:
                #"{"success": true, "clean": false, "file_count": 1, "files": [{"file": "a.py", "status": "modified", "staged": true}], "parse_error": null}"#
        ),
        GoodCase(
            id: "GitDiffResult",
            text:
                "GitDiffResult(success=True, file_count=1, additions=15, deletions=3, files=[DiffFile(file='src/utils.py', additions=15, deletions=3, hunks=['@@ -1,3 +1,15 @@\\n-old\\n+new'])], parse_error=None)",
            json:
                #"{"success": true, "file_count": 1, "additions": 15, "deletions": 3, "files": [{"file": "src/utils.py", "additions": 15, "deletions": 3, "hunks": ["@@ -1,3 +1,15 @@\n-old\n+new"]}], "parse_error": null}"#
        ),
        GoodCase(
            id: "GitLogResult",
            text:
                "GitLogResult(success=True, commits=[GitCommit(hash='abc123', message='feat: quantization', author='Emma Davis <emma@example.com>', date='2026-02-07 11:15:00'), GitCommit(hash='def456', message='fix')], commit_count=2, parse_error=None)",
            json:
                #"{"success": true, "commits": [{"hash": "abc123", "message": "feat: quantization", "author": "Emma Davis <emma@example.com>", "date": "2026-02-07 11:15:00"}, {"hash": "def456", "message": "fix", "author": null, "date": null}], "commit_count": 2, "parse_error": null}"#
        ),
        GoodCase(
            id: "DirectoryListing",
            text:
                "DirectoryListing(success=True, path='src', entries=[DirectoryEntry(name='app.py', kind='file', size=1200), DirectoryEntry(name='pkg', kind='directory', size=0)], entry_count=2, parse_error=None)",
            json:
                #"{"success": true, "path": "src", "entries": [{"name": "app.py", "kind": "file", "size": 1200}, {"name": "pkg", "kind": "directory", "size": 0}], "entry_count": 2, "parse_error": null}"#
        ),
        GoodCase(
            id: "CstFindResult",
            text:
                "CstFindResult(success=True, match_count=1, matches=[CstMatch(line=3, column=0, code_snippet='def f():\\n    pass', node_type='FunctionDef')], parse_error=None)",
            json:
                #"{"success": true, "match_count": 1, "matches": [{"line": 3, "column": 0, "code_snippet": "def f():\n    pass", "node_type": "FunctionDef"}], "parse_error": null}"#
        ),
        GoodCase(
            id: "CstRenameResult",
            text:
                "CstRenameResult(success=True, rename_count=2, modified_source='x = new\\nprint(new)\\n', parse_error=None)",
            json:
                #"{"success": true, "rename_count": 2, "modified_source": "x = new\nprint(new)\n", "parse_error": null}"#
        ),
        GoodCase(
            id: "CstAddImportResult",
            text: "CstAddImportResult(success=True, import_added=False)",
            json: #"{"success": true, "import_added": false, "modified_source": null, "parse_error": null}"#),
        GoodCase(
            id: "DomainValidationResult",
            text:
                "DomainValidationResult(valid=False, domain='tdom', issues=[ValidationIssue(rule='component-dataclass', severity='error', message='Greeting is not a @dataclass', line=4, suggestion='add @dataclass'), ValidationIssue(rule='r2', severity='warning', message='m')], parse_error=None)",
            json:
                #"{"valid": false, "domain": "tdom", "issues": [{"rule": "component-dataclass", "severity": "error", "message": "Greeting is not a @dataclass", "line": 4, "suggestion": "add @dataclass"}, {"rule": "r2", "severity": "warning", "message": "m", "line": null, "suggestion": null}], "parse_error": null}"#
        ),
    ]

    @Test(arguments: goodCases)
    func loadsTheReprOfEveryResultModel(_ testCase: GoodCase) throws {
        let result = try loader.load(testCase.text)
        #expect(result.model == testCase.id)
        #expect(result.form == .repr)
        #expect(TracingTestSupport.sameIgnoringOrder(result.value, try TracingTestSupport.json(testCase.json)))
        let schema = try #require(StubCatalog.standard.model(named: testCase.id))
        #expect(result.value.objectValue?.keys == schema.fields.map(\.name), "fields in declaration order")
        #expect(try loader.validate(result.value, as: testCase.id) == result.value)
    }

    @Test(arguments: goodCases)
    func loadsTheSameResultFromJSON(_ testCase: GoodCase) throws {
        let fromJSON = try loader.load(testCase.json, expecting: testCase.id)
        #expect(fromJSON.form == .json)
        #expect(fromJSON.value == (try loader.load(testCase.text)).value)
    }

    @Test func nestedModelsKeepDeclarationOrderAndDefaults() throws {
        let result = try loader.load(
            "DocumentSymbolsResult(file_path='m.py', success=True, symbols=[SymbolInfo(end_line=2, name='A', line=1, kind=5)])"
        )
        let json = try TracingTestSupport.json(
            #"{"success": true, "file_path": "m.py", "symbol_count": 0, "parse_error": null, "symbols": [{"name": "A", "kind": 5, "line": 1, "end_line": 2, "children": []}]}"#
        )
        #expect(TracingTestSupport.sameIgnoringOrder(result.value, json))
        #expect(result.value.objectValue?.keys == ["success", "file_path", "symbols", "symbol_count", "parse_error"])
        let symbol = try #require(result.value.objectValue?["symbols"]?.arrayValue?.first?.objectValue)
        #expect(symbol.keys == ["name", "kind", "line", "end_line", "children"])
    }

    // MARK: - Strings and numbers

    struct StringCase: Sendable, CustomTestStringConvertible {
        var id: String
        var literal: String
        var expected: String
        var testDescription: String { id }
    }

    static let stringCases: [StringCase] = [
        StringCase(id: "single quotes", literal: "'plain'", expected: "plain"),
        StringCase(id: "double quotes holding a single quote", literal: #""it's""#, expected: "it's"),
        StringCase(id: "escaped single quote", literal: #"'it\'s \"x\"'"#, expected: #"it's "x""#),
        StringCase(id: "backslashes", literal: #"'C:\\dir\\file'"#, expected: #"C:\dir\file"#),
        StringCase(
            id: "control escapes", literal: #"'a\tb\nc\rd\x00e\x7f\a\b\f\v'"#,
            expected: "a\tb\nc\rd\u{0}e\u{7f}\u{7}\u{8}\u{c}\u{b}"),
        StringCase(id: "octal", literal: #"'\0\12\101'"#, expected: "\u{0}\nA"),
        StringCase(id: "unicode escapes", literal: #"'\u2028 \xe9 \U0001f600'"#, expected: "\u{2028} é 😀"),
        StringCase(id: "raw unicode characters", literal: "'café ☕ 😀 日本'", expected: "café ☕ 😀 日本"),
        StringCase(id: "unknown escape kept", literal: #"'\d+\.py'"#, expected: #"\d+\.py"#),
        StringCase(id: "raw string", literal: #"r'\d+\'x'"#, expected: #"\d+\'x"#),
        StringCase(id: "triple quoted", literal: "'''line 1\nline 'two'\n'''", expected: "line 1\nline 'two'\n"),
        StringCase(id: "triple double quoted", literal: "\"\"\"a \"quoted\" b\"\"\"", expected: "a \"quoted\" b"),
        StringCase(id: "adjacent literals", literal: #"'a' "b"  r'\c'"#, expected: #"ab\c"#),
        StringCase(id: "line continuation", literal: "'a\\\nb'", expected: "ab"),
        StringCase(id: "empty", literal: "''", expected: ""),
    ]

    @Test(arguments: stringCases)
    func decodesPythonStringLiterals(_ testCase: StringCase) throws {
        let result = try loader.load("HoverResult(success=True, symbol=\(testCase.literal))")
        #expect(result.value.objectValue?["symbol"] == .string(testCase.expected))
    }

    @Test func decodesNumbersAsPydanticPrintsThem() throws {
        func duration(_ literal: String) throws -> JSONValue? {
            try loader.load("TestCase(name='t', outcome='passed', duration=\(literal))").value.objectValue?["duration"]
        }
        #expect(try duration("1.5") == .double(1.5))
        #expect(try duration("1e-07") == .double(1e-7))
        #expect(try duration("1e+20") == .double(1e20))
        #expect(try duration("-0.0") == .double(-0.0))
        #expect(try duration("inf") == .double(.infinity))
        #expect(try duration("-inf") == .double(-.infinity))
        #expect(try duration("2") == .double(2), "an int is accepted for a float field")
        #expect(try duration("1_000.5") == .double(1000.5))
        let nan = try duration("nan")
        guard case .double(let value)? = nan else {
            Issue.record("nan did not load as a float")
            return
        }
        #expect(value.isNaN)
        let ints = try loader.load(
            "GitDiffResult(success=True, file_count=0, additions=0x10, deletions=9223372036854775807, files=[])")
        #expect(ints.value.objectValue?["additions"] == .int(16))
        #expect(ints.value.objectValue?["deletions"] == .int(Int.max))
        let integral = try loader.load(
            "GitDiffResult(success=True, file_count=2.0, additions=0, deletions=-1, files=())")
        #expect(integral.value.objectValue?["file_count"] == .int(2), "an integral float is accepted for an int field")
        #expect(integral.value.objectValue?["deletions"] == .int(-1))
        #expect(integral.value.objectValue?["files"] == .array([]), "a tuple is accepted for a list")
    }

    @Test func acceptsTheStrFormWhenTheModelIsKnown() throws {
        let text =
            "success=True symbol='X' locations=[DefinitionLocation(file='a.py', line=1, column=2, end_line=1, end_column=3, preview=None)] parse_error=None"
        let result = try loader.load(text, expecting: "GotoDefinitionResult")
        #expect(result.form == .str)
        let repr = try loader.load(
            "GotoDefinitionResult(success=True, symbol='X', locations=[DefinitionLocation(file='a.py', line=1, column=2, end_line=1, end_column=3, preview=None)], parse_error=None)"
        )
        #expect(result.value == repr.value)
        let error = try #require(throws: RecordedResultError.self) { try loader.load(text) }
        #expect(error.code == .notFound)
        #expect(error.message.contains("pass the expected model"))
    }

    @Test func acceptsDictsAsModelsAndPythonJSONSpecials() throws {
        let result = try loader.load(
            "GitStatusResult(success=True, clean=False, file_count=1, files=[{'file': 'a.py', 'status': 'M', 'staged': False}])"
        )
        #expect(
            result.value.objectValue?["files"]?.arrayValue?.first?.objectValue?.keys == ["file", "status", "staged"])
        let json = try loader.load(
            #"{"name": "t", "outcome": "passed", "duration": -Infinity, "message": "\ud83d\ude00 \u00e9 \/"}"#,
            expecting: "TestCase")
        #expect(json.value.objectValue?["duration"] == .double(-.infinity))
        #expect(json.value.objectValue?["message"] == .string("😀 é /"))
    }

    @Test func rejectsAReprOfAnotherModelThanExpected() throws {
        let error = try #require(throws: RecordedResultError.self) {
            try loader.load(
                "GitDiffResult(success=True, file_count=0, additions=0, deletions=0, files=[])",
                expecting: "GitStatusResult")
        }
        #expect(error.code == .wrongType)
        #expect(error.message == "GitStatusResult: expected GitStatusResult, got GitDiffResult at line 1, column 1")
    }

    // MARK: - Bad input

    struct BadCase: Sendable, CustomTestStringConvertible {
        var id: String
        var text: String
        var code: RecordedResultError.Code
        var line: Int
        var column: Int
        var message: String
        var testDescription: String { id }
    }

    static let badCases: [BadCase] = [
        BadCase(
            id: "unknown model", text: "GitStatusReport(success=True)", code: .unknownModel, line: 1, column: 1,
            message: "'GitStatusReport' is not a known result model at line 1, column 1"),
        BadCase(
            id: "unknown nested model",
            text: "GitStatusResult(success=True, clean=True, file_count=0, files=[FileStatus(file='a')])",
            code: .unknownModel, line: 1, column: 64,
            message: "'FileStatus' is not a known result model at line 1, column 64"),
        BadCase(
            id: "unknown field", text: "GitStatusResult(success=True, clean=True, file_count=0, files=[], status='ok')",
            code: .unknownField, line: 1, column: 67,
            message: "GitStatusResult.status: unknown field 'status' at line 1, column 67"),
        BadCase(
            id: "unknown nested field with suggestion",
            text:
                "GitStatusResult(success=True, clean=False, file_count=1,\n  files=[GitFileStatus(file='a.py', stauts='M', staged=True)])",
            code: .unknownField, line: 2, column: 37,
            message:
                "GitStatusResult.files[0].stauts: unknown field 'stauts' on GitFileStatus (did you mean 'status'?) at line 2, column 37"
        ),
        BadCase(
            id: "missing field", text: "GitStatusResult(success=True, file_count=0, files=[])", code: .missingField,
            line: 1,
            column: 1, message: "GitStatusResult.clean: missing required field 'clean' at line 1, column 1"),
        BadCase(
            id: "missing nested field",
            text:
                "GitStatusResult(success=True, clean=False, file_count=1, files=[GitFileStatus(file='a.py', status='M')])",
            code: .missingField, line: 1, column: 65,
            message:
                "GitStatusResult.files[0].staged: missing required field 'staged' of GitFileStatus at line 1, column 65"
        ),
        BadCase(
            id: "wrong type",
            text:
                "WorkspaceSymbolsResult(success=True, query='E', symbols=[WorkspaceSymbol(name='E', kind=\"class\", file='e.py', line=15)])",
            code: .wrongType, line: 1, column: 89,
            message: "WorkspaceSymbolsResult.symbols[0].kind: expected int, got str 'class' at line 1, column 89"),
        BadCase(
            id: "bool is not an int", text: "GitStatusResult(success=True, clean=True, file_count=False, files=[])",
            code: .wrongType, line: 1, column: 54,
            message: "GitStatusResult.file_count: expected int, got bool at line 1, column 54"),
        BadCase(
            id: "None for a required str", text: "HoverResult(success=True, symbol=None)", code: .wrongType, line: 1,
            column: 34,
            message: "HoverResult.symbol: expected str, got None at line 1, column 34"),
        BadCase(
            id: "duplicate field", text: "HoverResult(success=True, symbol='a', symbol='b')", code: .duplicateField,
            line: 1,
            column: 39, message: "HoverResult.symbol: field 'symbol' is given twice at line 1, column 39"),
        BadCase(
            id: "unterminated string", text: "HoverResult(success=True, symbol='abc)", code: .syntax, line: 1,
            column: 34,
            message: "unterminated string literal at line 1, column 34"),
        BadCase(
            id: "unterminated string at a line end", text: "HoverResult(success=True, symbol='abc\n')", code: .syntax,
            line: 1, column: 34, message: "unterminated string literal (a line ends inside it) at line 1, column 34"),
        BadCase(
            id: "call that is not a model", text: "os.system('x')", code: .disallowedExpression, line: 1, column: 1,
            message: "the call 'os.system(...)' is not a result-model constructor at line 1, column 1"),
        BadCase(
            id: "call nested in a field", text: "HoverResult(success=True, symbol=__import__('os').getcwd())",
            code: .disallowedExpression, line: 1, column: 34,
            message: "the call '__import__(...)' is not a result-model constructor at line 1, column 34"),
        BadCase(
            id: "attribute access", text: "HoverResult(success=True, symbol=os.environ)", code: .disallowedExpression,
            line: 1,
            column: 34, message: "attribute access 'os.environ' is not allowed at line 1, column 34"),
        BadCase(
            id: "attribute on a literal", text: "HoverResult(success=True, symbol='a'.upper())",
            code: .disallowedExpression,
            line: 1, column: 37, message: "attribute access is not allowed at line 1, column 37"),
        BadCase(
            id: "arithmetic", text: "GitStatusResult(success=True, clean=True, file_count=1 + 1, files=[])",
            code: .disallowedExpression, line: 1, column: 56,
            message: "arithmetic is not allowed ('+') at line 1, column 56"),
        BadCase(
            id: "string repetition", text: "HoverResult(success=True, symbol='a' * 10**9)", code: .disallowedExpression,
            line: 1,
            column: 38, message: "arithmetic is not allowed ('*') at line 1, column 38"),
        BadCase(
            id: "bare name", text: "HoverResult(success=True, symbol=secret)", code: .disallowedExpression, line: 1,
            column: 34, message: "the name 'secret' is not a literal (names are not evaluated) at line 1, column 34"),
        BadCase(
            id: "subscript", text: "HoverResult(success=True, symbol=['a'][0])", code: .disallowedExpression, line: 1,
            column: 39, message: "subscripts are not allowed at line 1, column 39"),
        BadCase(
            id: "comprehension", text: "GitLogResult(success=True, commits=[c for c in x], commit_count=0)",
            code: .disallowedExpression, line: 1, column: 39,
            message: "comprehensions are not allowed at line 1, column 39"),
        BadCase(
            id: "f-string", text: "HoverResult(success=True, symbol=f'{x}')", code: .disallowedExpression, line: 1,
            column: 34, message: "f-strings are not allowed: they evaluate code at line 1, column 34"),
        BadCase(
            id: "positional argument", text: "HoverResult(True, 'x')", code: .syntax, line: 1, column: 13,
            message: "HoverResult(...) takes keyword arguments only: expected 'field=value' at line 1, column 13"),
        BadCase(
            id: "missing comma", text: "HoverResult(success=True symbol='x')", code: .syntax, line: 1, column: 26,
            message: "unexpected 's' after the argument 'success': expected ',' or ')' at line 1, column 26"),
        BadCase(
            id: "truncated", text: "GitLogResult(success=True, commits=[GitCommit(hash='a', message='m')",
            code: .syntax,
            line: 1, column: 69,
            message: "unexpected end of input after a list item: expected ',' or ']' at line 1, column 69"),
        BadCase(
            id: "trailing garbage", text: "HoverResult(success=True, symbol='x') extra", code: .syntax, line: 1,
            column: 39,
            message: "unexpected 'e' after the value: expected the end of the value at line 1, column 39"),
        BadCase(
            id: "lone surrogate", text: #"HoverResult(success=True, symbol='\ud800')"#, code: .syntax, line: 1,
            column: 35,
            message: "the escape \\u{d800} is a lone surrogate, which a Swift string cannot hold at line 1, column 35"),
        BadCase(
            id: "named unicode escape", text: #"HoverResult(success=True, symbol='\N{BULLET}')"#, code: .syntax,
            line: 1,
            column: 35, message: "\\N{...} escapes are not supported (repr() never writes them) at line 1, column 35"),
        BadCase(
            id: "truncated hex escape", text: #"HoverResult(success=True, symbol='\x4')"#, code: .syntax, line: 1,
            column: 35,
            message: "truncated escape: expected 2 hexadecimal digits at line 1, column 35"),
        BadCase(
            id: "integer too large", text: "GitLogResult(success=True, commits=[], commit_count=99999999999999999999)",
            code: .syntax, line: 1, column: 53, message: "integer literal out of the 64-bit range at line 1, column 53"),
        BadCase(
            id: "column counts characters, not bytes", text: "HoverResult(success=True, symbol='é', content=1)",
            code: .wrongType, line: 1, column: 47,
            message: "HoverResult.content: expected str | None, got int 1 at line 1, column 47"),
        BadCase(
            id: "not a repr", text: "All checks passed!", code: .disallowedExpression, line: 1, column: 1,
            message: "the name 'All' is not a literal (names are not evaluated) at line 1, column 1"),
        BadCase(
            id: "JSON with single quotes", text: "{'name': 't'}", code: .syntax, line: 1, column: 2,
            message: "JSON strings use double quotes at line 1, column 2"),
    ]

    @Test(arguments: badCases)
    func rejectsBadInputNamingThePosition(_ testCase: BadCase) throws {
        let expected: String? = testCase.text.hasPrefix("{") ? "TestCase" : nil
        let error = try #require(throws: RecordedResultError.self) {
            try loader.load(testCase.text, expecting: expected)
        }
        #expect(error.code == testCase.code)
        #expect(error.position?.line == testCase.line)
        #expect(error.position?.column == testCase.column)
        #expect(error.message == testCase.message)
    }

    @Test func deepNestingIsAnErrorNotACrash() throws {
        let text = "HoverResult(success=True, symbol=" + String(repeating: "[", count: 10_000) + ")"
        let error = try #require(throws: RecordedResultError.self) { try loader.load(text) }
        #expect(error.code == .syntax)
        #expect(error.message.contains("nesting deeper than"))
    }

    @Test func validatesDecodedJSONWithoutPositions() throws {
        let value = try TracingTestSupport.json(#"{"success": true, "clean": "yes", "file_count": 0, "files": []}"#)
        let error = try #require(throws: RecordedResultError.self) { try loader.validate(value, as: "GitStatusResult") }
        #expect(error.code == .wrongType)
        #expect(error.position == nil)
        #expect(error.message == "GitStatusResult.clean: expected bool, got str 'yes'")
    }

    // MARK: - Tool responses

    @Test func findsReprsInsideToolResponses() throws {
        let text = """
            <tool_response>
            RuffResult(success=True, violation_count=0, fixable_count=0, violations=[], parse_error=None)
            TypeCheckResult(success=True, error_count=0, warning_count=0, errors=[], parse_error=None)
            </tool_response>
            Here is the result: GitStatusResult(success=True, clean=True, file_count=0, files=[]) - done.
            """
        let found = loader.results(inToolResponse: text)
        #expect(found.map(\.model) == ["RuffResult", "TypeCheckResult"], "only inside the tool_response block")
        #expect(found.allSatisfy { (try? $0.result.get()) != nil })
        let prose = loader.results(
            inToolResponse: "Result: GitStatusResult(success=True, clean=True, file_count=0, files=[]) - done.")
        #expect(prose.count == 1)
        #expect((try? prose.first?.result.get())?.model == "GitStatusResult")
        let bytes = Array("Result: GitStatusResult(success=True, clean=True, file_count=0, files=[]) - done.".utf8)
        let range = try #require(prose.first?.range)
        #expect(String(decoding: bytes[range], as: UTF8.self).hasSuffix("files=[])"))
    }

    @Test func reportsUnknownClassesAndSkipsProse() throws {
        let text = """
            <tool_response>HoverInfo(symbol='x', loc=DefinitionLocation(file='a', line=1, column=1, end_line=1, end_column=2))
            The Python (programming language) call print(x) and Foo(bar) are prose.
            HoverResult(success=True, symbol="a", type_info="class A")</tool_response>
            """
        let found = loader.results(inToolResponse: text)
        #expect(found.map(\.model) == ["HoverInfo", "HoverResult"])
        let errors = found.compactMap { entry -> RecordedResultError? in
            if case .failure(let error) = entry.result { return error }
            return nil
        }
        #expect(errors.map(\.code) == [.unknownModel, .unknownField])
        #expect(errors.last?.message == "HoverResult.type_info: unknown field 'type_info' at line 3, column 39")
    }
}

/// Hostile input never traps: mutated reprs either load or throw.
@Suite struct RecordedResultLoaderFuzzTests {
    @Test func mutatedReprsLoadOrThrow() {
        let loader = RecordedResultLoader()
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(max(bound, 1)))
        }
        let alphabet = Array("()[]{},:='\"\\xuUN0123456789.-+eE_ abcTrueFalseNoneinfnan\n\t<>".utf8)
        var outcomes = (loaded: 0, failed: 0)
        for testCase in RecordedResultLoaderTests.goodCases {
            for _ in 0..<300 {
                var bytes = Array(testCase.text.utf8)
                for _ in 0..<(1 + next(4)) {
                    let position = next(bytes.count + 1)
                    switch next(3) {
                    case 0 where position < bytes.count: bytes.remove(at: position)
                    case 1: bytes.insert(alphabet[next(alphabet.count)], at: position)
                    default: bytes = Array(bytes[..<min(position, bytes.count)])
                    }
                }
                let text = String(decoding: bytes, as: UTF8.self)
                do {
                    _ = try loader.load(text)
                    outcomes.loaded += 1
                } catch {
                    outcomes.failed += 1
                    #expect(error.position != nil || error.code == .notFound, "\(error)")
                }
                _ = loader.results(inToolResponse: "<tool_response>" + text + "</tool_response>")
            }
        }
        #expect(outcomes.failed > 0)
    }
}
