#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs git hardened against repository configuration that would run code or change output.
///
/// Every call disables fsmonitor, hooks, external diff, textconv and pagers on the command line,
/// reads no system or global config (see `BackendEnvironment`), takes no optional locks, and puts
/// paths after `--`.
struct GitCommand {
    let context: ToolContext
    /// The repository's layout and config as read without running git, or nil when git must be
    /// asked (see `GitRepositoryLayout` and `GitRepositoryConfig`).
    let local: (layout: GitRepositoryLayout, config: GitRepositoryConfig)?

    /// A command for `context`. `readsRepository` false skips reading the layout and config (for
    /// tools that need neither the prefix nor the filter overrides, such as git_log).
    init(context: ToolContext, readsRepository: Bool = true) {
        self.context = context
        if readsRepository, let layout = GitRepositoryLayout.discover(workspaceRoot: context.workspace.root),
            let config = GitRepositoryConfig.read(layout.configFiles)
        {
            local = (layout, config)
        } else {
            local = nil
        }
    }

    /// The hardening options that precede every git subcommand.
    static let hardening = [
        "--no-pager", "--no-optional-locks",
        "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "-c", "core.quotePath=false",
        "-c", "core.pager=cat", "-c", "color.ui=never", "-c", "diff.external=", "-c", "diff.noprefix=false",
        "-c", "diff.mnemonicPrefix=false", "-c", "core.untrackedCache=false",
    ]

    /// Runs `git <hardening> -c safe.directory=<root> <options> <arguments>` in the workspace.
    /// `options` are global options such as the `-c` overrides of `filterDriverOverrides()`.
    /// - Throws: `ToolError(.backendFailed)` when git is missing, times out, overruns or is killed.
    func run(_ arguments: [String], options: [String] = []) throws(ToolError) -> ProcessOutput {
        let backends = context.backends
        guard let git = backends.executable("git") else {
            throw ToolError(.backendFailed, "git not found: install git (the README setup does) or add it to PATH")
        }
        let request = ProcessRequest(
            executable: git,
            arguments: Self.hardening + ["-c", "safe.directory=\(context.workspace.root)"] + options + arguments,
            workingDirectory: context.workspace.root,
            environment: backends.environment(extra: ["GIT_PAGER": "cat", "PAGER": "cat"]),
            timeout: backends.timeout, outputLimit: backends.outputLimit,
            confinement: backends.confinement(
                for: context.workspace, writable: [backends.home],
                alsoReadable: (local?.layout.top ?? Self.repositoryTop(above: context.workspace.root)).map { [$0] } ?? []))
        let output = try backends.runner.run(request)
        try BackendEnvironment.checkLimits(
            output, program: "git \(arguments.first ?? "")", timeout: backends.timeout,
            outputLimit: backends.outputLimit)
        return output
    }

    /// `-c filter.NAME.clean= -c filter.NAME.smudge= -c filter.NAME.process= -c filter.NAME.required=false`
    /// for every filter driver the repository configures, so that git runs none of them.
    ///
    /// `.gitattributes` can attach a filter to any path, and the repository's config (writable by a
    /// program that can write into the workspace) says which command runs; git runs the clean
    /// filter whenever it hashes a working-tree file. The driver names come from the repository's
    /// config files read in Swift (`GitRepositoryConfig`); when those cannot be read exactly (an
    /// include, something git would reject, an unusual layout), from `git config --get-regexp`.
    func filterDriverOverrides() throws(ToolError) -> [String] {
        if let local { return try Self.overrides(forDrivers: local.config.filterDrivers) }
        let output = try run(["config", "--null", "--get-regexp", "^filter\\."])
        guard output.exitCode == 0 else { return [] }  // 1: no filter is configured
        var names: [[UInt8]] = []
        for entry in output.stdout.split(separator: 0) {
            let key = Array(entry.prefix { $0 != UInt8(ascii: "\n") })
            guard key.starts(with: "filter.".utf8), let dot = key.lastIndex(of: UInt8(ascii: ".")), dot > 6 else {
                continue
            }
            let name = Array(key[7..<dot])
            if !names.contains(name) { names.append(name) }
        }
        return try Self.overrides(forDrivers: names)
    }

    /// The `-c` options that blank the drivers `names`.
    /// - Throws: `ToolError(.backendFailed)` for a name that a `-c` option cannot express (with `=`
    ///   or a newline, or not UTF-8): such a filter could not be blanked, so git is not run.
    static func overrides(forDrivers names: [[UInt8]]) throws(ToolError) -> [String] {
        var options: [String] = []
        for bytes in names {
            guard let name = String(validating: bytes, as: UTF8.self), !name.contains("="), !name.contains("\n") else {
                throw ToolError(
                    .backendFailed,
                    "the repository configures a filter driver named \(quoted(String(decoding: bytes, as: UTF8.self))); "
                        + "git is not run")
            }
            for setting in ["clean=", "smudge=", "process=", "required=false"] {
                options += ["-c", "filter.\(name).\(setting)"]
            }
        }
        return options
    }

    /// Where the workspace sits inside its repository (`""` at the top, `"sub/dir/"` below it), or
    /// nil when the workspace is not inside a repository. git prints paths relative to the top; tools
    /// strip this prefix so that paths are relative to the workspace, as every other tool's are.
    ///
    /// Found on the file system (`GitRepositoryLayout`) when the repository is laid out plainly and
    /// its config does not move the working tree; otherwise from `git rev-parse --show-prefix`.
    func workspacePrefix() throws(ToolError) -> String? {
        if let local, !local.config.movesWorkTree { return local.layout.prefix }
        let output = try run(["rev-parse", "--show-prefix"])
        if Self.isNotRepository(output) { return nil }
        guard output.exitCode == 0 else {
            throw ToolError(.backendFailed, "git rev-parse failed: \(output.stderrText.trimmingWhitespace())")
        }
        return String(decoding: output.stdout, as: UTF8.self).trimmingWhitespace()
    }

    /// The nearest directory at or above `directory` holding `.git`: git reads the repository there
    /// even when the workspace is a subdirectory, so the confinement must let it.
    static func repositoryTop(above directory: String) -> String? {
        var path = directory
        while true {
            if access(GitRepositoryLayout.join(path, ".git"), F_OK) == 0 { return path }
            guard path != "/" else { return nil }
            path = GitRepositoryLayout.parent(of: path)
        }
    }

    /// True when git's error output says the directory is not inside a repository.
    static func isNotRepository(_ output: ProcessOutput) -> Bool {
        output.exitCode == 128 && output.stderrText.contains("not a git repository")
    }
}
