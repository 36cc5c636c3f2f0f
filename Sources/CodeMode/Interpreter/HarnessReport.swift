/// The JSON report `_punie_runtime.execute` returns for one program.
struct HarnessReport: Sendable {
    var status: ExecutionStatus
    var stdout: String
    var stderr: String
    var truncated: Bool
    var error: ProgramError?
    var fieldAccess: JSONValue?
    /// Seconds the execution itself took (set by the host; waiting in a queue is not counted).
    var duration: Double = 0


    init(
        status: ExecutionStatus, stdout: String = "", stderr: String = "", truncated: Bool = false,
        error: ProgramError? = nil, fieldAccess: JSONValue? = nil
    ) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
        self.truncated = truncated
        self.error = error
        self.fieldAccess = fieldAccess
    }

    /// A report for a failure of the harness itself (never the program's fault).
    static func internalFailure(_ message: String) -> HarnessReport {
        HarnessReport(status: .crashed, error: ProgramError(type: "InternalError", message: message))
    }
}
