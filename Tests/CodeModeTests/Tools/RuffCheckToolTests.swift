import Foundation
import Testing
@testable import CodeMode

@Suite(.timeLimit(.minutes(1)), .enabled(if: TestBackends.available("ruff")))
struct RuffCheckToolTests {
    private func project() throws -> ToolFixture {
        let fixture = try ToolFixture()
        try FixtureProjects.python(in: fixture.directory)
        return fixture
    }

    private func check(_ path: String, _ fixture: ToolFixture) throws -> RuffResult {
        try RuffCheckTool().run(.init(path: path), in: fixture.context)
    }

    @Test func reportsViolationsWithSafeFixesAsFixable() throws {
        let fixture = try project()
        let result = try check("src", fixture)
        let found = result.violations.map { "\($0.file):\($0.line):\($0.column) \($0.code) \($0.fixable)" }
        #expect(
            found == [
                "src/shop/legacy.py:11:5 F821 false",
                "src/shop/report.py:1:1 E401 true",
                "src/shop/report.py:1:1 I001 true",
                "src/shop/report.py:1:8 F401 true",
                "src/shop/report.py:1:12 F401 true",
                "src/shop/report.py:2:1 UP035 false",
                "src/shop/report.py:5:20 UP006 true",
                "src/shop/report.py:6:17 E711 false",  // an unsafe fix: not applied by --fix
                "src/shop/report.py:8:5 F841 false",  // unsafe
                "src/shop/report.py:9:12 UP031 false",  // unsafe
                "src/shop/report.py:9:35 E702 false",
                "src/shop/report.py:9:43 F821 false",
                "src/shop/unicode_demo.py:1:13 E702 false",  // columns count Unicode scalars
            ])
        #expect(result.success == false)
        #expect(result.violationCount == 13 && result.violationCount == result.violations.count)
        #expect(result.fixableCount == 5)
        #expect(result.violations[3].message == "`os` imported but unused")
    }

    @Test func agreesWithRuffConciseOutput() throws {
        let fixture = try project()
        let result = try check(".", fixture)
        let concise = try fixture.direct(
            TestBackends.path("ruff"), ["check", "--output-format", "concise", "--no-cache", "--no-fix", "."])
        let pattern = /^(.*):(\d+):(\d+): ([A-Z0-9a-z-]+)( \[\*\])? .*$/
        let expected = concise.split(separator: "\n").compactMap { line -> String? in
            guard let match = try? pattern.wholeMatch(in: String(line)) else { return nil }
            return "\(match.1):\(match.2):\(match.3) \(match.4) \(match.5 != nil)"
        }
        #expect(!expected.isEmpty)
        #expect(result.violations.map { "\($0.file):\($0.line):\($0.column) \($0.code) \($0.fixable)" } == expected)
    }

    @Test func cleanCodeAndSyntaxErrors() throws {
        let fixture = try project()
        #expect(
            try check("src/shop/models.py", fixture)
                == RuffResult(success: true, violationCount: 0, fixableCount: 0, violations: []))
        try fixture.directory.write("broken.py", "def f(:\n")
        let broken = try check("broken.py", fixture)
        #expect(broken.success == false)
        #expect(broken.violations.first?.code == "invalid-syntax")
        #expect(broken.violations.first.map { ($0.line, $0.column) } ?? (0, 0) == (1, 7))
    }

    @Test func neverFixesOrCachesInTheWorkspace() throws {
        let fixture = try project()
        try fixture.directory.write(
            "pyproject.toml", "[tool.ruff]\nfix = true\nunsafe-fixes = true\n[tool.ruff.lint]\nselect = [\"F\"]\n")
        let before = try fixture.directory.read("src/shop/report.py")
        let treeBefore = try fixture.tree()
        let result = try check(".", fixture)
        #expect(result.violations.contains { $0.code == "F401" })
        #expect(try fixture.directory.read("src/shop/report.py") == before)
        #expect(try fixture.tree() == treeBefore)
    }

    @Test func throughPythonTheResultIsATypedModel() async throws {
        let fixture = try project()
        let result = await fixture.run(
            """
            r = ruff_check("src/shop/report.py")
            print(r.violation_count, r.fixable_count, sorted({v.code for v in r.violations if v.fixable}))
            """)
        #expect(result.stdout == "11 5 ['E401', 'F401', 'I001', 'UP006']\n")
    }

    @Test func failuresAreToolErrorsWithMessages() async throws {
        let fixture = try project()
        let missing = await fixture.run("ruff_check('nope')")
        #expect(missing.error?.type == "ToolError")
        #expect(missing.error?.message == "'nope' does not exist in the workspace")
        try fixture.directory.write("ruff.toml", "[lint]\nselect = [\"NOPE\"]\n")
        let error = #expect(throws: ToolError.self) { try check("src", fixture) }
        #expect(error?.message.hasPrefix("ruff could not check 'src' (exit 2): ") == true)
        let none = try ToolFixture(backends: TestBackends.empty())
        let notFound = #expect(throws: ToolError.self) { try check(".", none) }
        #expect(notFound?.message == "ruff not found: run the README setup (scripts/setup.sh) or pass --tools-venv")
        let garbage = try ToolFixture(backends: TestBackends.environment(runner: CannedRunner(exitCode: 0, stdout: "{")))
        let unreadable = #expect(throws: ToolError.self) { try check(".", garbage) }
        #expect(
            unreadable?.message
                == "ruff printed something that is not its JSON report: '{'; check that ruff 0.17.6 from the README "
                + "setup is the one found (or pass --tools-venv)")
        let slow = try ToolFixture(backends: TestBackends.environment(timeout: 5, runner: CannedRunner(timedOut: true)))
        let timedOut = #expect(throws: ToolError.self) { try check(".", slow) }
        #expect(timedOut?.message == "ruff timed out after 5 s and was stopped: try a smaller path")
    }
}
