/// `ruff_check(path)`: ruff's lint violations for a file or directory of the workspace.
///
/// Runs `ruff check --output-format json --no-cache --no-fix -- PATH` in the workspace with the
/// project's own ruff configuration. `--no-fix` keeps a `fix = true` setting from changing files;
/// `--no-cache` keeps `.ruff_cache/` out of the workspace. `success` is True when there is no
/// violation; syntax errors (`invalid-syntax`) and unreadable files (`E902`) are violations.
public struct RuffCheckTool: Tool {
    public static let name = "ruff_check"

    public init() {}

    public struct Arguments: Decodable, Sendable {
        public var path: String
    }

    public func run(_ arguments: Arguments, in context: ToolContext) throws(ToolError) -> RuffResult {
        let path = try context.workspace.normalize(arguments.path)
        try context.workspace.requireExisting(arguments.path)
        let backends = context.backends
        let ruff = try backends.require("ruff")
        let scratch = try ScratchDirectory()
        let output = try backends.runBackend(
            "ruff", executable: ruff,
            arguments: ["check", "--output-format", "json", "--no-cache", "--no-fix", "--", path],
            in: context.workspace, scratch: scratch)
        return try Self.result(output, path: path, root: context.workspace.root)
    }

    /// The result for one ruff run: exit 0 (clean) and 1 (violations) carry the report; 2 means
    /// ruff could not run (bad configuration, internal error).
    static func result(_ output: ProcessOutput, path: String, root: String) throws(ToolError) -> RuffResult {
        let status = output.exitCode ?? -1
        guard status == 0 || status == 1 else {
            throw ToolError(
                .backendFailed,
                "ruff could not check \(quoted(path)) (exit \(status))\(BackendEnvironment.stderrTail(output))")
        }
        guard let violations = RuffOutputParser.parse(output.stdout, root: root) else {
            throw ToolError(
                .backendFailed,
                "ruff printed something that is not its JSON report: \(preview(output.stdout)); check that ruff "
                    + "0.17.6 from the README setup is the one found (or pass --tools-venv)")
        }
        return RuffResult(
            success: violations.isEmpty, violationCount: violations.count,
            fixableCount: violations.count { $0.fixable }, violations: violations)
    }
}
