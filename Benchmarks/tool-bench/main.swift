// tool-bench: each typed tool's median latency on a fixture project, and the overhead of the tool
// (argument decoding, confinement, the backend run, parsing, result encoding) against running the
// same backend command directly with the same environment, and the same command under the OS
// confinement every backend runs under (which separates the wrapper's own cost from the confinement's). Run in release:
//   swift run -c release --scratch-path .build-tools tool-bench [--runs N] [--tools-venv DIR] [--only TOOL]
import CodeMode
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// MARK: - Options

var runs = 15
var toolsVenv: String?
var only: String?
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--runs": runs = Int(arguments.next() ?? "") ?? runs
    case "--tools-venv": toolsVenv = arguments.next()
    case "--only": only = arguments.next()
    default:
        FileHandle.standardError.write(Data("usage: tool-bench [--runs N] [--tools-venv DIR] [--only TOOL]\n".utf8))
        exit(64)
    }
}

// MARK: - Fixture

func write(_ root: String, _ relative: String, _ text: String) throws {
    let url = URL(fileURLWithPath: root).appendingPathComponent(relative)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
}

func shell(_ root: String, _ arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: root)
    var environment = ProcessInfo.processInfo.environment
    for key in ["GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"] { environment[key] = "Bench" }
    for key in ["GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"] { environment[key] = "bench@example.com" }
    process.environment = environment
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
}

/// A project of 8 modules and 3 test files with type errors, lint violations and mixed test
/// outcomes, in a git repository with 5 commits and staged and unstaged changes.
func makeFixture() throws -> String {
    let root = NSTemporaryDirectory() + "tool-bench-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    try write(root, "pyproject.toml", "[tool.pytest.ini_options]\npythonpath = [\"src\"]\n[tool.ruff.lint]\nselect = [\"E\", \"F\", \"I\", \"UP\", \"B\"]\n")
    try write(root, "src/shop/__init__.py", "")
    for index in 0..<8 {
        try write(
            root, "src/shop/module\(index).py",
            """
            import os, sys
            from typing import List


            def total_\(index)(values: List[int]) -> int:
                result: int = sum(values) / 2
                return result


            def label_\(index)(name: str, count: int) -> str:
                if name == None:
                    return ""
                return name + count

            """)
    }
    for index in 0..<3 {
        try write(
            root, "tests/test_module\(index).py",
            """
            import pytest

            from shop.module\(index) import total_\(index)


            def test_total():
                assert total_\(index)([2, 2]) == 2


            def test_wrong():
                assert total_\(index)([2, 2]) == 3


            @pytest.mark.skip(reason="later")
            def test_later():
                pass

            """)
    }
    try shell(root, ["git", "init", "-q", "-b", "main"])
    for commit in 0..<5 {
        try write(root, "CHANGELOG.md", (0...commit).map { "- change \($0)\n" }.joined())
        try shell(root, ["git", "add", "-A"])
        try shell(root, ["git", "commit", "-q", "-m", "Change \(commit)"])
    }
    try write(root, "src/shop/module0.py", "VALUE = 1\n")
    try shell(root, ["git", "add", "src/shop/module0.py"])
    try write(root, "src/shop/module1.py", "VALUE = 2\n")
    try write(root, "notes.txt", "untracked\n")
    return root
}

// MARK: - Measuring

func seconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

struct Case {
    var tool: String
    var arguments: String
    /// The backend command the tool runs (nil for tools without a backend).
    var direct: (executable: String, arguments: [String])?
    var runs: Int
}

let root = try makeFixture()
defer { try? FileManager.default.removeItem(atPath: root) }
let backends = BackendEnvironment.discover(toolsVenv: toolsVenv)
let context = ToolContext(
    workspace: try Workspace(root: root), policy: ToolPolicy(allowCommands: true), backends: backends)
let registry = ToolRegistry.standard()
let rootPath = context.workspace.root

func need(_ program: String) -> String {
    guard let path = backends.executable(program) else {
        FileHandle.standardError.write(Data("tool-bench: \(program) not found: run scripts/setup.sh\n".utf8))
        exit(2)
    }
    return path
}

let gitHardening = [
    "--no-pager", "--no-optional-locks", "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "-c",
    "core.quotePath=false", "-c", "core.pager=cat", "-c", "color.ui=never", "-c", "diff.external=", "-c",
    "diff.noprefix=false", "-c", "diff.mnemonicPrefix=false", "-c", "core.untrackedCache=false", "-c",
    "safe.directory=\(rootPath)",
]
let python = URL(fileURLWithPath: need("pytest")).deletingLastPathComponent().appendingPathComponent("python").path
let junit = NSTemporaryDirectory() + "tool-bench-junit-\(UUID().uuidString).xml"
defer { try? FileManager.default.removeItem(atPath: junit) }

