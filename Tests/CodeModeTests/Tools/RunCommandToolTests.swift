import Foundation
import Testing
@testable import CodeMode

@Suite(.timeLimit(.minutes(1)))
struct RunCommandToolTests {
    private func workspace(allowCommands: Bool = true, extra: [String] = [], timeout: Double = 60) throws -> ToolFixture {
        let fixture = try ToolFixture(
            policy: ToolPolicy(allowCommands: allowCommands, allowedCommands: ToolPolicy.defaultCommands + extra),
            backends: TestBackends.environment(timeout: timeout))
        try fixture.directory.write("src/a.py", "import os\nprint('a')\n")
        try fixture.directory.write("src/b.py", "print('b')\n")
        try fixture.directory.write("dir with space/naïve.txt", "x\ny\nx\n")
        return fixture
    }

    private func command(_ fixture: ToolFixture, _ name: String, _ args: [String]? = nil, cwd: String? = nil) throws
        -> String
    {
        try RunCommandTool().run(.init(command: name, args: args, cwd: cwd), in: fixture.context)
    }

    @Test func runsAllowlistedProgramsAsArgv() throws {
        let fixture = try workspace()
        #expect(try command(fixture, "grep", ["-rn", "print", "src"]).split(separator: "\n").sorted() == [
            "src/a.py:2:print('a')", "src/b.py:1:print('b')",
        ])
        #expect(try command(fixture, "wc", ["-l", "naïve.txt"], cwd: "dir with space") == "3 naïve.txt\n")
        #expect(try command(fixture, "sort", ["-u", "dir with space/naïve.txt"]) == "x\ny\n")
        #expect(try command(fixture, "ls") == "dir with space\nsrc\n")
        #expect(try command(fixture, "grep", ["-c", "$(rm -rf /)", "src/a.py"]) == "0\n")  // no shell
    }

    @Test func combinedOutputKeepsStderrAndANonZeroExitIsNotAnError() throws {
        let fixture = try workspace()
        let output = try command(fixture, "ls", ["src", "missing"])
        #expect(output.hasPrefix("src:\na.py\nb.py\n"))
        #expect(output.contains("ls: cannot access 'missing': No such file or directory"))
        #expect(try command(fixture, "grep", ["nothing-matches", "src/a.py"]) == "")
    }

    @Test func throughPython() async throws {
        let fixture = try workspace()
        let result = await fixture.run("print(run_command('head', ['-n', '1', 'src/a.py']), end='')")
        #expect(result.stdout == "import os\n")
        let refused = try workspace(allowCommands: false)
        let off = await refused.run("run_command('ls')")
        #expect(off.error?.type == "ToolError")
        #expect(
            off.error?.message
                == "run_command is not allowed: commands are off for this run (pass --allow-commands to permit them)")
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        let command: String
        let args: [String]
        let cwd: String?
        let message: String
        var testDescription: String { "\(command) \(args)" }
    }

    static let refusals: [Refusal] = [
        Refusal(
            command: "rm", args: ["-rf", "src"], cwd: nil,
            message:
                "'rm' is not an allowed command (allowed: cat, find, grep, head, ls, sort, tail, uniq, wc); pass --allow-command NAME to allow another"
        ),
        Refusal(
            command: "/bin/ls", args: [], cwd: nil,
            message:
                "'/bin/ls' is not an allowed command (allowed: cat, find, grep, head, ls, sort, tail, uniq, wc); pass --allow-command NAME to allow another"
        ),
        Refusal(
            command: "cat", args: ["/etc/passwd"], cwd: nil,
            message: "absolute path '/etc/passwd' is not allowed: use a path relative to the workspace"),
        Refusal(
            command: "grep", args: ["-r", "x", "--include=/etc/hosts"], cwd: nil,
            message: "absolute path '/etc/hosts' is not allowed: use a path relative to the workspace"),
        Refusal(
            command: "cat", args: ["../secret"], cwd: nil, message: "path '../secret' leads outside the workspace"),
        Refusal(command: "ls", args: ["."], cwd: "..", message: "path '..' leads outside the workspace"),
        Refusal(
            command: "find", args: [".", "-exec", "sh", "-c", "id", ";"], cwd: nil,
            message:
                "find -exec is not allowed in run_command: it could run programs, write files or read outside the workspace"
        ),
        Refusal(
            command: "find", args: [".", "-delete"], cwd: nil,
            message:
                "find -delete is not allowed in run_command: it could run programs, write files or read outside the workspace"
        ),
        Refusal(
            command: "sort", args: ["-o", "out.txt", "src/a.py"], cwd: nil,
            message:
                "sort -o is not allowed in run_command: it could run programs, write files or read outside the workspace"
        ),
        Refusal(
            command: "sort", args: ["-ro", "out.txt", "src/a.py"], cwd: nil,
            message:
                "sort -ro is not allowed in run_command: it could run programs, write files or read outside the workspace"
        ),
        Refusal(
            command: "sort", args: ["--compress-program=sh", "src/a.py"], cwd: nil,
            message:
                "sort --compress-program=sh is not allowed in run_command: it could run programs, write files or read outside the workspace"
        ),
        Refusal(
            command: "grep", args: ["-Rn", "x", "."], cwd: nil,
            message:
                "grep -Rn is not allowed in run_command: it could run programs, write files or read outside the workspace"
        ),
        Refusal(
            command: "uniq", args: ["src/a.py", "out.txt"], cwd: nil,
            message: "uniq with an output file is not allowed in run_command: give one input file at most"),
    ]

    @Test(arguments: refusals)
    func refusesWhatCouldEscape(_ refusal: Refusal) throws {
        let fixture = try workspace()
        let error = #expect(throws: ToolError.self) {
            try command(fixture, refusal.command, refusal.args, cwd: refusal.cwd)
        }
        #expect(error?.message == refusal.message)
        #expect(!FileManager.default.fileExists(atPath: fixture.directory.path + "/out.txt"))
        #expect(FileManager.default.fileExists(atPath: fixture.directory.path + "/src/a.py"))
    }

    @Test func symlinksAreRefusedAndPatternsThatLookLikePathsAreNot() throws {
        let fixture = try workspace()
        try FileManager.default.createSymbolicLink(atPath: fixture.directory.path + "/etc", withDestinationPath: "/etc")
        let error = #expect(throws: ToolError.self) { try command(fixture, "cat", ["etc/hostname"]) }
        #expect(error?.message == "path 'etc/hostname' goes through a symbolic link, which Code Mode tools do not follow")
        #expect(try command(fixture, "grep", ["-rc", "/api/v1/", "src/a.py"]) == "0\n")
    }

    @Test func extraCommandsTimeoutsAndMissingPrograms() throws {
        let fixture = try workspace(extra: ["sleep", "no-such-program-xyz"], timeout: 1)
        let slow = #expect(throws: ToolError.self) { try command(fixture, "sleep", ["30"]) }
        #expect(
            slow?.message
                == "sleep timed out after 1 s and was stopped: narrow the command (a smaller path, a more specific "
                + "pattern, head)")
        let missing = #expect(throws: ToolError.self) { try command(fixture, "no-such-program-xyz") }
        #expect(missing?.message == "no-such-program-xyz not found on this machine: install it or add it to PATH")
    }

    @Test func lonePathSurrogatesAreRefusedWithAClearMessage() async throws {
        let fixture = try workspace()
        let result = await fixture.run("read_file('a\\ud800b')")
        #expect(result.error?.type == "ToolError")
        #expect(
            result.error?.message
                == "read_file(): an argument contains a lone surrogate ('\\ud800'), which is not valid Unicode: pass text without unpaired surrogates")
    }
}
