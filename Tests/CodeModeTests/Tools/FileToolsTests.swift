import Foundation
import Testing
@testable import CodeMode

@Suite(.timeLimit(.minutes(1)))
struct FileToolsTests {
    struct RefusedPath: Sendable, CustomTestStringConvertible {
        let program: String
        let message: String
        var testDescription: String { program }
    }

    static let refusedPaths: [RefusedPath] = [
        RefusedPath(program: "read_file('../outside.txt')", message: "path '../outside.txt' leads outside the workspace"),
        RefusedPath(program: "read_file('a/../../x')", message: "path 'a/../../x' leads outside the workspace"),
        RefusedPath(
            program: "read_file('/etc/passwd')",
            message: "absolute path '/etc/passwd' is not allowed: use a path relative to the workspace"),
        RefusedPath(program: "read_file('a\\x00b')", message: "path 'a\\x00b' contains a NUL byte"),
        RefusedPath(program: "read_file('')", message: "the path is empty"),
        RefusedPath(program: "list_directory('..')", message: "path '..' leads outside the workspace"),
        RefusedPath(program: "git_status('../..')", message: "path '../..' leads outside the workspace"),
    ]

    @Test(arguments: refusedPaths)
    func pathsOutsideTheWorkspaceAreRefused(_ refused: RefusedPath) async throws {
        let result = try await TestExecutor(allowWrite: true).run(refused.program)
        #expect(result.status == .error)
        #expect(result.error?.type == "ToolError")
        #expect(result.error?.message == refused.message)
    }

    @Test func writesOutsideTheWorkspaceAreRefused() async throws {
        let executor = try TestExecutor(allowWrite: true)
        let result = await executor.run("write_file('../escaped.txt', 'x')")
        #expect(result.error?.message == "path '../escaped.txt' leads outside the workspace")
        let parent = URL(fileURLWithPath: executor.directory.path).deletingLastPathComponent().path
        #expect(!FileManager.default.fileExists(atPath: parent + "/escaped.txt"))
    }

    @Test func symlinksPointingOutsideAreRefused() async throws {
        let outside = try TemporaryDirectory(prefix: "punie-outside")
        try outside.write("secret.txt", "canary")
        let executor = try TestExecutor(allowWrite: true)
        try FileManager.default.createSymbolicLink(
            atPath: executor.directory.path + "/escape", withDestinationPath: outside.path)
        try FileManager.default.createSymbolicLink(
            atPath: executor.directory.path + "/secret-link", withDestinationPath: outside.path + "/secret.txt")
        let through = await executor.run("read_file('escape/secret.txt')")
        #expect(
            through.error?.message
                == "path 'escape/secret.txt' goes through a symbolic link, which Code Mode tools do not follow")
        let direct = await executor.run("read_file('secret-link')")
        #expect(direct.error?.type == "ToolError")
        #expect(direct.error?.message.contains("symbolic link") == true)
        let write = await executor.run("write_file('escape/new.txt', 'x')")
        #expect(write.error?.message.contains("symbolic link") == true)
        #expect(!FileManager.default.fileExists(atPath: outside.path + "/new.txt"))
        let listing = await executor.run("list_directory('escape')")
        #expect(listing.error?.message.contains("symbolic link") == true)
        #expect(try outside.read("secret.txt") == "canary")
    }

    @Test func writeNeedsPermission() async throws {
        let executor = try TestExecutor(allowWrite: false)
        let result = await executor.run("write_file('new.txt', 'data')")
        #expect(result.status == .error)
        #expect(result.error?.type == "ToolError")
        #expect(
            result.error?.message
                == "write_file is not allowed: writes are off for this run (pass --allow-write to permit them)")
        #expect(!FileManager.default.fileExists(atPath: executor.directory.path + "/new.txt"))
    }

    @Test func writeIsAtomicCreatesParentsAndKeepsPermissions() async throws {
        let executor = try TestExecutor(allowWrite: true)
        let existing = try executor.directory.write("script.sh", "old")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: existing)
        let result = await executor.run(
            """
            print(write_file("deep/er/new.txt", "héllo\\n"))
            print(write_file("script.sh", "new"))
            """)
        #expect(result.status == .ok)
        #expect(result.stdout == "Wrote 6 characters to deep/er/new.txt\nWrote 3 characters to script.sh\n")
        #expect(try executor.directory.read("deep/er/new.txt") == "héllo\n")
        #expect(try executor.directory.read("script.sh") == "new")
        let permissions = try FileManager.default.attributesOfItem(atPath: existing)[.posixPermissions] as? Int
        #expect(permissions == 0o755)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: executor.directory.path)
            .filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func writeOverADirectoryFails() async throws {
        let executor = try TestExecutor(allowWrite: true)
        try executor.directory.write("dir/file.txt", "x")
        let result = await executor.run("write_file('dir', 'x')")
        #expect(result.error?.message == "'dir' exists and is not a regular file")
    }

    @Test func readRefusesBinaryFilesAndLargeFiles() async throws {
        let executor = try TestExecutor()
        try executor.directory.write("logo.png", Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x01]))
        try executor.directory.write("latin1.txt", Data([0x63, 0x61, 0x66, 0xE9]))
        let binary = await executor.run("read_file('logo.png')")
        #expect(binary.error?.message == "'logo.png' is a binary file, not UTF-8 text")
        let latin1 = await executor.run("read_file('latin1.txt')")
        #expect(latin1.error?.message == "'latin1.txt' is a binary file, not UTF-8 text")
        let directory = await executor.run("read_file('.')")
        #expect(directory.error?.message == "'.' is not a regular file")

        let tool = ReadFileTool(sizeLimit: 10)
        try executor.directory.write("big.txt", String(repeating: "a", count: 11))
        #expect(throws: ToolError(.notAllowed, "'big.txt' has 11 bytes, more than the 10-byte limit")) {
            try tool.run(ReadFileTool.Arguments(path: "big.txt"), in: executor.executor.context)
        }
    }

    @Test func listDirectoryReportsKindsAndSizesSortedByName() async throws {
        let executor = try TestExecutor()
        try executor.directory.write("src/b.py", "print(1)\n")
        try executor.directory.write("src/a.py", "")
        try FileManager.default.createSymbolicLink(
            atPath: executor.directory.path + "/src/link", withDestinationPath: "a.py")
        try FileManager.default.createDirectory(
            atPath: executor.directory.path + "/src/pkg", withIntermediateDirectories: true)
        let result = await executor.run(
            """
            listing = list_directory("src")
            print(listing.path, listing.entry_count)
            for entry in listing.entries:
                print(entry.name, entry.kind, entry.size if entry.kind == "file" else "-")
            """)
        #expect(result.status == .ok)
        #expect(result.stdout == "src 4\na.py file 0\nb.py file 9\nlink symlink -\npkg directory -\n")
    }

    @Test func missingPathsAreClearErrors() async throws {
        let result = try await TestExecutor().run("list_directory('nope')")
        #expect(result.error?.message == "'nope' does not exist in the workspace")
    }
}
