#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `git_log(path=".", count=10)`: the most recent commits that touch `path`, newest first.
///
/// `hash` is the full object id, `message` the subject (the first paragraph of the message, on one
/// line, as `git log --oneline` shows it), `author` is `Name <email>` and `date` the author date as
/// `YYYY-MM-DD HH:MM:SS +ZZZZ`. A repository without commits gives `success=True` and no commits;
/// a directory outside any repository gives `success=False` with `parse_error` saying so.
public struct GitLogTool: Tool {
    public static let name = "git_log"

    /// The most commits one call may ask for.
    public static let maximumCount = 10_000

    public init() {}

    public struct Arguments: Decodable, Sendable {
        public var path: String
        public var count: Int
    }

    public func run(_ arguments: Arguments, in context: ToolContext) throws(ToolError) -> GitLogResult {
        guard (0...Self.maximumCount).contains(arguments.count) else {
            throw ToolError(
                .invalidArguments,
                "git_log() argument 'count' must be between 0 and \(Self.maximumCount), not \(arguments.count)")
        }
        let path = try context.workspace.normalizeGitPath(arguments.path)
        let git = GitCommand(context: context, readsRepository: false)
        let output = try git.run([
            "log", "-z", "--max-count=\(arguments.count)", "--no-color", "--no-show-signature", "--no-notes",
            "--encoding=UTF-8", "--pretty=\(GitLogParser.format)", "--", ":(literal)" + path,
        ])
        if GitCommand.isNotRepository(output) {
            return GitLogResult(
                success: false, commits: [], commitCount: 0, parseError: "not a git repository: \(context.workspace.root)")
        }
        if output.exitCode == 128, output.stderrText.contains("does not have any commits yet") {
            return GitLogResult(success: true, commits: [], commitCount: 0)
        }
        guard output.exitCode == 0 else {
            throw ToolError(
                .backendFailed,
                "git log failed (exit \(output.exitCode ?? -1)): \(output.stderrText.trimmingWhitespace())")
        }
        guard let commits = GitLogParser.parse(output.stdout) else {
            throw ToolError(.backendFailed, "git log printed something unreadable: \(preview(output.stdout))")
        }
        return GitLogResult(success: true, commits: commits, commitCount: commits.count)
    }
}
