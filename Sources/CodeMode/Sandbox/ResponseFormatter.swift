/// Builds the text the model sees after an execution: the stable contract training data is made of.
///
/// On success it is the program's stdout, unchanged. On failure it is the stdout printed before the
/// failure, then (on a new line) the trimmed traceback, whose last line is `Type: message`, as
/// Python prints it. Limits and refusals end with one `Error: ...` line. docs/response-format.md
/// pins the format.
public enum ResponseFormatter {
    /// The response text for `result` (its `response` field is ignored).
    public static func response(for result: ExecutionResult) -> String {
        guard result.status != .ok else { return result.stdout }
        var text = result.stdout
        if !text.isEmpty, !text.hasSuffix("\n") { text += "\n" }
        if let error = result.error, !error.traceback.isEmpty {
            text += error.traceback.joined(separator: "\n")
        } else if let error = result.error {
            text += "Error: \(error.type): \(error.message)"
        } else {
            text += "Error: \(result.status.rawValue)"
        }
        return text + "\n"
    }
}
