import Foundation
import Testing

/// The command line end to end: the built `punie-exec` binary, its output and exit status.
@Suite(.timeLimit(.minutes(1)))
struct CLITests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the binary built beside the test bundle.
    func punieExec(_ arguments: [String], stdin: Data = Data(), in directory: URL? = nil) throws -> Outcome {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("punie-exec")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? Self.repositoryRoot
        let input = Pipe()
        let output = Pipe()
        let error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        input.fileHandleForWriting.write(stdin)
        try input.fileHandleForWriting.close()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("punie-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func theExampleRunsAndPrintsTheResponse() throws {
        let outcome = try punieExec(["run", "examples/model-output.txt", "--workspace", "examples/workspace"])
        #expect(outcome.status == 0)
        #expect(outcome.stderr == "")
        #expect(
            outcome.stdout == """
                3 entries, 3 Python modules:
                  __init__.py: 3 lines, 78 bytes, classes: -
                  models.py: 30 lines, 645 bytes, classes: Item, Inventory
                  pricing.py: 10 lines, 282 bytes, classes: -

                """)
    }

    @Test func modelOutputFromStdin() throws {
        let output = "<tool_call><function=execute_code><parameter=code>\nprint(6 * 7)\n</parameter></function></tool_call>"
        let outcome = try punieExec(["run", "-"], stdin: Data(output.utf8))
        #expect(outcome.status == 0)
        #expect(outcome.stdout == "42\n")
    }

    @Test func aFailingProgramExitsOneAndKeepsItsOutput() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let program = directory.appendingPathComponent("p.py")
        try Data("print('partial')\nraise ValueError('boom')\n".utf8).write(to: program)
        let outcome = try punieExec(["run", "--code-file", program.path, "--workspace", directory.path])
        #expect(outcome.status == 1)
        #expect(
            outcome.stdout == """
                partial
                Traceback (most recent call last):
                  File "<code>", line 2, in <module>
                    raise ValueError('boom')
                ValueError: boom

                """)
    }

    @Test func jsonOutputIsTheExecutionResult() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("x".utf8).write(to: directory.appendingPathComponent("a.txt"))
        let program = directory.appendingPathComponent("p.py")
        try Data("print(read_file('a.txt'))\n".utf8).write(to: program)
        let outcome = try punieExec(["run", "--code-file", program.path, "--workspace", directory.path, "--json"])
        #expect(outcome.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(object["status"] as? String == "ok")
        #expect(object["stdout"] as? String == "x\n")
        #expect(object["response"] as? String == "x\n")
        let calls = try #require(object["tool_calls"] as? [[String: Any]])
        #expect(calls.first?["name"] as? String == "read_file")
        #expect(calls.first?["result_type"] as? String == "str")
        #expect(object["duration"] is Double)
    }

    @Test func writesNeedAllowWrite() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let program = directory.appendingPathComponent("p.py")
        try Data("print(write_file('out.txt', 'data'))\n".utf8).write(to: program)
        let refused = try punieExec(["run", "--code-file", program.path, "--workspace", directory.path])
        #expect(refused.status == 1)
        #expect(refused.stdout.hasSuffix("ToolError: write_file is not allowed: writes are off for this run (pass --allow-write to permit them)\n"))
        let allowed = try punieExec(["run", "--code-file", program.path, "--workspace", directory.path, "--allow-write"])
        #expect(allowed.status == 0)
        #expect(allowed.stdout == "Wrote 4 characters to out.txt\n")
        #expect(try String(contentsOf: directory.appendingPathComponent("out.txt"), encoding: .utf8) == "data")
    }

    struct BadInput: Sendable, CustomTestStringConvertible {
        let name: String
        let arguments: [String]
        let stdin: [UInt8]
        let message: String
        var testDescription: String { name }
    }

    static let badInputs: [BadInput] = [
        BadInput(name: "empty input", arguments: ["run"], stdin: [], message: "punie-exec: the input is empty\n"),
        BadInput(
            name: "no tool call", arguments: ["run", "-"], stdin: Array("Just an answer.".utf8),
            message: "punie-exec: the input has no tool call\n"),
        BadInput(
            name: "empty code", arguments: ["run"],
            stdin: Array("<tool_call><function=execute_code><parameter=code>\n\n</parameter></function></tool_call>".utf8),
            message: "punie-exec: the execute_code call has no code\n"),
        BadInput(
            name: "invalid UTF-8", arguments: ["run"], stdin: Array("ok ".utf8) + [0xFF, 0xFE] + Array(" more".utf8),
            message: "punie-exec: the input is not valid UTF-8 (first invalid byte at offset 3)\n"),
        BadInput(
            name: "unreadable file", arguments: ["run", "/nonexistent/output.txt"], stdin: [],
            message: "punie-exec: cannot read '/nonexistent/output.txt': no such file or not readable\n"),
        BadInput(
            name: "missing workspace", arguments: ["run", "--workspace", "/nonexistent/ws"],
            stdin: Array("<tool_call><function=execute_code><parameter=code>print(1)</parameter></function></tool_call>".utf8),
            message: "punie-exec: workspace '/nonexistent/ws' cannot be opened: No such file or directory\n"),
    ]

    @Test(arguments: badInputs)
    func badInputExitsTwoWithAOneLineMessage(_ input: BadInput) throws {
        let outcome = try punieExec(input.arguments, stdin: Data(input.stdin))
        #expect(outcome.status == 2)
        #expect(outcome.stdout == "")
        #expect(outcome.stderr == input.message)
    }

    @Test func stubsPrintsTheStubText() throws {
        let outcome = try punieExec(["stubs"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("def typecheck(path: str) -> TypeCheckResult:"))
        #expect(outcome.stdout.contains("class TypeCheckResult(BaseModel):"))
        #expect(outcome.stdout.contains("    parse_error: str | None = None"))
    }
}

