/// Why a request to a language server produced no answer.
///
/// A closed domain, thrown with typed throws inside the LSP layer; the navigation tools turn it into
/// a result with `success=False` (or a `ToolError` when the server cannot be started at all).
enum LSPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server program is not installed where the backend environment looks.
    case serverMissing(String)
    /// The server could not be started or did not finish the `initialize` handshake.
    case startFailed(String)
    /// The server process exited (or closed its output) before answering.
    case serverExited(String)
    /// No answer within the request's deadline (the request was cancelled).
    case timeout(method: String, seconds: Double)
    /// The server answered with a JSON-RPC error.
    case responseError(method: String, code: Int, message: String)
    /// The server sent something that is not a well-formed JSON-RPC message, or an unexpected shape.
    case protocolError(String)

    /// JSON-RPC "method not found" (what ty answers for a request it does not implement).
    static let methodNotFound = -32601
    /// LSP "request cancelled".
    static let requestCancelled = -32800
    /// LSP "content modified": the server dropped the request because the files changed under it
    /// (another call's file sync); the LSP specification tells clients to send it again.
    static let contentModified = -32801

    var description: String {
        switch self {
        case .serverMissing(let message), .startFailed(let message), .serverExited(let message),
            .protocolError(let message):
            message
        case .timeout(let method, let seconds):
            "the language server did not answer \(method) within \(Self.format(seconds)) s"
        case .responseError(let method, let code, let message):
            "the language server failed on \(method) (error \(code)): \(message)"
        }
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
