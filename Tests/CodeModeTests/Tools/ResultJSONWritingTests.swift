import Testing

@testable import CodeMode

/// Each result model's hand-written JSON writer gives, byte for byte, what its `Codable` encoding
/// gives through `JSONValueEncoder`.
@Suite struct ResultJSONWritingTests {
    private static let text = ResultCodingTests.awkwardText

    private func written(_ value: some JSONWritable) throws -> String {
        var output: [UInt8] = []
        try value.writeJSON(to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    private func expectWrittenAsEncoded<T: Codable & JSONWritable>(
        _ value: T, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let encoded = try JSONValueEncoder().encode(value).jsonBytes
        #expect(
            try written(value) == String(decoding: encoded, as: UTF8.self), "\(T.self)", sourceLocation: sourceLocation)
    }

    private func sample<T: Decodable>(_ type: T.Type, tool: String) throws -> T {
        let signature = try #require(StubCatalog.standard.tool(named: tool))
        return try JSONValueDecoder().decode(type, from: StubSamples.result(for: signature, catalog: .standard))
    }

    /// A tool's sample result, and each model in its list `nested`, written as encoded.
    private func expectSampleWrittenAsEncoded<T: Codable & JSONWritable, Nested: Codable & JSONWritable>(
        _ type: T.Type, tool: String, nested: KeyPath<T, [Nested]>, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let result = try sample(type, tool: tool)
        try expectWrittenAsEncoded(result, sourceLocation: sourceLocation)
        for element in result[keyPath: nested] { try expectWrittenAsEncoded(element, sourceLocation: sourceLocation) }
    }

    /// The result of every tool from its stub sample (every field set, lists three long), and the
    /// models nested in it one by one.
    @Test func everyToolsSampleResultIsWrittenAsEncoded() throws {
        try expectSampleWrittenAsEncoded(CstFindResult.self, tool: "cst_find_pattern", nested: \.matches)
        try expectWrittenAsEncoded(try sample(CstRenameResult.self, tool: "cst_rename"))
        try expectWrittenAsEncoded(try sample(CstAddImportResult.self, tool: "cst_add_import"))
        for tool in ["validate_component", "check_render_tree", "validate_escape_context"] {
            try expectSampleWrittenAsEncoded(DomainValidationResult.self, tool: tool, nested: \.issues)
        }
        try expectSampleWrittenAsEncoded(DirectoryListing.self, tool: "list_directory", nested: \.entries)
        try expectSampleWrittenAsEncoded(GitStatusResult.self, tool: "git_status", nested: \.files)
        try expectSampleWrittenAsEncoded(GitDiffResult.self, tool: "git_diff", nested: \.files)
        try expectSampleWrittenAsEncoded(GitLogResult.self, tool: "git_log", nested: \.commits)
        try expectSampleWrittenAsEncoded(GotoDefinitionResult.self, tool: "goto_definition", nested: \.locations)
        try expectSampleWrittenAsEncoded(FindReferencesResult.self, tool: "find_references", nested: \.references)
        try expectWrittenAsEncoded(try sample(HoverResult.self, tool: "hover"))
        try expectSampleWrittenAsEncoded(DocumentSymbolsResult.self, tool: "document_symbols", nested: \.symbols)
        try expectSampleWrittenAsEncoded(WorkspaceSymbolsResult.self, tool: "workspace_symbols", nested: \.symbols)
        try expectSampleWrittenAsEncoded(TypeCheckResult.self, tool: "typecheck", nested: \.errors)
        try expectSampleWrittenAsEncoded(RuffResult.self, tool: "ruff_check", nested: \.violations)
        try expectSampleWrittenAsEncoded(TestResult.self, tool: "pytest_run", nested: \.tests)
    }

    /// Every result model (all 29), built by hand with every optional set and awkward text.
    @Test func everyModelWithEveryFieldSetIsWrittenAsEncoded() throws {
        let text = Self.text
        let match = CstMatch(line: 1, column: 12, codeSnippet: text, nodeType: "Call")
        try expectWrittenAsEncoded(match)
        try expectWrittenAsEncoded(CstFindResult(success: true, matchCount: 2, matches: [match, match], parseError: text))
        try expectWrittenAsEncoded(CstRenameResult(success: true, renameCount: -4, modifiedSource: text, parseError: "e"))
        try expectWrittenAsEncoded(CstAddImportResult(success: false, importAdded: true, modifiedSource: text, parseError: "e"))
        let issue = ValidationIssue(rule: "r", severity: "error", message: text, line: 7, suggestion: text)
        try expectWrittenAsEncoded(issue)
        try expectWrittenAsEncoded(DomainValidationResult(valid: false, domain: "tdom", issues: [issue], parseError: text))

        let entry = DirectoryEntry(name: text, kind: "file", size: Int.max)
        try expectWrittenAsEncoded(entry)
        try expectWrittenAsEncoded(DirectoryListing(success: true, path: text, entries: [entry, entry], entryCount: 2, parseError: "e"))

        let fileStatus = GitFileStatus(file: text, status: "modified", staged: true)
        try expectWrittenAsEncoded(fileStatus)
        try expectWrittenAsEncoded(GitStatusResult(success: true, clean: false, fileCount: 1, files: [fileStatus], parseError: text))
        let diffFile = DiffFile(file: "a.py", additions: 10, deletions: Int.min, hunks: [text, "", "@@ -1 +1 @@\n-a\n+b"])
        try expectWrittenAsEncoded(diffFile)
        try expectWrittenAsEncoded(GitDiffResult(success: true, fileCount: 1, additions: 10, deletions: 0, files: [diffFile], parseError: text))
        let commit = GitCommit(hash: "abc123", message: text, author: text, date: "2026-01-01")
        try expectWrittenAsEncoded(commit)
        try expectWrittenAsEncoded(GitLogResult(success: true, commits: [commit, commit], commitCount: 2, parseError: text))

        let definition = DefinitionLocation(file: text, line: 1, column: 2, endLine: 3, endColumn: 40, preview: text)
        try expectWrittenAsEncoded(definition)
        try expectWrittenAsEncoded(GotoDefinitionResult(success: true, symbol: text, locations: [definition], parseError: "e"))
        let reference = ReferenceLocation(file: "a.py", line: 9, column: 0, preview: text)
        try expectWrittenAsEncoded(reference)
        try expectWrittenAsEncoded(
            FindReferencesResult(success: true, symbol: "f", referenceCount: 1, references: [reference], parseError: text))
        try expectWrittenAsEncoded(HoverResult(success: true, symbol: "f", content: text, language: "python", parseError: "e"))
        let leaf = SymbolInfo(name: text, kind: 12, line: 3, endLine: 4)
        let symbol = SymbolInfo(name: "C", kind: 5, line: 1, endLine: 9, children: [leaf, SymbolInfo(name: "D", kind: 5, line: 5, endLine: 8, children: [leaf])])
        try expectWrittenAsEncoded(symbol)
        try expectWrittenAsEncoded(
            DocumentSymbolsResult(success: true, filePath: text, symbols: [symbol, leaf], symbolCount: 5, parseError: "e"))
        let workspaceSymbol = WorkspaceSymbol(name: "f", kind: 12, file: text, line: 2, containerName: text)
        try expectWrittenAsEncoded(workspaceSymbol)
        try expectWrittenAsEncoded(
            WorkspaceSymbolsResult(success: true, query: text, symbols: [workspaceSymbol], symbolCount: 1, parseError: "e"))

        let typeError = TypeCheckError(file: text, line: 1, column: 2, severity: "error", code: "x", message: text)
        try expectWrittenAsEncoded(typeError)
        try expectWrittenAsEncoded(
            TypeCheckResult(success: false, errorCount: 1, warningCount: 0, errors: [typeError], parseError: text))
        let violation = RuffViolation(file: "a.py", line: 1, column: 8, code: "F401", message: text, fixable: false)
        try expectWrittenAsEncoded(violation)
        try expectWrittenAsEncoded(
            RuffResult(success: false, violationCount: 1, fixableCount: 0, violations: [violation], parseError: text))
        let testCase = TestCase(name: text, outcome: "failed", duration: 0.25, message: text)
        try expectWrittenAsEncoded(testCase)
        try expectWrittenAsEncoded(
            TestResult(success: false, passed: 1, failed: 1, errors: 0, skipped: 2, duration: 1.5, tests: [testCase, testCase], parseError: text))
    }

    /// Every result model (all 29) with every optional nil, every list empty and empty text.
    @Test func everyModelWithOptionalsNilAndListsEmptyIsWrittenAsEncoded() throws {
        try expectWrittenAsEncoded(CstMatch(line: 0, column: 0, codeSnippet: "", nodeType: ""))
        try expectWrittenAsEncoded(CstFindResult(success: false, matchCount: 0, matches: []))
        try expectWrittenAsEncoded(CstRenameResult(success: false, renameCount: 0))
        try expectWrittenAsEncoded(CstAddImportResult(success: false, importAdded: false))
        try expectWrittenAsEncoded(ValidationIssue(rule: "", severity: "", message: ""))
        try expectWrittenAsEncoded(DomainValidationResult(valid: true, domain: "", issues: []))
        try expectWrittenAsEncoded(DirectoryEntry(name: "", kind: "", size: 0))
        try expectWrittenAsEncoded(DirectoryListing(success: false, path: "", entries: [], entryCount: 0))
        try expectWrittenAsEncoded(GitFileStatus(file: "", status: "", staged: false))
        try expectWrittenAsEncoded(GitStatusResult(success: true, clean: true, fileCount: 0, files: []))
        try expectWrittenAsEncoded(DiffFile(file: "", additions: 0, deletions: 0))
        try expectWrittenAsEncoded(GitDiffResult(success: true, fileCount: 0, additions: 0, deletions: 0, files: []))
        try expectWrittenAsEncoded(GitCommit(hash: "", message: ""))
        try expectWrittenAsEncoded(GitLogResult(success: true, commits: [], commitCount: 0))
        try expectWrittenAsEncoded(DefinitionLocation(file: "", line: 0, column: 0, endLine: 0, endColumn: 0))
        try expectWrittenAsEncoded(GotoDefinitionResult(success: false, symbol: "", locations: []))
        try expectWrittenAsEncoded(ReferenceLocation(file: "", line: 0, column: 0))
        try expectWrittenAsEncoded(FindReferencesResult(success: false, symbol: "", referenceCount: 0, references: []))
        try expectWrittenAsEncoded(HoverResult(success: false, symbol: ""))
        try expectWrittenAsEncoded(SymbolInfo(name: "", kind: 0, line: 0, endLine: 0))
        try expectWrittenAsEncoded(DocumentSymbolsResult(success: false, filePath: "", symbols: []))
        try expectWrittenAsEncoded(WorkspaceSymbol(name: "", kind: 0, file: "", line: 0))
        try expectWrittenAsEncoded(WorkspaceSymbolsResult(success: false, query: "", symbols: []))
        try expectWrittenAsEncoded(TypeCheckError(file: "", line: 0, column: 0, severity: "", code: "", message: ""))
        try expectWrittenAsEncoded(TypeCheckResult(success: true, errorCount: 0, warningCount: 0, errors: []))
        try expectWrittenAsEncoded(RuffViolation(file: "", line: 0, column: 0, code: "", message: "", fixable: false))
        try expectWrittenAsEncoded(RuffResult(success: true, violationCount: 0, fixableCount: 0, violations: []))
        try expectWrittenAsEncoded(TestCase(name: "", outcome: "", duration: 0))
        try expectWrittenAsEncoded(TestResult(success: true, passed: 0, failed: 0, errors: 0, skipped: 0, duration: 0, tests: []))
    }

    @Test(arguments: [
        0.5, 3.0, 1e21, -0.0, 0.0, 0.1 + 0.2, -3.0, 1e-7, 123456.789, 0x1p53, -0x1p53, 0x1p53 - 1, 1e300, -2.5,
        Double.greatestFiniteMagnitude, Double.leastNonzeroMagnitude, Double.leastNormalMagnitude,
    ])
    func doublesAreWrittenAsEncoded(duration: Double) throws {
        let testCase = TestCase(name: "t", outcome: "passed", duration: duration)
        try expectWrittenAsEncoded(testCase)
        try expectWrittenAsEncoded(
            TestResult(success: true, passed: 1, failed: 0, errors: 0, skipped: 0, duration: duration, tests: [testCase]))
    }

    @Test func nonFiniteDoublesAreRefused() {
        for number in [Double.nan, .infinity, -.infinity] {
            let testCase = TestCase(name: "t", outcome: "passed", duration: number)
            #expect(throws: EncodingError.self) { _ = try written(testCase) }
            #expect(throws: EncodingError.self) {
                _ = try written(TestResult(success: true, passed: 0, failed: 0, errors: 0, skipped: 0, duration: number, tests: []))
            }
            #expect(throws: EncodingError.self) {
                _ = try written(TestResult(success: true, passed: 1, failed: 0, errors: 0, skipped: 0, duration: 1, tests: [testCase]))
            }
        }
    }

    /// A writer appends to what the output already holds.
    @Test func writingAppendsToTheOutput() throws {
        var output = Array("[1,".utf8)
        try GitCommit(hash: "h", message: "m").writeJSON(to: &output)
        #expect(String(decoding: output, as: UTF8.self) == #"[1,{"hash":"h","message":"m"}"#)
    }
}
