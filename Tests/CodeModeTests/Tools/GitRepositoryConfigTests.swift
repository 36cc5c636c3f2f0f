import Foundation
import Testing
@testable import CodeMode

@Suite(.timeLimit(.minutes(1)))
struct GitRepositoryConfigTests {
    private func drivers(_ text: String) -> [String]? {
        GitRepositoryConfig.parse(Array(text.utf8)).map { $0.filterDrivers.map { String(decoding: $0, as: UTF8.self) } }
    }

    @Test func findsFilterSectionsInEveryForm() {
        let text = """
            [core]
            \trepositoryformatversion = 0
            \tbare = false
            [filter "lfs"]
            \tclean = git-lfs clean -- %f
            [Filter "With Space"] smudge = evil ; a key on the header's line
            [filter.Old]
            \tprocess = evil
            [filter "a.b"]
            \trequired
            [filter "quo\\"te"]
            \tclean = x
            [filter "lfs"]
            \tsmudge = again
            [filter "nokeys"]
            [filter]
            \tclean = a key without a subsection names no driver
            """
        #expect(drivers(text) == ["lfs", "With Space", "old", "a.b", "quo\"te"])
        #expect(GitRepositoryConfig.parse(Array(text.utf8))?.movesWorkTree == false)
    }

    @Test func valuesCannotHideOrForgeSections() {
        // A continued value and a quoted value span what looks like a header; comments hold one.
        let text = """
            [alias]
            \tx = one \\
            [filter "continued"]
            \ty = "[filter \\"quoted\\"]"
            # [filter "commented"]
            \tz = 1 ; [filter "trailing"]
            [filter "real"]
            \tclean = cat
            """
        #expect(drivers(text) == ["real"])
    }

    @Test func handlesCarriageReturnsAndAByteOrderMark() {
        #expect(drivers("\u{FEFF}[filter \"bom\"]\r\n\tclean = x\r\n") == ["bom"])
    }

    @Test func includesAndTextGitRejectsAreLeftToGit() {
        #expect(drivers("[include]\n\tpath = other\n") == nil)
        #expect(drivers("[includeIf \"gitdir:/x/\"]\n\tpath = other\n") == nil)
        #expect(drivers("[IncludeIf \"onbranch:main\"]\n\tPath = other\n") == nil)
        #expect(drivers("[filter \"x\"\n\tclean = y\n") == nil)  // an unfinished header
        #expect(drivers("[filter \"x\"]\n\tclean = \"open\n") == nil)  // an unfinished quote
        #expect(drivers("[filter \"x\"]\n\tclean = a\\qb\n") == nil)  // an unknown escape
        #expect(drivers("clean = before any section\n") == nil)
        #expect(drivers("[filter \"x\"]\n\t9clean = y\n") == nil)
        #expect(drivers("[filter \"x\"]\n\tclean = a\0b\n") == nil)
        #expect(drivers("") == [])
    }

    @Test func notesWhatMovesTheWorkingTree() {
        #expect(GitRepositoryConfig.parse(Array("[core]\n\tworktree = /elsewhere\n".utf8))?.movesWorkTree == true)
        #expect(GitRepositoryConfig.parse(Array("[core]\n\tbare\n".utf8))?.movesWorkTree == true)
        #expect(GitRepositoryConfig.parse(Array("[core]\n\tbare = yes\n".utf8))?.movesWorkTree == true)
        #expect(GitRepositoryConfig.parse(Array("[core]\n\tbare = Off\n".utf8))?.movesWorkTree == false)
        #expect(GitRepositoryConfig.parse(Array("[core \"x\"]\n\tworktree = y\n".utf8))?.movesWorkTree == false)
    }

