/// The JSON report `_punie_runtime.execute` returns for one program.
struct HarnessReport: Sendable, Decodable {
    var status: ExecutionStatus
    var stdout: String
    var stderr: String
    var error: ProgramError?
    var trace: JSONValue?

    /// A report for a failure of the harness itself (never the program's fault).
    static func internalFailure(_ message: String) -> HarnessReport {
        HarnessReport(
            status: .crashed, stdout: "", stderr: "",
            error: ProgramError(type: "InternalError", message: message), trace: nil)
    }
}
