import Foundation
import Testing
@testable import CodeMode

@Suite(.timeLimit(.minutes(1)), .enabled(if: TestBackends.available("git")))
struct GitDiffToolTests {
    private func repository() throws -> ToolFixture {
        let fixture = try ToolFixture()
        try FixtureProjects.gitRepository(in: fixture.directory)
        return fixture
    }

    private func diff(_ fixture: ToolFixture, _ path: String = ".", staged: Bool = false) throws -> GitDiffResult {
        try GitDiffTool().run(.init(path: path, staged: staged), in: fixture.context)
    }

    @Test func unstagedChangesWithHunksAndANonASCIIName() throws {
        let fixture = try repository()
        let result = try diff(fixture)
        #expect(result.success == true)
        #expect(result.files.map(\.file) == ["README.md", "docs/naïve notes.md"])
        #expect(result.files.map { [$0.additions, $0.deletions] } == [[1, 2], [1, 0]])
        #expect((result.fileCount, result.additions, result.deletions) == (2, 2, 2))
        #expect(
            result.files[0].hunks == [
                "@@ -1,5 +1,4 @@\n # Shop\n \n-line 3\n+line 3 changed\n line 4\n-line 5"
            ])
        #expect(result.files[1].hunks == ["@@ -1,2 +1,3 @@\n first\n second\n+third"])
        // Untracked files are never in a diff.
        #expect(!result.files.contains { $0.file.hasPrefix("notes/") })
    }

    @Test func stagedChangesWithRenameDeleteAndBinary() throws {
        let fixture = try repository()
        let result = try diff(fixture, staged: true)
        #expect(
            result.files.map { "\($0.file) +\($0.additions) -\($0.deletions) \($0.hunks.count)" } == [
                "assets/logo.bin +0 -0 0",
                "gone.txt +0 -1 1",
                "src/app.py +4 -1 1",
                "src/compat.py +0 -0 0",
            ])
        #expect((result.fileCount, result.additions, result.deletions) == (4, 4, 2))
        #expect(result.files[1].hunks == ["@@ -1 +0,0 @@\n-bye"])
    }

    @Test func agreesWithGitNumstat() throws {
        let fixture = try repository()
        for staged in [false, true] {
            let result = try diff(fixture, staged: staged)
            let numstat = try fixture.directory.shell(
                "git", ["-c", "core.quotePath=false", "diff", "--numstat", "-M"] + (staged ? ["--cached"] : []))
            let expected = numstat.split(separator: "\n").map { line -> String in
                let parts = line.split(separator: "\t", maxSplits: 2).map(String.init)
                let path = parts[2].replacingOccurrences(of: "src/{legacy.py => compat.py}", with: "src/compat.py")
                return "\(path) \(Int(parts[0]) ?? 0) \(Int(parts[1]) ?? 0)"
            }
            #expect(result.files.map { "\($0.file) \($0.additions) \($0.deletions)" } == expected)
        }
    }

    @Test func aPathLimitsTheDiffAndPathsAreRelativeToTheWorkspace() throws {
        let fixture = try repository()
        #expect(try diff(fixture, "src", staged: true).files.map(\.file) == ["src/app.py", "src/compat.py"])
        #expect(try diff(fixture, "gone.txt", staged: true).files.map(\.file) == ["gone.txt"])  // deleted: still diffable
        let sub = try Workspace(root: fixture.directory.path + "/src")
        let context = ToolContext(workspace: sub, policy: ToolPolicy(), backends: TestBackends.environment())
        let result = try GitDiffTool().run(.init(path: ".", staged: true), in: context)
        #expect(result.files.map(\.file) == ["app.py", "compat.py"])
    }

    @Test func anEmptyRepositoryAndADirectoryOutsideAnyRepository() throws {
        let fixture = try ToolFixture()
        try fixture.directory.shell("git", ["init", "-q"])
        try fixture.directory.write("first.py", "x = 1\n")
        #expect(try diff(fixture) == GitDiffResult(success: true, fileCount: 0, additions: 0, deletions: 0, files: []))
        try fixture.directory.shell("git", ["add", "first.py"])
        let staged = try diff(fixture, staged: true)
        #expect(staged.files == [DiffFile(file: "first.py", additions: 1, deletions: 0, hunks: ["@@ -0,0 +1 @@\n+x = 1"])])
        let outside = try ToolFixture()
        #expect(
            try diff(outside)
                == GitDiffResult(
                    success: false, fileCount: 0, additions: 0, deletions: 0, files: [],
                    parseError: "not a git repository: \(outside.directory.path)"))
    }

    @Test func repositoryFiltersExternalDiffsAndTextconvDoNotRun() throws {
        let fixture = try repository()
        let canary = fixture.directory.path + "/../canary-\(UUID().uuidString)"
        let script = try fixture.directory.write(".git/evil.sh", "#!/bin/sh\ntouch '\(canary)'\ncat\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        try fixture.directory.write(".gitattributes", "* filter=evil diff=evil\n")
        for (key, value) in [
            ("filter.evil.clean", script), ("filter.evil.smudge", script), ("filter.evil.required", "true"),
            ("diff.evil.textconv", script), ("diff.evil.command", script), ("diff.external", script),
            ("core.fsmonitor", script), ("core.pager", script),
        ] {
            try fixture.directory.shell("git", ["config", key, value])
        }
        try fixture.directory.write("README.md", "touched again\n")
        let result = try diff(fixture)
        #expect(result.files.contains { $0.file == "README.md" && !$0.hunks.isEmpty })
        _ = try diff(fixture, staged: true)
        #expect(!FileManager.default.fileExists(atPath: canary))
    }

    @Test func throughPythonTheResultIsATypedModel() async throws {
        let fixture = try repository()
        let result = await fixture.run(
            """
            d = git_diff(staged=True)
            print(d.file_count, d.additions, d.deletions, [f.file for f in d.files if f.additions])
            u = git_diff("docs")
            print(u.files[0].file, len(u.files[0].hunks))
            """)
        #expect(result.stdout == "4 4 2 ['src/app.py']\ndocs/naïve notes.md 1\n")
        let outside = await fixture.run("git_diff('../..')")
        #expect(outside.error?.message == "path '../..' leads outside the workspace")
    }

    @Test func parserMatchesHunksToNumstatRecords() throws {
        let numstat = "1\t1\t\0old name.py\0new name.py\0-\t-\tbin.dat\0"
        let patch = """
            diff --git a/old name.py b/new name.py
            similarity index 90%
            --- a/old name.py\t
            +++ b/new name.py\t
            @@ -1 +1 @@
            -a
            +b
            @@ -10,2 +10,2 @@ def f():
             x
            -y
            +z
            \\ No newline at end of file
            diff --git a/bin.dat b/bin.dat
            Binary files a/bin.dat and b/bin.dat differ

            """
        let parsed = try #require(GitDiffParser.parse(Array((numstat + "\0" + patch).utf8)))
        #expect(parsed.hunksMatched)
        #expect(
            parsed.files == [
                DiffFile(
                    file: "new name.py", additions: 1, deletions: 1,
                    hunks: ["@@ -1 +1 @@\n-a\n+b", "@@ -10,2 +10,2 @@ def f():\n x\n-y\n+z\n\\ No newline at end of file"]),
                DiffFile(file: "bin.dat", additions: 0, deletions: 0),
            ])
        #expect(GitDiffParser.parse(Array("1\t2".utf8)) == nil)
    }
}
