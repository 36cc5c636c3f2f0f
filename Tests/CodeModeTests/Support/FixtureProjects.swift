import Foundation
import Testing
@testable import CodeMode

/// The backends the tool tests run: the README setup's tools venv (or `PUNIE_TOOLS_VENV`).
enum TestBackends {
    /// The package root, found from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// The tools venv: `PUNIE_TOOLS_VENV`, else `.tools-venv` in the package root.
    static let toolsVenv: String? = {
        if let named = ProcessInfo.processInfo.environment["PUNIE_TOOLS_VENV"], !named.isEmpty { return named }
        let candidate = packageRoot + "/.tools-venv"
        return FileManager.default.fileExists(atPath: candidate + "/bin") ? candidate : nil
    }()

    /// A fresh backend environment over the tools venv.
    static func environment(timeout: Double = 60, runner: (any ToolRunner)? = nil) -> BackendEnvironment {
        BackendEnvironment(toolsVenv: toolsVenv, timeout: timeout, runner: runner ?? ProcessRunner())
    }

    /// An environment in which no backend can be found.
    static func empty() -> BackendEnvironment { BackendEnvironment(toolsVenv: nil, searchPath: []) }

    /// True when `program` can run here. In CI (`CI=true`) a missing backend must fail the tests,
    /// never skip them, so this is always true there.
    static func available(_ program: String) -> Bool {
        ProcessInfo.processInfo.environment["CI"] == "true" || environment().executable(program) != nil
    }

    /// The path of a backend in the venv (for running it directly beside the tool).
    static func path(_ program: String) throws -> String {
        try #require(environment().executable(program), "\(program) is missing: run scripts/setup.sh")
    }
}

/// A workspace on a temporary directory with a tool context and an executor over it.
struct ToolFixture {
    let directory: TemporaryDirectory
    let context: ToolContext

    init(
        directory: TemporaryDirectory? = nil, policy: ToolPolicy = ToolPolicy(), backends: BackendEnvironment? = nil
    ) throws {
        let directory = try directory ?? TemporaryDirectory()
        self.directory = directory
        context = ToolContext(
            workspace: try Workspace(root: directory.path), policy: policy, backends: backends ?? TestBackends.environment())
    }

    /// Runs a program in-process with the standard tools over this workspace.
    func run(_ code: String) async -> ExecutionResult {
        await InProcessExecutor(context: context).execute(code)
    }

    /// Runs a backend directly (argv, in the workspace) and returns its stdout, whatever its exit status.
    func direct(_ executable: String, _ arguments: [String]) throws -> String {
        let output = try ProcessRunner().run(
            ProcessRequest(
                executable: executable, arguments: arguments, workingDirectory: directory.path,
                environment: context.backends.environment(extra: ["HOME": context.backends.home])))
        return String(decoding: output.stdout, as: UTF8.self)
    }

    /// Relative paths of every file and directory in the workspace, except `.git`.
    func tree() throws -> Set<String> {
        let enumerator = FileManager.default.enumerator(atPath: directory.path)
        var paths: Set<String> = []
        while let path = enumerator?.nextObject() as? String {
            if path == ".git" || path.hasPrefix(".git/") { continue }
            paths.insert(path)
        }
        return paths
    }
}

/// A runner that answers every run with one canned output, for the failure paths of backends.
struct CannedRunner: ToolRunner {
    var output: ProcessOutput

    init(
        exitCode: Int32? = 0, signal: Int32? = nil, stdout: String = "", stderr: String = "", timedOut: Bool = false,
        outputLimitExceeded: Bool = false
    ) {
        output = ProcessOutput(
            exitCode: exitCode, signal: signal, stdout: Array(stdout.utf8), stderr: Array(stderr.utf8),
            timedOut: timedOut, outputLimitExceeded: outputLimitExceeded, duration: 0.01)
    }

    func run(_ request: ProcessRequest) throws(ToolError) -> ProcessOutput { output }
}

// MARK: - Fixture projects

