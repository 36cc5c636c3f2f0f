import Foundation
import Testing
@testable import CodeMode

@Suite(.timeLimit(.minutes(1)), .enabled(if: TestBackends.available("pytest")))
struct PytestRunToolTests {
    private func project() throws -> ToolFixture {
        let fixture = try ToolFixture()
        try FixtureProjects.python(in: fixture.directory)
        return fixture
    }

    private func run(_ path: String, _ fixture: ToolFixture) throws -> TestResult {
        try PytestRunTool().run(.init(path: path), in: fixture.context)
    }

    @Test func reportsEveryOutcomeIncludingACollectionError() throws {
        let fixture = try project()
        let result = try run("tests/test_models.py", fixture)
        let collection = try run("tests/test_broken_import.py", fixture)
        #expect(
            result.tests.map { "\($0.name) \($0.outcome)" } == [
                "tests/test_models.py::test_total passed",
                "tests/test_models.py::test_wrong failed",
                "tests/test_models.py::test_param[1] passed",
                "tests/test_models.py::test_param[2] failed",
                "tests/test_models.py::test_skipped skipped",
                "tests/test_models.py::test_xfail skipped",
                "tests/test_models.py::test_uses_broken error",
                "tests/test_models.py::TestGroup::test_inside passed",
            ])
        #expect((result.passed, result.failed, result.errors, result.skipped) == (3, 2, 1, 2))
        #expect(result.success == false)
        #expect(result.duration > 0 && result.duration < 30)
        #expect(result.tests.allSatisfy { $0.duration >= 0 })
        let messages = Dictionary(uniqueKeysWithValues: result.tests.map { ($0.name, $0.message) })
        #expect(messages["tests/test_models.py::test_total"] == .some(nil))
        #expect(messages["tests/test_models.py::test_skipped"] == "not implemented yet")
        #expect(messages["tests/test_models.py::test_xfail"] == "known bug")
        #expect(messages["tests/test_models.py::test_param[2]"] == "assert 2 == 1")
        #expect(messages["tests/test_models.py::test_uses_broken"] == "failed on setup with \"RuntimeError: fixture exploded\"")
        #expect(messages["tests/test_models.py::test_wrong"]??.hasPrefix("AssertionError: deliberately wrong\nassert 500 == 501") == true)

