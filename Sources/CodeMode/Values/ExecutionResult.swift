/// Everything one execution of a Code Mode program produced; also the `--json` output of `run`.
public struct ExecutionResult: Sendable, Codable, Equatable {
    /// How the execution ended.
    public var status: ExecutionStatus
    /// What the program printed, kept even when it failed part-way.
    public var stdout: String
    /// What the program wrote to `sys.stderr`.
    public var stderr: String
    /// True when output was cut at the output limit.
    public var truncated: Bool
    /// The failure, when the status is not `ok`.
    public var error: ProgramError?
    /// Every tool call the program made, in order.
    public var toolCalls: [ToolCallRecord]
    /// Field reads on typed results (exact, static and heuristic); nil when not traced.
    public var fieldAccess: JSONValue?
    /// Wall time of the execution in seconds.
    public var duration: Double
    /// The exact text the model sees next.
    public var response: String

    public init(
        status: ExecutionStatus, stdout: String = "", stderr: String = "", truncated: Bool = false,
        error: ProgramError? = nil, toolCalls: [ToolCallRecord] = [], fieldAccess: JSONValue? = nil,
        duration: Double = 0, response: String = ""
    ) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
        self.truncated = truncated
        self.error = error
        self.toolCalls = toolCalls
        self.fieldAccess = fieldAccess
        self.duration = duration
        self.response = response
    }

    enum CodingKeys: String, CodingKey {
        case status, stdout, stderr, truncated, error
        case toolCalls = "tool_calls"
        case fieldAccess = "field_access"
        case duration, response
    }
}

/// How an execution ended.
public enum ExecutionStatus: String, Sendable, Codable, CaseIterable {
    /// The program ran to completion.
    case ok
    /// The program raised an exception.
    case error
    /// The program did not compile; nothing ran.
    case syntaxError = "syntax_error"
    /// The program ran longer than the wall-time limit.
    case timeout
    /// The program used more memory than allowed.
    case memoryLimit = "memory_limit"
    /// The program printed more than allowed.
    case outputLimit = "output_limit"
    /// The program used more CPU time than allowed.
    case cpuLimit = "cpu_limit"
    /// The program recursed deeper than allowed.
    case recursionLimit = "recursion_limit"
    /// A guard refused the program before it ran.
    case blocked
    /// There was no program to run.
    case noCode = "no_code"
    /// The interpreter running the program died; the host did not.
    case crashed

    /// True when the program ran to completion.
    public var succeeded: Bool { self == .ok }
}

/// A structured description of why a program failed.
public struct ProgramError: Sendable, Codable, Equatable {
    /// The exception type (`AttributeError`) or limit name.
    public var type: String
    /// The exception message.
    public var message: String
    /// The line in the program (1-based), when known.
    public var line: Int?
    /// The column (1-based), for syntax errors.
    public var column: Int?
    /// A traceback that shows only the program's own frames.
    public var traceback: [String]
    /// A suggestion such as "did you mean 'errors'?".
    public var hint: String?

    public init(
        type: String, message: String, line: Int? = nil, column: Int? = nil, traceback: [String] = [],
        hint: String? = nil
    ) {
        self.type = type
        self.message = message
        self.line = line
        self.column = column
        self.traceback = traceback
        self.hint = hint
    }
}

/// One tool call made by a program.
public struct ToolCallRecord: Sendable, Codable, Equatable {
    /// The tool's canonical name.
    public var name: String
    /// The arguments after validation and defaults.
    public var arguments: JSONValue
    /// The declared return type (`str` or a model name).
    public var resultType: String
    /// True when the tool returned a result.
    public var ok: Bool
    /// The error message when it did not.
    public var error: String?
    /// Wall time of the call in seconds.
    public var duration: Double

    public init(name: String, arguments: JSONValue, resultType: String, ok: Bool, error: String?, duration: Double) {
        self.name = name
        self.arguments = arguments
        self.resultType = resultType
        self.ok = ok
        self.error = error
        self.duration = duration
    }

    enum CodingKeys: String, CodingKey {
        case name, arguments
        case resultType = "result_type"
        case ok, error, duration
    }
}