/// Builders of the real Python projects and git repositories the tool tests run against.
enum FixtureProjects {
    /// A src-layout project with deliberate type errors, warnings, ruff violations (fixable safely,
    /// unsafely and not at all) and tests that pass, fail, skip, xfail, error in a fixture, and fail
    /// to collect.
    static func python(in directory: TemporaryDirectory) throws {
        try directory.write(
            "pyproject.toml",
            """
            [project]
            name = "shop"
            version = "0.1.0"
            requires-python = ">=3.11"

            [tool.pytest.ini_options]
            pythonpath = ["src"]

            [tool.ruff.lint]
            select = ["E", "F", "I", "UP", "B"]

            """)
        try directory.write("src/shop/__init__.py", "from shop.models import Item\n\n__all__ = [\"Item\"]\n")
        try directory.write(
            "src/shop/models.py",
            """
            from dataclasses import dataclass


            @dataclass
            class Item:
                sku: str
                price_cents: int
                quantity: int = 0

                def total(self) -> int:
                    return self.price_cents * self.quantity


            def find(items: list[Item], sku: str) -> Item | None:
                for item in items:
                    if item.sku == sku:
                        return item
                return None

            """)
        try directory.write(
            "src/shop/pricing.py",
            """
            from shop.models import Item, find


            def discounted(item: Item, percent: float) -> int:
                value: int = item.price_cents * (1 - percent / 100)
                return value


            def price_of(items: list[Item], sku: str) -> int:
                return find(items, sku).price_cents


            def label(item: Item) -> str:
                return item.sku + item.quantity

            """)
        try directory.write(
            "src/shop/legacy.py",
            """
            from typing import cast

            from shop.models import Item


            def qty(item: Item) -> int:
                return cast(int, item.quantity)


            def show(item: Item) -> None:
                reveal_type(item.quantity)

            """)
        try directory.write(
            "src/shop/report.py",
            """
            import os, sys
            from typing import List


            def summary(names: List[str], title=None) -> str:
                if title != None:
                    pass
                unused = 42
                return "%s items" % len(names); print(undefined_name)

            """)
        try directory.write("src/shop/unicode_demo.py", "EMOJI = \"🙂🙂\"; x: int = \"s\"\n")
        try directory.write(
            "tests/conftest.py",
            """
            import pytest


            @pytest.fixture
            def broken():
                raise RuntimeError("fixture exploded")

            """)
        try directory.write(
            "tests/test_models.py",
            """
            import pytest

            from shop.models import Item


            def test_total():
                assert Item("A1", 250, 2).total() == 500


            def test_wrong():
                assert Item("A1", 250, 2).total() == 501, "deliberately wrong"


            @pytest.mark.parametrize("qty", [1, 2])
            def test_param(qty):
                assert qty == 1


            @pytest.mark.skip(reason="not implemented yet")
            def test_skipped():
                pass


            @pytest.mark.xfail(reason="known bug")
            def test_xfail():
                assert False


            def test_uses_broken(broken):
                pass


            class TestGroup:
                def test_inside(self):
                    print("hello")

            """)
        try directory.write(
            "tests/test_broken_import.py",
            "import shop.nonexistent_module  # noqa: F401\n\n\ndef test_never():\n    pass\n")
        try directory.write("tests/test_ok.py", "def test_one():\n    assert 1 + 1 == 2\n\n\ndef test_two():\n    pass\n")
        try directory.write("tests/empty/test_nothing.py", "VALUE = 1\n")
    }

    /// A repository with three commits, then staged, unstaged, untracked, renamed, deleted and binary
    /// changes and a file whose name has spaces and non-ASCII characters.
    static func gitRepository(in directory: TemporaryDirectory) throws {
        try directory.shell("git", ["init", "-q", "-b", "main"])
        try directory.write("README.md", "# Shop\n\nline 3\nline 4\nline 5\n")
        try directory.write("src/app.py", "def main():\n    return 1\n")
        try directory.write("src/legacy.py", (1...20).map { "value_\($0) = \($0)\n" }.joined())
        try directory.write("gone.txt", "bye\n")
        try directory.write("assets/logo.bin", Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x01, 0x02, 0x00]))
        try directory.write("docs/naïve notes.md", "first\n")
        try commit(directory, "Initial commit")
        try directory.write("src/app.py", "def main():\n    return 2\n")
        try commit(directory, "Return two\n\nA body line.\nAnother line with a \u{1F} unit separator.")
        try directory.write("docs/naïve notes.md", "first\nsecond\n")
        try commit(directory, "Notes: naïve \u{1E} record separator")

        try directory.write("README.md", "# Shop\n\nline 3 changed\nline 4\n")  // unstaged: +1 -2
        try directory.write("src/app.py", "def main():\n    return 3\n\n\nEXTRA = True\n")
        try directory.shell("git", ["add", "src/app.py"])  // staged: +4 -1
        try directory.shell("git", ["mv", "src/legacy.py", "src/compat.py"])  // staged rename
        try directory.shell("git", ["rm", "-q", "gone.txt"])  // staged delete
        try directory.write("assets/logo.bin", Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x03, 0x04, 0x00]))
        try directory.shell("git", ["add", "assets/logo.bin"])  // staged binary
        try directory.write("docs/naïve notes.md", "first\nsecond\nthird\n")  // unstaged, non-ASCII name
        try directory.write("notes/todo.txt", "todo\n")  // untracked
    }

    /// Commits everything with the test author (`Test <test@example.com>`) and a fixed author date.
    static func commit(_ directory: TemporaryDirectory, _ message: String, date: String = "2025-01-04T10:00:00+00:00")
        throws
    {
        try directory.shell("git", ["add", "-A"])
        try directory.shell("git", ["commit", "-q", "--date", date, "-m", message])
    }
}