        #expect(
            collection.tests == [
                TestCase(
                    name: "tests/test_broken_import.py", outcome: "error", duration: 0,
                    message: "collection failure: ModuleNotFoundError: No module named 'shop.nonexistent_module'")
            ])
        #expect((collection.errors, collection.success) == (1, false))
    }

    @Test func aCollectionErrorDoesNotStopTheOtherTests() throws {
        let fixture = try project()
        let result = try run("tests", fixture)
        #expect((result.passed, result.failed, result.errors, result.skipped) == (5, 2, 2, 2))
        #expect(result.passed + result.failed + result.errors + result.skipped == result.tests.count)
        #expect(result.parseError == nil)
    }

    @Test func passingTestsAndNodeIDs() throws {
        let fixture = try project()
        let file = try run("tests/test_ok.py", fixture)
        #expect(file.success == true)
        #expect(file.tests.map(\.name) == ["tests/test_ok.py::test_one", "tests/test_ok.py::test_two"])
        let one = try run("tests/test_models.py::TestGroup::test_inside", fixture)
        #expect((one.success, one.passed, one.tests.count) == (true, 1, 1))
    }

    @Test func noTestsIsNotASuccess() throws {
        let fixture = try project()
        let result = try run("tests/empty", fixture)
        #expect(
            result
                == TestResult(
                    success: false, passed: 0, failed: 0, errors: 0, skipped: 0, duration: 0, tests: [],
                    parseError: "pytest collected no tests in 'tests/empty'"))
    }

    @Test func leavesNoCacheInTheWorkspaceAndGivesAnEmptyHome() throws {
        let fixture = try project()
        try fixture.directory.write(
            "tests/test_home.py",
            """
            import os


            def test_home_is_empty_and_private():
                home = os.environ["HOME"]
                assert os.listdir(home) == []
                assert not home.startswith(os.getcwd())
                assert "PUNIE_SECRET" not in os.environ

            """)
        let before = try fixture.tree()
        setenv("PUNIE_SECRET", "1", 1)
        let result = try run("tests/test_home.py", fixture)
        #expect(result.success == true)
        let added = try fixture.tree().subtracting(before)
        #expect(added.isEmpty, "new in the workspace: \(added.sorted())")
    }

    /// pytest_run executes the workspace's own code (here a conftest.py), but confined: it reads the
    /// workspace and writes only its scratch directory; the workspace and the rest of the machine are
    /// read-only or invisible to it.
    @Test func executesTheWorkspacesConftestConfined() throws {
        let fixture = try project()
        let outside = try TemporaryDirectory(prefix: "punie-outside")
        try outside.write("secret.txt", "canary")
        try fixture.directory.write(
            "tests/conftest.py",
            """
            import os, pathlib, tempfile
            pathlib.Path(tempfile.gettempdir(), 'scratch-ok.txt').write_text('yes')
            def probe(action):
                try:
                    action()
                    return 'allowed'
                except OSError:
                    return 'refused'
            RESULTS = {
                'write-workspace': probe(lambda: pathlib.Path('conftest-wrote.txt').write_text('x')),
                'read-outside': probe(lambda: pathlib.Path('\(outside.path)/secret.txt').read_text()),
                'write-outside': probe(lambda: pathlib.Path('\(outside.path)/dropped.txt').write_text('x')),
            }
            def pytest_report_header(config):
                return f"conftest ran: {sorted(RESULTS.items())}"

            """)
        try fixture.directory.write(
            "tests/test_conftest_ran.py",
            """
            from conftest import RESULTS

            def test_confined():
                assert RESULTS == {'write-workspace': 'refused', 'read-outside': 'refused', 'write-outside': 'refused'}

            """)
        let result = try run("tests/test_conftest_ran.py", fixture)
        #expect(result.success == true, "\(result.tests.map { $0.message ?? "" })")
        #expect(result.passed == 1)
        #expect(!FileManager.default.fileExists(atPath: fixture.directory.path + "/conftest-wrote.txt"))
        #expect(!FileManager.default.fileExists(atPath: outside.path + "/dropped.txt"))
    }

    @Test func throughPythonTheResultIsATypedModel() async throws {
        let fixture = try project()
        let result = await fixture.run(
            """
            r = pytest_run("tests/test_models.py")
            print(r.passed, r.failed, r.errors, r.skipped, [t.name.split("::")[-1] for t in r.tests if t.outcome == "failed"])
            """)
        #expect(result.stdout == "3 2 1 2 ['test_wrong', 'test_param[2]']\n")
    }

    @Test func aHangingTestIsStoppedAtTheTimeout() throws {
        let fixture = try ToolFixture(backends: TestBackends.environment(timeout: 3))
        try fixture.directory.write("test_hang.py", "import time\n\n\ndef test_hang():\n    time.sleep(60)\n")
        let start = Date()
        let error = #expect(throws: ToolError.self) { try run("test_hang.py", fixture) }
        #expect(
            error?.message
                == "pytest timed out after 3 s and was stopped: a test may hang or print too much; run a narrower "
                + "path or node id")
        #expect(Date().timeIntervalSince(start) < 10)
    }

    @Test func failuresAreToolErrorsWithMessages() throws {
        let fixture = try project()
        let unknown = #expect(throws: ToolError.self) { try run("tests/test_ok.py::test_nope", fixture) }
        #expect(unknown?.message.hasPrefix("pytest refused the run (exit 4): ") == true)
        #expect(unknown?.message.contains("not found: ") == true)
        let missing = #expect(throws: ToolError.self) { try run("nope.py", fixture) }
        #expect(missing?.message == "'nope.py' does not exist in the workspace")
        try fixture.directory.write(
            "internal/conftest.py", "def pytest_collection_modifyitems(items):\n    raise RuntimeError('hook broke')\n")
        try fixture.directory.write("internal/test_a.py", "def test_a():\n    pass\n")
        let hook = #expect(throws: ToolError.self) { try run("internal", fixture) }
        #expect(
            hook?.message.hasPrefix(
                "pytest stopped with an internal error (exit 3), often raised by a conftest.py hook: ") == true)
        let none = try ToolFixture(backends: TestBackends.empty())
        let notFound = #expect(throws: ToolError.self) { try run(".", none) }
        #expect(notFound?.message == "pytest not found: run the README setup (scripts/setup.sh) or pass --tools-venv")
        let noReport = try ToolFixture(backends: TestBackends.environment(runner: CannedRunner(exitCode: 1, stdout: "Timeout (0:00:02)!")))
        let stopped = #expect(throws: ToolError.self) { try run(".", noReport) }
        #expect(stopped?.message == "pytest stopped without writing its report (exit 1): Timeout (0:00:02)!")
        let crashed = try ToolFixture(backends: TestBackends.environment(runner: CannedRunner(exitCode: nil, signal: 6)))
        let crash = #expect(throws: ToolError.self) { try run(".", crashed) }
        #expect(crash?.message == "pytest crashed (killed by signal 6)")
    }

    @Test func junitReaderHandlesEntitiesCDATAAndSelfClosingCases() throws {
        let xml = """
            <?xml version="1.0" encoding="utf-8"?><!-- comment --><testsuites><testsuite time="1.5">\
            <testcase classname="pkg.test_a.TestX" name="test_b[a&amp;b]" file="pkg/test_a.py" time="0.25">\
            <failure message="assert &quot;x&quot; &lt; 'y'&#10;second">text</failure></testcase>\
            <testcase classname="pkg.test_a" name="test_c" file="pkg/test_a.py" time="0.5"/>\
            <testcase classname="pkg.test_a" name="test_d" file="pkg/test_a.py" time="0"><skipped message=""><![CDATA[why <not>]]></skipped></testcase>\
            <testcase time="0.000" /></testsuite></testsuites>
            """
        let report = try #require(JUnitParser.parse(Array(xml.utf8)))
        #expect(report.duration == 1.5)
        #expect(
            report.cases == [
                TestCase(
                    name: "pkg/test_a.py::TestX::test_b[a&b]", outcome: "failed", duration: 0.25,
                    message: "assert \"x\" < 'y'\nsecond"),
                TestCase(name: "pkg/test_a.py::test_c", outcome: "passed", duration: 0.5),
                TestCase(name: "pkg/test_a.py::test_d", outcome: "skipped", duration: 0, message: "why <not>"),
            ])
        #expect(JUnitParser.parse(Array("not xml".utf8)) == nil)
        #expect(JUnitParser.parse(Array("<testsuites><testsuite>".utf8)) == nil)
    }
}
