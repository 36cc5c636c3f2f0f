import Foundation
import Testing
@testable import CodeMode

@Suite(.timeLimit(.minutes(1)), .enabled(if: TestBackends.available("git")))
struct GitLogToolTests {
    private func repository() throws -> ToolFixture {
        let fixture = try ToolFixture()
        try FixtureProjects.gitRepository(in: fixture.directory)
        return fixture
    }

    private func log(_ fixture: ToolFixture, _ path: String = ".", count: Int = 10) throws -> GitLogResult {
        try GitLogTool().run(.init(path: path, count: count), in: fixture.context)
    }

    @Test func commitsNewestFirstWithSeparatorsInMessages() throws {
        let fixture = try repository()
        let result = try log(fixture)
        #expect(result.success == true)
        #expect(result.commitCount == 3 && result.commits.count == 3)
        #expect(
            result.commits.map(\.message) == [
                "Notes: naïve \u{1E} record separator", "Return two", "Initial commit",
            ])
        #expect(result.commits.allSatisfy { $0.author == "Test <test@example.com>" })
        #expect(result.commits.allSatisfy { $0.date == "2025-01-04 10:00:00 +0000" })
        let hashes = try fixture.directory.shell("git", ["log", "--format=%H"]).split(separator: "\n").map(String.init)
        #expect(result.commits.map(\.hash) == hashes)
    }

    @Test func countAndPathLimitTheHistory() throws {
        let fixture = try repository()
        #expect(try log(fixture, count: 2).commits.map(\.message) == ["Notes: naïve \u{1E} record separator", "Return two"])
        #expect(try log(fixture, count: 0).commits == [])
        #expect(try log(fixture, "src/app.py").commits.map(\.message) == ["Return two", "Initial commit"])
        #expect(try log(fixture, "gone.txt").commits.map(\.message) == ["Initial commit"])  // deleted in the worktree only
        #expect(try log(fixture, "docs/naïve notes.md").commitCount == 2)
    }

    @Test func anEmptyRepositoryHasNoCommitsAndOutsideARepositoryIsUnsuccessful() throws {
        let empty = try ToolFixture()
        try empty.directory.shell("git", ["init", "-q"])
        #expect(try log(empty) == GitLogResult(success: true, commits: [], commitCount: 0))
        let outside = try ToolFixture()
        #expect(
            try log(outside)
                == GitLogResult(
                    success: false, commits: [], commitCount: 0,
                    parseError: "not a git repository: \(outside.directory.path)"))
    }

    @Test func signatureVerificationDoesNotRun() throws {
        let fixture = try repository()
        let canary = fixture.directory.path + "/../gpg-\(UUID().uuidString)"
        let script = try fixture.directory.write(".git/gpg.sh", "#!/bin/sh\ntouch '\(canary)'\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        try fixture.directory.shell("git", ["config", "log.showSignature", "true"])
        try fixture.directory.shell("git", ["config", "gpg.program", script])
        #expect(try log(fixture).commitCount == 3)
        #expect(!FileManager.default.fileExists(atPath: canary))
    }

    @Test func throughPythonAndBadCounts() async throws {
        let fixture = try repository()
        let result = await fixture.run("r = git_log(count=1)\nprint(r.commit_count, r.commits[0].message, len(r.commits[0].hash))")
        #expect(result.stdout == "1 Notes: naïve \u{1E} record separator 40\n")
        let negative = await fixture.run("git_log(count=-1)")
        #expect(negative.error?.type == "TypeError")
        #expect(negative.error?.message == "git_log() argument 'count' must be between 0 and 10000, not -1")
    }

    @Test func parserRefusesMalformedRecords() {
        let good = "0123abcd\nA <a@b>\n2025-01-01 00:00:00 +0000\nsubject\0"
        #expect(
            GitLogParser.parse(Array(good.utf8))
                == [GitCommit(hash: "0123abcd", message: "subject", author: "A <a@b>", date: "2025-01-01 00:00:00 +0000")])
        #expect(GitLogParser.parse(Array("zz\nA\n".utf8)) == nil)
        #expect(GitLogParser.parse([]) == [])
    }
}