@Suite(.timeLimit(.minutes(1)))
struct ParseCommandTests {
    let cli = CLITests()

    @Test func parsePrintsCallsWithFormatsAsJSON() throws {
        let output = """
            <think>plan</think>
            Checking types.
            <tool_call><function=typecheck><parameter=path>src/</parameter></function></tool_call>
            """
        let outcome = try cli.punieExec(["parse", "--json"], stdin: Data(output.utf8))
        #expect(outcome.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let calls = try #require(object["calls"] as? [[String: Any]])
        #expect(calls.count == 1)
        #expect(calls.first?["name"] as? String == "typecheck")
        #expect(calls.first?["format"] as? String == "qwen3_xml")
        #expect((calls.first?["arguments"] as? [String: Any])?["path"] as? String == "src/")
    }

    @Test func parseReportsErrorsWithExitOne() throws {
        let outcome = try cli.punieExec(
            ["parse"], stdin: Data("<tool_call><function=execute_code><parameter=code>print(1)".utf8))
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("call 1: execute_code [qwen3_xml]"))
        #expect(outcome.stdout.contains("error ["))
    }

    @Test func anUnknownFormatIsAUsageError() throws {
        let outcome = try cli.punieExec(["parse", "--format", "yaml"], stdin: Data())
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("unknown format 'yaml'"))
    }

    @Test func runExecutesADirectTypedCallAsAOneLineProgram() throws {
        let directory = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("hi".utf8).write(to: directory.appendingPathComponent("a.txt"))
        let output = #"<tool_call>{"name": "list_directory", "arguments": {"path": "."}}</tool_call>"#
        let outcome = try cli.punieExec(["run", "--workspace", directory.path], stdin: Data(output.utf8))
        #expect(outcome.status == 0)
        #expect(outcome.stdout.hasPrefix("success=True path='.' entries=[DirectoryEntry(name='a.txt', kind='file', size=2)]"))
    }
}
