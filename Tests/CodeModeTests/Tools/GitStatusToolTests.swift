import Foundation
import Testing
@testable import CodeMode

@Suite(.timeLimit(.minutes(1)))
struct GitStatusToolTests {
    private func repository() throws -> TestExecutor {
        let executor = try TestExecutor()
        let directory = executor.directory
        try directory.shell("git", ["init", "-q", "-b", "main"])
        try directory.write("README.md", "readme\n")
        try directory.write("src/app.py", "print(1)\n")
        try directory.write("src/old name.py", "x = 1\n")
        try directory.write("gone.txt", "bye\n")
        try directory.shell("git", ["add", "-A"])
        try directory.shell("git", ["commit", "-q", "-m", "initial"])
        return executor
    }

    @Test func reportsStagedUnstagedUntrackedRenamedAndDeletedFiles() async throws {
        let executor = try repository()
        let directory = executor.directory
        try directory.write("README.md", "changed\n")  // unstaged
        try directory.write("src/app.py", "print(2)\n")
        try directory.shell("git", ["add", "src/app.py"])  // staged
        try directory.write("src/app.py", "print(3)\n")  // and unstaged again
        try directory.shell("git", ["mv", "src/old name.py", "src/naïve new.py"])  // staged rename
        try directory.shell("git", ["rm", "-q", "gone.txt"])  // staged delete
        try directory.write("notes/todo.txt", "todo\n")  // untracked
        let result = await executor.run(
            """
            status = git_status()
            print(status.success, status.clean, status.file_count)
            for f in status.files:
                print(f.file, f.status, f.staged)
            """)
        #expect(result.status == .ok)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "True False 6")
        #expect(
            Set(lines.dropFirst()) == [
                "README.md modified False",
                "gone.txt deleted True",
                "src/app.py modified True",
                "src/app.py modified False",
                "src/naïve new.py renamed True",
                "notes/todo.txt untracked False",
            ])
    }

    @Test func aCleanTreeIsClean() async throws {
        let executor = try repository()
        let result = await executor.run("s = git_status()\nprint(s.success, s.clean, s.file_count, s.files)")
        #expect(result.stdout == "True True 0 []\n")
    }

    @Test func aPathLimitsTheStatus() async throws {
        let executor = try repository()
        try executor.directory.write("README.md", "changed\n")
        try executor.directory.write("src/new.py", "x\n")
        let result = await executor.run("print([f.file for f in git_status('src').files])")
        #expect(result.stdout == "['src/new.py']\n")
    }

    /// The path is a literal pathspec, as for the other git tools: `*` matches itself only.
    @Test func aPathIsLiteralNotAPattern() async throws {
        let executor = try repository()
        try executor.directory.write("src/a*.py", "x\n")
        try executor.directory.write("src/ab.py", "y\n")
        let result = await executor.run("print([f.file for f in git_status('src/a*.py').files])")
        #expect(result.stdout == "['src/a*.py']\n")
    }

    @Test func anEmptyRepositoryWorks() async throws {
        let executor = try TestExecutor()
        try executor.directory.shell("git", ["init", "-q"])
        try executor.directory.write("first.py", "")
        let result = await executor.run("s = git_status()\nprint(s.success, [(f.file, f.status) for f in s.files])")
        #expect(result.stdout == "True [('first.py', 'untracked')]\n")
    }

    @Test func aDirectoryOutsideAnyRepositoryIsAnUnsuccessfulResult() async throws {
        let executor = try TestExecutor()
        let result = await executor.run("s = git_status()\nprint(s.success, s.parse_error)")
        #expect(result.status == .ok)
        #expect(result.stdout == "False not a git repository: \(executor.directory.path)\n")
    }

    @Test func repositoryHooksAndFsmonitorDoNotRun() async throws {
        let executor = try repository()
        let canary = executor.directory.path + "/../fsmonitor-ran-\(UUID().uuidString)"
        try executor.directory.write(".git/hooks/fsmon.sh", "#!/bin/sh\ntouch '\(canary)'\n")
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o755], ofItemAtPath: executor.directory.path + "/.git/hooks/fsmon.sh")
        try executor.directory.shell("git", ["config", "core.fsmonitor", executor.directory.path + "/.git/hooks/fsmon.sh"])
        let result = await executor.run("print(git_status().success)")
        #expect(result.stdout == "True\n")
        #expect(!FileManager.default.fileExists(atPath: canary))
    }

    @Test func repositoryFiltersDoNotRunEvenThroughAnInclude() async throws {
        let executor = try repository()
        let directory = executor.directory
        let canary = directory.path + "/../filter-ran-\(UUID().uuidString)"
        let script = try directory.write(".git/evil.sh", "#!/bin/sh\ntouch '\(canary)'\ncat\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        try directory.write(".gitattributes", "*.md filter=evil\n*.py filter=included\n")
        try directory.shell("git", ["config", "filter.evil.clean", script])
        try directory.shell("git", ["config", "filter.evil.required", "true"])
        let result = await executor.run("print(git_status().success)")
        #expect(result.stdout == "True\n")
        // A filter defined in an included file: the config is read by git itself.
        try directory.write(".git/more.cfg", "[filter \"included\"]\n\tclean = \(script)\n\trequired = true\n")
        try directory.shell("git", ["config", "include.path", "more.cfg"])
        try directory.write("README.md", "changed again\n")
        try directory.write("src/app.py", "print(4)\n")
        let included = await executor.run("print([(f.file, f.status) for f in git_status().files])")
        #expect(included.stdout.contains("('README.md', 'modified')"))
        #expect(!FileManager.default.fileExists(atPath: canary))
    }

    @Test func parserReadsRecordsWithSpacesAndRenames() {
        let records = [
            "1 .M N... 100644 100644 100644 aaaa bbbb with space.txt",
            "2 R. N... 100644 100644 100644 aaaa bbbb R100 new name.py", "old name.py",
            "u UU N... 100644 100644 100644 100644 a b c conflict.py",
            "? untracked dir/file.txt", "",
        ]
        let bytes = Array(records.joined(separator: "\0").utf8)
        let files = GitStatusParser.parse(bytes)
        #expect(
            files == [
                GitFileStatus(file: "with space.txt", status: "modified", staged: false),
                GitFileStatus(file: "new name.py", status: "renamed", staged: true),
                GitFileStatus(file: "conflict.py", status: "unmerged", staged: false),
                GitFileStatus(file: "untracked dir/file.txt", status: "untracked", staged: false),
            ])
    }

    /// Both sides of an entry, codes git may add later, and records that do not have the format's
    /// fields (skipped, not guessed at); a path that is not UTF-8 is repaired, not dropped.
    @Test func parserReadsBothSidesAndSkipsMalformedRecords() {
        var bytes = Array("1 MD N... 100644 100644 000000 aaaa bbbb both.py\0".utf8)
        bytes += Array("1 .X N... 100644 100644 100644 aaaa bbbb new-code.py\0".utf8)
        bytes += Array("1 .M N... 100644 100644 100644 aaaa too-few-fields\0".utf8)
        bytes += Array("1 M N... 100644 100644 100644 aaaa bbbb short-codes.py\0".utf8)
        bytes += Array("! ignored.log\0# branch.oid abc\0".utf8)
        bytes += Array("? latin-".utf8) + [0xE9] + Array(".txt\0".utf8)
        #expect(
            GitStatusParser.parse(bytes) == [
                GitFileStatus(file: "both.py", status: "modified", staged: true),
                GitFileStatus(file: "both.py", status: "deleted", staged: false),
                GitFileStatus(file: "new-code.py", status: "unknown", staged: false),
                GitFileStatus(file: "latin-\u{FFFD}.txt", status: "untracked", staged: false),
            ])
    }
}

@Suite(.timeLimit(.minutes(1)))
struct GitStatusSubdirectoryTests {
    @Test func pathsAreRelativeToAWorkspaceInsideTheRepository() async throws {
        let repository = try TemporaryDirectory()
        try repository.shell("git", ["init", "-q"])
        try repository.write("project/src/a.py", "x\n")
        try repository.write("other.txt", "y\n")
        let context = ToolContext(
            workspace: try Workspace(root: repository.path + "/project"), policy: ToolPolicy())
        let result = await InProcessExecutor(context: context).execute("print([f.file for f in git_status().files])")
        #expect(result.stdout == "['src/a.py']\n")
    }
}
