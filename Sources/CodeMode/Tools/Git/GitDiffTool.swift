import Foundation

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
                "git diff failed (exit \(output.exitCode ?? -1)): \(output.stderrText.trimmingCharacters(in: .whitespacesAndNewlines))")
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

// MARK: - Hardening shared by the git tools

extension Workspace {
    /// A git path argument: normalised and confined like every path, and resolved beneath the root
    /// when it exists. A path that no longer exists (a deleted file) is allowed, as git allows it:
    /// git matches it against the index and history, literally (`:(literal)`), inside the repository.
    func normalizeGitPath(_ path: String) throws(ToolError) -> String {
        let normalized = try normalize(path)
        do {
            try requireExisting(path)
        } catch where error.code == .notFound {
            // A deleted file or directory: git reads it from the index and history only.
        }
        return normalized
    }
}

extension GitCommand {
    /// `-c filter.NAME.clean= -c filter.NAME.smudge= -c filter.NAME.process= -c filter.NAME.required=false`
    /// for every filter driver the repository configures, so that git runs none of them.
    ///
    /// `.gitattributes` can attach a filter to any path, and the repository's config (writable by a
    /// program that can write into the workspace) says which command runs; git runs the clean
    /// filter whenever it hashes a working-tree file.
    func filterDriverOverrides() throws(ToolError) -> [String] {
        let output = try run(["config", "--null", "--get-regexp", "^filter\\."])
        guard output.exitCode == 0 else { return [] }  // 1: no filter is configured
        var names: [String] = []
        for entry in output.stdout.split(separator: 0) {
            let key = String(decoding: entry.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
            guard key.hasPrefix("filter."), let dot = key.lastIndex(of: "."), dot > key.index(key.startIndex, offsetBy: 6)
            else { continue }
            let name = String(key[key.index(key.startIndex, offsetBy: 7)..<dot])
            guard !name.contains("="), !name.contains("\n") else {
                throw ToolError(
                    .backendFailed, "the repository configures a filter driver named \(quoted(name)); git is not run")
            }
            if !names.contains(name) { names.append(name) }
        }
        return names.flatMap { name in
            ["clean=", "smudge=", "process=", "required=false"].flatMap { ["-c", "filter.\(name).\($0)"] }
        }
    }

    /// `run(_:)` with global options (such as `-c` overrides) between the hardening and the
    /// subcommand; messages name the subcommand.
    func run(_ arguments: [String], options: [String]) throws(ToolError) -> ProcessOutput {
        guard !options.isEmpty else { return try run(arguments) }
        let backends = context.backends
        guard let git = backends.executable("git") else {
            throw ToolError(.backendFailed, "git not found: install git (the README setup does) or add it to PATH")
        }
        let request = ProcessRequest(
            executable: git,
            arguments: Self.hardening + ["-c", "safe.directory=\(context.workspace.root)"] + options + arguments,
            workingDirectory: context.workspace.root,
            environment: backends.environment(extra: ["GIT_PAGER": "cat", "PAGER": "cat"]),
            timeout: backends.timeout, outputLimit: backends.outputLimit)
        let output = try backends.runner.run(request)
        try BackendEnvironment.checkLimits(
            output, program: "git \(arguments.first ?? "")", timeout: backends.timeout,
            outputLimit: backends.outputLimit)
        return output
    }
}