    /// Every config above that the reader accepts, git reads the same way.
    @Test(.enabled(if: TestBackends.available("git")))
    func agreesWithGitConfig() throws {
        let texts = [
            "[filter \"lfs\"]\n\tclean = x\n[Filter \"With Space\"] smudge = y ; c\n[filter.Old]\n\tprocess = z\n",
            "[alias]\n\tx = one \\\n[filter \"continued\"]\n\ty = \"[filter \\\"quoted\\\"]\"\n[filter \"real\"]\n\tclean = cat\n",
            "[filter \"quo\\\"te\"]\n\tclean = x\n[filter \"a.b\"]\n\trequired\n",
        ]
        for text in texts {
            let directory = try TemporaryDirectory()
            let file = try directory.write("config", text)
            let listed = try directory.shell("git", ["config", "--file", file, "--null", "--name-only", "--list"])
            var expected: [String] = []
            for key in listed.split(separator: "\0") where key.hasPrefix("filter.") {
                let rest = key.dropFirst(7)
                guard let dot = rest.lastIndex(of: ".") else { continue }
                if !expected.contains(String(rest[..<dot])) { expected.append(String(rest[..<dot])) }
            }
            #expect(drivers(text) == expected, "\(text)")
        }
    }
}

@Suite(.timeLimit(.minutes(1)), .enabled(if: TestBackends.available("git")))
struct GitRepositoryLayoutTests {
    private func layout(_ path: String) -> GitRepositoryLayout? { GitRepositoryLayout.discover(workspaceRoot: path) }

    @Test func atTheTopAndInASubdirectory() throws {
        let repository = try TemporaryDirectory()
        try repository.shell("git", ["init", "-q"])
        try repository.write("sub/dir/a.py", "")
        #expect(
            layout(repository.path)
                == GitRepositoryLayout(
                    top: repository.path, gitDirectory: repository.path + "/.git",
                    commonDirectory: repository.path + "/.git", prefix: ""))
        #expect(layout(repository.path + "/sub/dir")?.prefix == "sub/dir/")
        #expect(try repository.shell("git", ["-C", "sub/dir", "rev-parse", "--show-prefix"]) == "sub/dir/\n")
    }

    @Test func aSymbolicLinkToTheWorkspaceGivesGitsPrefix() throws {
        let repository = try TemporaryDirectory()
        try repository.shell("git", ["init", "-q"])
        try repository.write("real/a.py", "")
        let elsewhere = try TemporaryDirectory()
        try FileManager.default.createSymbolicLink(atPath: elsewhere.path + "/link", withDestinationPath: repository.path + "/real")
        #expect(layout(elsewhere.path + "/link")?.prefix == "real/")
    }

    @Test func aGitFileNamingADirectoryBeneathTheTop() throws {
        let repository = try TemporaryDirectory()
        try repository.shell("git", ["init", "-q", "--separate-git-dir", repository.path + "/.store", repository.path + "/tree"])
        try repository.write("tree/src/a.py", "")
        // git init wrote `.git` as a file pointing at .store, which lies outside the top `tree`: ask git.
        #expect(layout(repository.path + "/tree") == nil)
        try repository.shell("mv", [repository.path + "/.store", repository.path + "/tree/.store"])
        try repository.write("tree/.git", "gitdir: .store\n")
        #expect(
            layout(repository.path + "/tree/src")
                == GitRepositoryLayout(
                    top: repository.path + "/tree", gitDirectory: repository.path + "/tree/.store",
                    commonDirectory: repository.path + "/tree/.store", prefix: "src/"))
    }

    @Test func whatGitWouldSeeDifferentlyIsLeftToGit() throws {
        let outside = try TemporaryDirectory()
        #expect(layout(outside.path) == nil)  // no repository (or a bare one git may find)
        let repository = try TemporaryDirectory()
        try repository.shell("git", ["init", "-q"])
        #expect(layout(repository.path + "/.git") == nil)  // inside the repository directory
        try repository.write("nested/.git/HEAD", "garbage\n")  // not a repository: git looks higher
        #expect(layout(repository.path + "/nested") == nil)
        try repository.write("linked/placeholder", "")
        try FileManager.default.createSymbolicLink(atPath: repository.path + "/linked/.git", withDestinationPath: repository.path + "/.git")
        #expect(layout(repository.path + "/linked") == nil)
    }
}
