/// `typecheck(path)`: ty's diagnostics for a file or directory of the workspace.
///
/// Runs `ty check --output-format gitlab --no-progress --color never -- PATH` in the workspace (ty
/// has no JSON format; gitlab is its machine-readable array with paths relative to the workspace).
/// `errors` holds errors and warnings (`error_count + warning_count == len(errors)`); info
/// diagnostics such as `reveal_type` are left out. `success` is True when there is no error;
/// warnings alone keep it True, as the stub says ("True if no errors were found").
public struct TypecheckTool: Tool {
    public static let name = "typecheck"

    public init() {}

    public struct Arguments: Decodable, Sendable {
        public var path: String
    }

    public func run(_ arguments: Arguments, in context: ToolContext) throws(ToolError) -> TypeCheckResult {
        let path = try context.workspace.normalize(arguments.path)
        try context.workspace.requireExisting(arguments.path)
        let backends = context.backends
        let ty = try backends.require("ty")
        let scratch = try ScratchDirectory()
        let output = try backends.runBackend(
            "ty", executable: ty,
            arguments: ["check", "--output-format", "gitlab", "--no-progress", "--color", "never", "--", path],
            in: context.workspace, scratch: scratch)
        return try Self.result(output, path: path)
    }

    /// The result for one ty run; exit 0 and 1 are findings, 2 is a finding only when ty still
    /// reported diagnostics (an unreadable file), otherwise ty could not run.
    static func result(_ output: ProcessOutput, path: String) throws(ToolError) -> TypeCheckResult {
        let status = output.exitCode ?? -1
        let diagnostics = TyOutputParser.parse(output.stdout)
        switch (status, diagnostics) {
        case (0, let diagnostics?), (1, let diagnostics?):
            return summary(diagnostics)
        case (2, let diagnostics?) where !diagnostics.isEmpty:
            return summary(diagnostics)
        case (0, nil), (1, nil):
            throw ToolError(
                .backendFailed,
                "ty printed something that is not a gitlab report: \(preview(output.stdout)); check that ty 0.0.107 "
                    + "from the README setup is the one found (or pass --tools-venv)")
        default:
            throw ToolError(
                .backendFailed,
                "ty could not check \(quoted(path)) (exit \(status))\(BackendEnvironment.stderrTail(output))")
        }
    }

    private static func summary(_ diagnostics: [TypeCheckError]) -> TypeCheckResult {
        let errors = diagnostics.count { $0.severity == "error" }
        return TypeCheckResult(
            success: errors == 0, errorCount: errors, warningCount: diagnostics.count - errors, errors: diagnostics)
    }
}

/// The start of a backend's output, for a message.
func preview(_ bytes: [UInt8], limit: Int = 200) -> String {
    let text = String(decoding: bytes.prefix(limit), as: UTF8.self)
    if text.isEmpty { return "(nothing)" }
    return "'" + text + (bytes.count > limit ? "…'" : "'")
}