let cases = [
    Case(
        tool: "typecheck", arguments: #"{"path": "src"}"#,
        direct: (need("ty"), ["check", "--output-format", "gitlab", "--no-progress", "--color", "never", "--", "src"]),
        runs: runs),
    Case(
        tool: "ruff_check", arguments: #"{"path": "src"}"#,
        direct: (need("ruff"), ["check", "--output-format", "json", "--no-cache", "--no-fix", "--", "src"]), runs: runs),
    Case(
        tool: "pytest_run", arguments: #"{"path": "tests"}"#,
        direct: (
            python,
            [
                "-m", "pytest", "-q", "--color=no", "-p", "no:cacheprovider", "-o", "junit_family=xunit1", "--junitxml",
                junit, "--rootdir", rootPath, "--confcutdir", rootPath, "--continue-on-collection-errors", "--", "tests",
            ]
        ), runs: max(5, runs / 2)),
    Case(
        tool: "git_status", arguments: #"{"path": "."}"#,
        direct: (need("git"), gitHardening + ["status", "--porcelain=v2", "-z", "--untracked-files=all", "--", "."]),
        runs: runs),
    Case(
        tool: "git_diff", arguments: #"{"path": ".", "staged": false}"#,
        direct: (
            need("git"),
            gitHardening + [
                "diff", "--numstat", "--patch", "-z", "-M", "-U3", "--relative", "--no-color", "--no-ext-diff",
                "--no-textconv", "--ignore-submodules=dirty", "--src-prefix=a/", "--dst-prefix=b/", "--", ":(literal).",
            ]
        ), runs: runs),
    Case(
        tool: "git_log", arguments: #"{"path": ".", "count": 10}"#,
        direct: (
            need("git"),
            gitHardening + [
                "log", "-z", "--max-count=10", "--no-color", "--no-show-signature", "--no-notes", "--encoding=UTF-8",
                "--pretty=tformat:%H%n%an <%ae>%n%ai%n%s", "--", ":(literal).",
            ]
        ), runs: runs),
    Case(
        tool: "run_command", arguments: #"{"command": "grep", "args": ["-rn", "def ", "src"], "cwd": null}"#,
        direct: (need("grep"), ["-rn", "def ", "src"]), runs: runs),
    Case(tool: "read_file", arguments: #"{"path": "src/shop/module3.py"}"#, direct: nil, runs: runs),
    Case(tool: "list_directory", arguments: #"{"path": "src/shop"}"#, direct: nil, runs: runs),
]

print("tool-bench: \(runs) runs per tool (pytest: \(max(5, runs / 2))), fixture \(rootPath)")
print("tool            median ms   direct ms   ratio   confined ms   ours/confined   confined/direct")
for benchmark in cases where only == nil || benchmark.tool == only {
    var toolTimes: [Double] = []
    var directTimes: [Double] = []
    var confinedTimes: [Double] = []
    let argumentsJSON = Array(benchmark.arguments.utf8)
    for run in 0...benchmark.runs {  // run 0 warms caches and is not counted
        var steps: [() throws -> Void] = [{
            let start = seconds()
            if case .failure(let error) = registry.call(benchmark.tool, argumentsJSON: argumentsJSON, in: context) {
                print("\(benchmark.tool): \(error.message)")
                exit(1)
            }
            if run > 0 { toolTimes.append(seconds() - start) }
        }]
        if let direct = benchmark.direct {
            let request = ProcessRequest(
                executable: direct.executable, arguments: direct.arguments, workingDirectory: rootPath,
                environment: backends.environment(extra: ["HOME": backends.home]), timeout: backends.timeout,
                outputLimit: backends.outputLimit)
            steps.append {
                let start = seconds()
                _ = try backends.runner.run(request)
                if run > 0 { directTimes.append(seconds() - start) }
            }
            // The same command under the OS confinement every backend runs under (no_new_privs,
            // seccomp, Landlock): what is left between this and the tool is the wrapper's own work.
            var confined = request
            confined.confinement = backends.confinement(
                for: context.workspace, writable: [backends.home], alsoReadable: [rootPath])
            steps.append {
                let start = seconds()
                _ = try backends.runner.run(confined)
                if run > 0 { confinedTimes.append(seconds() - start) }
            }
        }
        // Each run starts with the next of the three, so that none always follows another (the
        // first of a run pays for the caches the previous benchmark's commands left cold).
        for index in steps.indices { try steps[(index + run) % steps.count]() }
    }
    let toolMedian = median(toolTimes) * 1000
    if directTimes.isEmpty {
        print(String(format: "%-15@ %9.2f %11@ %7@", benchmark.tool as NSString, toolMedian, "–" as NSString, "–" as NSString))
    } else {
        let directMedian = median(directTimes) * 1000
        let confinedMedian = median(confinedTimes) * 1000
        print(
            String(
                format: "%-15@ %9.2f %11.2f %6.2fx %13.2f %14.2fx %16.2fx", benchmark.tool as NSString, toolMedian,
                directMedian, toolMedian / directMedian, confinedMedian, toolMedian / confinedMedian,
                confinedMedian / directMedian))
    }
}
