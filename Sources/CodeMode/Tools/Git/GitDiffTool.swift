#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `git_diff(path=".", staged=False)`: changed files with line counts and unified hunks.
///
/// `staged=False` compares the working tree with the index (`git diff`), `staged=True` the index
/// with HEAD (`git diff --cached`; in a repository without commits, with the empty tree).
/// Untracked files are never included (see git_status). A renamed file is listed under its new
/// path; a binary file has 0 additions and 0 deletions and no hunks, and the totals are the sums
/// over the files. Paths are relative to the workspace. A directory outside any repository gives
/// `success=False` with `parse_error` saying so.
public struct GitDiffTool: Tool {
    public static let name = "git_diff"

    public init() {}

    public struct Arguments: Decodable, Sendable {
        public var path: String
        public var staged: Bool
    }

    public func run(_ arguments: Arguments, in context: ToolContext) throws(ToolError) -> GitDiffResult {
        let path = try context.workspace.normalizeGitPath(arguments.path)
        let git = GitCommand(context: context)
        // Comparing the working tree runs the repository's clean filters; the index side does not.
        let options = arguments.staged ? [] : try git.filterDriverOverrides()
        // `--relative`: paths relative to the workspace, which may be a directory inside the repository.
        let output = try git.run(
            ["diff"] + (arguments.staged ? ["--cached"] : []) + [
                "--numstat", "--patch", "-z", "-M", "-U3", "--relative", "--no-color", "--no-ext-diff", "--no-textconv",
                "--ignore-submodules=dirty", "--src-prefix=a/", "--dst-prefix=b/", "--", ":(literal)" + path,
            ], options: options)
        // Outside a repository git diff falls back to its --no-index form and refuses the arguments.
        if output.exitCode == 129 && output.stderrText.contains("git diff --no-index") || GitCommand.isNotRepository(output) {
            return GitDiffResult(
                success: false, fileCount: 0, additions: 0, deletions: 0, files: [],
                parseError: "not a git repository: \(context.workspace.root)")
        }
        guard output.exitCode == 0 else {
            throw ToolError(
                .backendFailed,
                "git diff failed (exit \(output.exitCode ?? -1)): \(output.stderrText.trimmingWhitespace())")
        }
        guard let (parsed, matched) = GitDiffParser.parse(output.stdout) else {
            throw ToolError(.backendFailed, "git diff printed something unreadable: \(preview(output.stdout))")
        }
        let files = parsed
        return GitDiffResult(
            success: true, fileCount: files.count, additions: files.reduce(0) { $0 + $1.additions },
            deletions: files.reduce(0) { $0 + $1.deletions }, files: files,
            parseError: matched ? nil : "the hunks could not be matched to the files; counts are exact, hunks are empty")
    }
}
