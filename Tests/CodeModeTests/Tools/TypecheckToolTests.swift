import Foundation
import Testing
@testable import CodeMode

@Suite(.timeLimit(.minutes(1)), .enabled(if: TestBackends.available("ty")))
struct TypecheckToolTests {
    private func project() throws -> ToolFixture {
        let fixture = try ToolFixture()
        try FixtureProjects.python(in: fixture.directory)
        return fixture
    }

    private func check(_ path: String, _ fixture: ToolFixture) throws -> TypeCheckResult {
        try TypecheckTool().run(.init(path: path), in: fixture.context)
    }

    @Test func reportsErrorsAndWarningsButNotInfo() throws {
        let fixture = try project()
        let result = try check("src", fixture)
        let found = result.errors.map { "\($0.file):\($0.line):\($0.column) \($0.severity) \($0.code)" }
        #expect(
            found == [
                "src/shop/legacy.py:7:12 warning redundant-cast",
                "src/shop/legacy.py:11:5 warning undefined-reveal",
                "src/shop/pricing.py:5:18 error invalid-assignment",
                "src/shop/pricing.py:10:12 error missing-union-attribute",
                "src/shop/pricing.py:14:12 error unsupported-operator",
                "src/shop/unicode_demo.py:1:24 error invalid-assignment",
            ])
        #expect(result.success == false)
        #expect(result.errorCount == 4)
        #expect(result.warningCount == 2)
        #expect(result.errorCount + result.warningCount == result.errors.count)
        #expect(result.parseError == nil)
        let assignment = try #require(result.errors.first { $0.code == "invalid-assignment" })
        #expect(assignment.message == "Object of type `float` is not assignable to `int`")
    }

    @Test func agreesWithTyConciseOutput() throws {
        let fixture = try project()
        let result = try check(".", fixture)
        let concise = try fixture.direct(
            TestBackends.path("ty"), ["check", "--output-format", "concise", "--no-progress", "--color", "never", "."])
        let pattern = /^(.*):(\d+):(\d+): (error|warning)\[([a-z0-9-]+)\] (.*)$/
        let expected = concise.split(separator: "\n").compactMap { line -> String? in
            guard let match = try? pattern.wholeMatch(in: String(line)) else { return nil }
            return "\(match.1):\(match.2):\(match.3) \(match.4) \(match.5)"
        }
        #expect(!expected.isEmpty)
        #expect(result.errors.map { "\($0.file):\($0.line):\($0.column) \($0.severity) \($0.code)" } == expected)
        #expect(result.errors.contains { $0.file == "tests/test_broken_import.py" && $0.code == "import-not-found" })
    }

    @Test func warningsAloneAreSuccessAndCleanCodeHasNothing() throws {
        let fixture = try project()
        let warnings = try check("src/shop/legacy.py", fixture)
        #expect(warnings.success == true)
        #expect((warnings.errorCount, warnings.warningCount, warnings.errors.count) == (0, 2, 2))
        let clean = try check("src/shop/models.py", fixture)
        #expect(clean == TypeCheckResult(success: true, errorCount: 0, warningCount: 0, errors: []))
    }

    @Test func anUnreadableFileIsAnIoError() throws {
        let fixture = try project()
        try fixture.directory.write("bad.py", Data([0x78, 0x20, 0x3D, 0x20, 0x22, 0xFF, 0x22, 0x0A]))
        let result = try check("bad.py", fixture)
        #expect(result.success == false)
        #expect(
            result.errors == [
                TypeCheckError(
                    file: "bad.py", line: 1, column: 1, severity: "error", code: "io",
                    message: "Failed to read file: stream did not contain valid UTF-8")
            ])
    }

    @Test func throughPythonTheResultIsATypedModel() async throws {
        let fixture = try project()
        let result = await fixture.run(
            """
            r = typecheck("src/shop/pricing.py")
            print(r.success, r.error_count, r.warning_count, [e.line for e in r.errors])
            """)
        #expect(result.stdout == "False 3 0 [5, 10, 14]\n")
    }

    @Test func aMissingPathIsAToolError() async throws {
        let fixture = try project()
        let result = await fixture.run("typecheck('nope.py')")
        #expect(result.error?.type == "ToolError")
        #expect(result.error?.message == "'nope.py' does not exist in the workspace")
        let outside = await fixture.run("typecheck('../x')")
        #expect(outside.error?.message == "path '../x' leads outside the workspace")
    }

    @Test func aBrokenConfigurationIsAToolErrorWithTysMessage() throws {
        let fixture = try project()
        try fixture.directory.write("ty.toml", "[tool.ty]\nbogus = 1\n")
        let error = #expect(throws: ToolError.self) { try check(".", fixture) }
        #expect(error?.message.hasPrefix("ty could not check '.' (exit 2): ") == true)
        #expect(error?.message.contains("is not a valid `ty.toml`") == true)
    }

    @Test func aMissingBackendSaysHowToGetIt() throws {
        let fixture = try ToolFixture(backends: TestBackends.empty())
        let error = #expect(throws: ToolError.self) { try check(".", fixture) }
        #expect(error?.message == "ty not found: run the README setup (scripts/setup.sh) or pass --tools-venv")
    }

    @Test(arguments: [
        (CannedRunner(timedOut: true), "ty timed out after 60 s and was stopped: try a smaller path"),
        (CannedRunner(exitCode: nil, signal: 11), "ty crashed (killed by signal 11)"),
        (
            CannedRunner(outputLimitExceeded: true),
            "ty printed more than 16777216 bytes and was stopped: try a smaller path"
        ),
        (
            CannedRunner(exitCode: 1, stdout: "garbage"),
            "ty printed something that is not a gitlab report: 'garbage'; check that ty 0.0.107 from the README "
                + "setup is the one found (or pass --tools-venv)"
        ),
        (CannedRunner(exitCode: 101, stderr: "panicked"), "ty could not check '.' (exit 101): panicked"),
    ])
    func backendFailuresAreToolErrors(_ runner: CannedRunner, _ message: String) throws {
        let directory = try TemporaryDirectory()
        let fixture = try ToolFixture(
            directory: directory, backends: TestBackends.environment(runner: runner))
        let error = #expect(throws: ToolError.self) { try check(".", fixture) }
        #expect(error?.message == message)
    }
}
