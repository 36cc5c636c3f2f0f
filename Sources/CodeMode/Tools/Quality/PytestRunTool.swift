#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `pytest_run(path)`: runs the workspace's tests with pytest and returns every test's outcome.
///
/// - Important: this executes the workspace's own code: its test modules, `conftest.py` files
///   and whatever they import. A program that can write into the workspace can make pytest run
///   anything, so the backend runs with the workspace as working directory, a minimal environment,
///   an empty HOME, a timeout and an output cap (and, later, under the OS confinement of the
///   process spawner). Give `--allow-write` with that in mind.
///
/// Runs `python -m pytest -q -p no:cacheprovider -o junit_family=xunit1 --junitxml <private>
/// --rootdir <workspace> --confcutdir <workspace> --continue-on-collection-errors -- PATH` and reads
/// the JUnit report, written to a private directory outside the workspace. `path` may carry a
/// node id (`tests/test_x.py::test_a`). Installed plugins are not auto-loaded
/// (`PYTEST_DISABLE_PLUGIN_AUTOLOAD=1`); plugins named by the project (`-p` in addopts, conftest's
/// `pytest_plugins`) still load. `success` is True when pytest exited 0: every collected
/// test passed or was skipped. No tests collected (exit 5) is `success=False` with `parse_error`
/// saying so.
public struct PytestRunTool: Tool {
    public static let name = "pytest_run"

    public init() {}

    public struct Arguments: Decodable, Sendable {
        public var path: String
    }

    public func run(_ arguments: Arguments, in context: ToolContext) throws(ToolError) -> TestResult {
        let target = try Self.target(arguments.path, in: context.workspace)
        let backends = context.backends
        let (executable, prefix) = try backends.pythonModule("pytest")
        let scratch = try ScratchDirectory()
        let report = scratch.path + "/junit.xml"
        let root = context.workspace.root
        let output = try backends.runBackend(
            "pytest", executable: executable,
            arguments: prefix + [
                "-q", "--color=no", "-p", "no:cacheprovider", "-o", "junit_family=xunit1", "--junitxml", report,
                "--rootdir", root, "--confcutdir", root, "--continue-on-collection-errors", "--", target,
            ],
            in: context.workspace, scratch: scratch, extraEnvironment: ["COLUMNS": "200", "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"],
            overrunHint: "a test may hang or print too much; run a narrower path or node id",
            requireFileSystemConfinement: true)
        return try Self.result(output, report: FileManager.default.contents(atPath: report), target: target)
    }

    /// The normalised target: a path that exists in the workspace, optionally followed by `::` and
    /// the rest of a node id.
    static func target(_ argument: String, in workspace: Workspace) throws(ToolError) -> String {
        var path = argument
        var selector: String?
        if let range = argument.firstRange(of: "::"), (try? workspace.requireExisting(argument)) == nil {
            path = String(argument[..<range.lowerBound])
            selector = String(argument[range.upperBound...])
        }
        let normalized = try workspace.normalize(path)
        try workspace.requireExisting(path)
        return selector.map { "\(normalized)::\($0)" } ?? normalized
    }

    /// The result for one pytest run and its JUnit report (nil when pytest wrote none).
    static func result(_ output: ProcessOutput, report: Data?, target: String) throws(ToolError) -> TestResult {
        let status = output.exitCode ?? -1
        switch status {
        case 0, 1, 2:
            guard let report else {
                throw ToolError(
                    .backendFailed,
                    "pytest stopped without writing its report (exit \(status))\(summaryTail(output))")
            }
            guard let parsed = JUnitParser.parse(Array(report)) else {
                throw ToolError(.backendFailed, "pytest's JUnit report could not be read: \(preview(Array(report)))")
            }
            var result = summary(parsed)
            result.success = status == 0 && result.failed == 0 && result.errors == 0
            if status == 2 {
                result.parseError = "pytest was interrupted (exit 2)\(summaryTail(output, lines: 1))"
            }
            return result
        case 5:
            return TestResult(
                success: false, passed: 0, failed: 0, errors: 0, skipped: 0, duration: 0, tests: [],
                parseError: "pytest collected no tests in \(quoted(target))")
        case 3:
            throw ToolError(
                .backendFailed,
                "pytest stopped with an internal error (exit 3), often raised by a conftest.py hook"
                    + summaryTail(output))
        case 4:
            throw ToolError(.backendFailed, "pytest refused the run (exit 4)\(summaryTail(output))")
        default:
            throw ToolError(.backendFailed, "pytest failed (exit \(status))\(summaryTail(output))")
        }
    }

    private static func summary(_ report: JUnitParser.Report) -> TestResult {
        let tests = report.cases
        return TestResult(
            success: false, passed: tests.count { $0.outcome == "passed" }, failed: tests.count { $0.outcome == "failed" },
            errors: tests.count { $0.outcome == "error" }, skipped: tests.count { $0.outcome == "skipped" },
            duration: report.duration, tests: tests)
    }

    /// The last lines pytest printed (stderr, else stdout), for a message.
    private static func summaryTail(_ output: ProcessOutput, lines: Int = 6) -> String {
        let text = [output.stderr, output.stdout].map { String(decoding: $0, as: UTF8.self) }
            .first { !$0.trimmingWhitespace().isEmpty }
        guard let text else { return "" }
        let kept = text.split(separator: "\n").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        return ": " + kept.suffix(lines).joined(separator: "\n")
    }
}
