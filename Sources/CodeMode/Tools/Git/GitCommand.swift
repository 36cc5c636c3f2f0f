/// Runs git hardened against repository configuration that would run code or change output.
///
/// Every call disables fsmonitor, hooks, external diff, textconv and pagers on the command line,
/// reads no system or global config (see `BackendEnvironment`), takes no optional locks, and puts
/// paths after `--`.
struct GitCommand {
    let context: ToolContext

    /// The hardening options that precede every git subcommand.
    static let hardening = [
        "--no-pager", "--no-optional-locks",
        "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "-c", "core.quotePath=false",
        "-c", "core.pager=cat", "-c", "color.ui=never", "-c", "diff.external=", "-c", "diff.noprefix=false",
        "-c", "diff.mnemonicPrefix=false", "-c", "core.untrackedCache=false",
    ]

    /// Runs `git <hardening> -c safe.directory=<root> <arguments>` in the workspace.
    /// - Throws: `ToolError(.backendFailed)` when git is missing, times out or is killed.
    func run(_ arguments: [String]) throws(ToolError) -> ProcessOutput {
        let backends = context.backends
        guard let git = backends.executable("git") else {
            throw ToolError(.backendFailed, "git not found: install git (the README setup does) or add it to PATH")
        }
        let request = ProcessRequest(
            executable: git,
            arguments: Self.hardening + ["-c", "safe.directory=\(context.workspace.root)"] + arguments,
            workingDirectory: context.workspace.root,
            environment: backends.environment(extra: ["GIT_PAGER": "cat", "PAGER": "cat"]),
            timeout: backends.timeout, outputLimit: backends.outputLimit)
        let output = try backends.runner.run(request)
        if output.timedOut {
            throw ToolError(.backendFailed, "git \(arguments.first ?? "") timed out after \(Int(backends.timeout)) s")
        }
        if output.outputLimitExceeded {
            throw ToolError(.backendFailed, "git \(arguments.first ?? "") printed more than \(backends.outputLimit) bytes")
        }
        if let signal = output.signal {
            throw ToolError(.backendFailed, "git \(arguments.first ?? "") was killed by signal \(signal)")
        }
        return output
    }

    /// Where the workspace sits inside its repository (`""` at the top, `"sub/dir/"` below it), or
    /// nil when the workspace is not inside a repository. git prints paths relative to the top; tools
    /// strip this prefix so that paths are relative to the workspace, as every other tool's are.
    func workspacePrefix() throws(ToolError) -> String? {
        let output = try run(["rev-parse", "--show-prefix"])
        if Self.isNotRepository(output) { return nil }
        guard output.exitCode == 0 else {
            throw ToolError(.backendFailed, "git rev-parse failed: \(output.stderrText.trimmingWhitespace())")
        }
        return String(decoding: output.stdout, as: UTF8.self).trimmingWhitespace()
    }

    /// True when git's error output says the directory is not inside a repository.
    static func isNotRepository(_ output: ProcessOutput) -> Bool {
        output.exitCode == 128 && output.stderrText.contains("not a git repository")
    }
}
