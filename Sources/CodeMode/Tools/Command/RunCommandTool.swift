#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `run_command(command, args=None, cwd=None)`: runs one allowlisted program and returns its
/// combined output (stdout, then stderr).
///
/// Refused unless the policy allows commands (`--allow-commands`); then only the programs of the
/// allowlist run (by default cat, find, grep, head, ls, sort, tail, uniq, wc; more with
/// `--allow-command NAME`). The program runs as argv without a shell, in the workspace (or `cwd`
/// beneath it), with the backends' minimal environment, an empty HOME, a timeout and an output cap.
/// A non-zero exit status is not an error: the output says what happened (grep exits 1 on no match).
///
/// Arguments are checked before anything runs: an absolute path that exists, a path that climbs
/// out of the workspace or goes through a symbolic link, and the options that would run other
/// programs, write files, follow links or read a list of file names (`find -exec`, `-delete`,
/// `-L`; `sort -o`, `--compress-program`; `grep -R`; `--files0-from`; a second operand of
/// `uniq`) are refused. This is defence in depth; the OS confinement of backends is the boundary.
public struct RunCommandTool: Tool {
    public static let name = "run_command"

    /// The most output one command may print, in bytes.
    public var outputLimit: Int

    public init(outputLimit: Int = 1 << 20) { self.outputLimit = outputLimit }

    public struct Arguments: Decodable, Sendable {
        public var command: String
        public var args: [String]?
        public var cwd: String?
    }

    public func run(_ arguments: Arguments, in context: ToolContext) throws(ToolError) -> String {
        guard context.policy.allowCommands else {
            throw ToolError(
                .notAllowed,
                "run_command is not allowed: commands are off for this run (pass --allow-commands to permit them)")
        }
        let command = arguments.command
        guard context.policy.allowedCommands.contains(command), !command.contains("/") else {
            let allowed = context.policy.allowedCommands.sorted().joined(separator: ", ")
            throw ToolError(
                .notAllowed,
                "\(quoted(command)) is not an allowed command (allowed: \(allowed)); "
                    + "pass --allow-command NAME to allow another")
        }
        let workspace = context.workspace
        let directory = try workspace.normalize(arguments.cwd ?? ".")
        let descriptor = try workspace.openBeneath(directory, flags: O_RDONLY | O_DIRECTORY)
        close(descriptor)
        let argv = arguments.args ?? []
        try CommandArgumentCheck(command: command, directory: directory, workspace: workspace).check(argv)

        let backends = context.backends
        guard let executable = backends.executable(command) else {
            throw ToolError(.backendFailed, "\(command) not found on this machine: install it or add it to PATH")
        }
        let scratch = try ScratchDirectory()
        let limit = min(outputLimit, backends.outputLimit)
        let request = ProcessRequest(
            executable: executable, arguments: argv,
            workingDirectory: directory == "." ? workspace.root : workspace.root + "/" + directory,
            environment: backends.environment(extra: ["HOME": scratch.home, "TMPDIR": scratch.path]),
            timeout: backends.timeout, outputLimit: limit,
            confinement: backends.confinement(for: workspace, writable: [scratch.path]))
        let output = try backends.runner.run(request)
        try BackendEnvironment.checkLimits(
            output, program: command, timeout: backends.timeout, outputLimit: limit,
            hint: "narrow the command (a smaller path, a more specific pattern, head)")
        return String(decoding: output.stdout + output.stderr, as: UTF8.self)
    }
}

/// The argument checks of run_command.
struct CommandArgumentCheck {
    let command: String
    let directory: String
    let workspace: Workspace

    /// Options refused per program: they run programs, write files, follow links or read file names.
    static let refusedOptions: [String: [String]] = [
        "find": [
            "-exec", "-execdir", "-ok", "-okdir", "-delete", "-fprint", "-fprint0", "-fprintf", "-fls", "-L", "-H",
            "-follow",
        ],
        "sort": ["-o", "--output", "--compress-program", "--files0-from", "-T", "--temporary-directory"],
        "grep": ["-R", "--dereference-recursive"],
        "wc": ["--files0-from"],
        "du": ["--files0-from"],
        "ls": ["-L", "--dereference"],
    ]

    func check(_ arguments: [String]) throws(ToolError) {
        for argument in arguments {
            guard !argument.utf8.contains(0) else {
                throw ToolError(.invalidArguments, "run_command(): argument \(quoted(argument)) contains a NUL byte")
            }
            try checkOption(argument)
            try checkPath(argument)
            if argument.hasPrefix("-"), let equals = argument.firstIndex(of: "=") {
                try checkPath(String(argument[argument.index(after: equals)...]))
            }
        }
        if command == "uniq" {
            let operands = arguments.filter { !$0.hasPrefix("-") || $0 == "-" }
            guard operands.count <= 1 else {
                throw ToolError(
                    .notAllowed, "uniq with an output file is not allowed in run_command: give one input file at most")
            }
        }
    }

    private func checkOption(_ argument: String) throws(ToolError) {
        let refused = Self.refusedOptions[command] ?? []
        let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
        var hit = refused.contains(name)
        // Bundled short options (`sort -ro out`, `grep -Rn`): single letters after one dash.
        if !hit, argument.hasPrefix("-"), !argument.hasPrefix("--"), command != "find", argument.count > 2 {
            let letters = Set(argument.dropFirst())
            hit = refused.contains { $0.count == 2 && $0.hasPrefix("-") && letters.contains($0.last ?? " ") }
        }
        if hit {
            throw ToolError(
                .notAllowed,
                "\(command) \(argument) is not allowed in run_command: it could run programs, write files or "
                    + "read outside the workspace")
        }
    }

    private func checkPath(_ argument: String) throws(ToolError) {
        if argument.hasPrefix("/") {
            // A pattern such as "/api/" is fine; a path to something that exists is not.
            var info = stat()
            if lstat(argument, &info) == 0 {
                throw ToolError(
                    .invalidPath,
                    "absolute path \(quoted(argument)) is not allowed: use a path relative to the workspace")
            }
            return
        }
        let relative = directory == "." ? argument : directory + "/" + argument
        guard !argument.isEmpty, !argument.hasPrefix("-") || argument.contains("/") else { return }
        do {
            try workspace.requireExisting(relative)
        } catch where error.code == .notFound {
            return  // not a path (a pattern, a number) or a path that does not exist
        } catch where error.code == .system {
            return  // unreadable (a FIFO without writer, no permission): the program will say so
        } catch {
            throw ToolError(error.code, error.message.replacingPath(relative, with: argument))
        }
    }
}

extension String {
    /// The message with the quoted `path` replaced by the quoted `original`.
    fileprivate func replacingPath(_ path: String, with original: String) -> String {
        path == original ? self : replacing(quoted(path), with: quoted(original))
    }
}
