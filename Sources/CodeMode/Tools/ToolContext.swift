/// What a tool may use and do during one execution: the workspace and the policy.
public struct ToolContext: Sendable {
    /// The confined workspace every path is resolved in.
    public var workspace: Workspace
    /// What the policy allows.
    public var policy: ToolPolicy
    /// How backend programs are found and run.
    public var backends: BackendEnvironment

    public init(workspace: Workspace, policy: ToolPolicy, backends: BackendEnvironment = BackendEnvironment()) {
        self.workspace = workspace
        self.policy = policy
        self.backends = backends
    }
}

/// The capabilities a program's tool calls are checked against.
public struct ToolPolicy: Sendable, Codable, Equatable {
    /// Whether write_file may change the workspace.
    public var allowWrite: Bool
    /// Whether run_command may run programs at all.
    public var allowCommands: Bool
    /// The programs run_command may run, when commands are allowed.
    public var allowedCommands: [String]
    /// The most tool calls one execution may make (nil: no limit).
    public var maxToolCalls: Int?

    /// The programs run_command allows by default once commands are allowed.
    public static let defaultCommands = ["cat", "find", "grep", "head", "ls", "sort", "tail", "uniq", "wc"]

    public init(
        allowWrite: Bool = false, allowCommands: Bool = false, allowedCommands: [String] = defaultCommands,
        maxToolCalls: Int? = 200
    ) {
        self.allowWrite = allowWrite
        self.allowCommands = allowCommands
        self.allowedCommands = allowedCommands
        self.maxToolCalls = maxToolCalls
    }
}
