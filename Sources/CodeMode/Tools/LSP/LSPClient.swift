#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One running language server (`ty server`) for one workspace: the process, the JSON-RPC
/// connection over its stdin/stdout, and the LSP lifecycle (initialize → initialized → requests →
/// shutdown → exit).
///
/// The server is a child of the host process, started with `ProcessSpawner` (own process group, no
/// inherited descriptors, minimal environment) in the workspace root, which it also receives as its
/// only `workspaceFolders` entry (ty ignores `rootUri`). Its stdin and stdout are one Unix socket,
/// so that a write to a dead server fails with EPIPE instead of raising SIGPIPE in the host; stderr
/// is kept (its last 4 KB) for crash messages.
final class LSPClient: Sendable {
    /// Deadlines, in seconds.
    struct Timeouts: Sendable, Equatable {
        /// Spawn plus the `initialize` answer.
        var start: Double = 20
        /// Any one request.
        var request: Double = 30
        /// How long a timed-out request may take to acknowledge its `$/cancelRequest` before the
        /// server is declared hung (and replaced at the next call).
        var cancelGrace: Double = 1
        /// `shutdown` answer plus process exit, before the process group is killed.
        var shutdown: Double = 2
    }

    /// The server's process id (also its process group id).
    let processID: pid_t
    /// The workspace root (absolute, symlinks resolved).
    let root: String
    /// The position encoding the server chose.
    let encoding: PositionEncoding
    /// The deadlines this client applies.
    let timeouts: Timeouts
    private let connection: JSONRPCConnection
    private let exitStatus = Mutex<Int32?>(nil)

    private init(processID: pid_t, root: String, encoding: PositionEncoding, timeouts: Timeouts, connection: JSONRPCConnection) {
        self.processID = processID
        self.root = root
        self.encoding = encoding
        self.timeouts = timeouts
        self.connection = connection
    }

    /// Starts `command` (the executable's absolute path, then its arguments) in `root` and completes
    /// the handshake.
    /// - Throws: `LSPError.startFailed` with the reason (and the server's stderr, if any).
    static func start(
        command: [String], root: String, environment: [String: String], timeouts: Timeouts
    ) throws(LSPError) -> LSPClient {
        guard let executable = command.first else { throw LSPError.startFailed("no language server command") }
        var sockets: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Self.streamType, 0, &sockets) == 0 else {
            throw LSPError.startFailed("cannot create a socket for the language server: \(systemMessage(errno))")
        }
        for end in sockets { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        #if canImport(Darwin)
            var one: Int32 = 1
            setsockopt(sockets[0], SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
        var errorPipe: [Int32] = [-1, -1]
        guard ProcessSpawner.makePipe(&errorPipe) else {
            sockets.forEach { _ = close($0) }
            throw LSPError.startFailed("cannot create a pipe for the language server: \(systemMessage(errno))")
        }
        let pid: pid_t
        do {
            pid = try ProcessSpawner.spawn(
                executable: executable, arguments: Array(command.dropFirst()), workingDirectory: root,
                environment: environment, stdin: sockets[1], stdout: sockets[1], stderr: errorPipe[1])
        } catch {
            (sockets + errorPipe).forEach { _ = close($0) }
            throw LSPError.startFailed(error.message)
        }
        _ = close(sockets[1])
        _ = close(errorPipe[1])
        let connection = JSONRPCConnection(socket: sockets[0], diagnostics: errorPipe[0], handler: serverRequestHandler(root: root))
        connection.start()

        let encoding: PositionEncoding
        do {
            let result = try connection.request(
                "initialize", initializeParams(root: root), as: InitializeResult.self, timeout: timeouts.start)
            encoding = result?.capabilities.positionEncoding.flatMap(PositionEncoding.init(rawValue:)) ?? .utf16
            // ty exits if anything but `initialized` follows the initialize answer.
            try connection.notify("initialized", JSONValue.object(JSONObject()))
        } catch {
            let client = LSPClient(processID: pid, root: root, encoding: .utf16, timeouts: timeouts, connection: connection)
            client.terminate()
            throw LSPError.startFailed("\(executable) did not start: \(error)\(client.stderrSummary)")
        }
        return LSPClient(processID: pid, root: root, encoding: encoding, timeouts: timeouts, connection: connection)
    }

    #if canImport(Glibc)
        private static let streamType = Int32(SOCK_STREAM.rawValue)
    #else
        private static let streamType = SOCK_STREAM
    #endif

    /// True while the server can take requests (its connection is open and it is not hung).
    var isUsable: Bool { connection.isUsable }

    /// Sends a request with the client's request deadline, again (up to 5 times in all) when the
    /// server answers "content modified" because another call synchronised files meanwhile.
    /// - Throws: `LSPError` (timeout, server error, server exit, unexpected answer).
    func request<Params: Encodable, Response: Decodable>(
        _ method: String, _ params: Params, as type: Response.Type
    ) throws(LSPError) -> Response? {
        var attempt = 1
        while true {
            do {
                return try connection.request(
                    method, params, as: type, timeout: timeouts.request, cancelGrace: timeouts.cancelGrace)
            } catch .responseError(_, LSPError.contentModified, _) where attempt < 5 {
                attempt += 1
            }
        }
    }

    /// Sends a notification.
    func notify<Params: Encodable>(_ method: String, _ params: Params) throws(LSPError) {
        try connection.notify(method, params)
    }

    /// The clean end: `shutdown`, `exit`, then wait for the process; a server that does not leave
    /// within the shutdown deadline has its process group killed. Always reaps the process.
    func shutdown() {
        if connection.isUsable {
            let deadline = monotonicSeconds() + timeouts.shutdown
            var acknowledged = false
            do {
                _ = try connection.request(
                    "shutdown", JSONValue.null, as: JSONValue.self, timeout: timeouts.shutdown, cancelGrace: 0)
                try connection.notify("exit")
                acknowledged = true
            } catch {}
            if acknowledged, waitForExit(until: deadline) {
                connection.hangUp(reason: "the language server was shut down")
                return
            }
        }
        terminate()
    }

    /// Kills the server's process group (if it still runs) and reaps it.
    func terminate() {
        exitStatus.withLock { status in
            guard status == nil else { return }
            kill(-processID, SIGKILL)
            var code: Int32 = 0
            while waitpid(processID, &code, 0) < 0, errno == EINTR {}
            status = code
        }
        connection.hangUp(reason: "the language server was stopped")
    }

    /// Why the server is gone, for messages: how it exited and the end of its stderr.
    func failureDescription() -> String {
        _ = waitForExit(until: monotonicSeconds() + 0.5)
        terminate()
        let status = exitStatus.withLock { $0 } ?? 0
        var text = "the ty language server (pid \(processID)) "
        if status & 0x7f == 0 {
            text += "exited with status \((status >> 8) & 0xff)"
        } else {
            text += "was killed by signal \(status & 0x7f)"
        }
        return text + stderrSummary
    }

    /// The last line the server wrote to stderr, as a suffix for messages (empty if none).
    private var stderrSummary: String {
        let lines = connection.stderrText.split(whereSeparator: \.isNewline).map {
            $0.trimmingSpaces()
        }
        guard let last = lines.last(where: { !$0.isEmpty }) else { return "" }
        return " (stderr: \(last.count > 300 ? String(last.prefix(300)) + "…" : last))"
    }

    /// Polls for the process's exit until `deadline`; true once it has been reaped.
    private func waitForExit(until deadline: Double) -> Bool {
        while true {
            let reaped = exitStatus.withLock { status -> Bool in
                if status != nil { return true }
                var code: Int32 = 0
                let result = waitpid(processID, &code, WNOHANG)
                if result == processID { status = code }
                return status != nil || (result < 0 && errno == ECHILD)
            }
            if reaped { return true }
            if monotonicSeconds() >= deadline { return false }
            usleep(1_000)
        }
    }

    // MARK: - Handshake

    private struct InitializeResult: Decodable {
        struct Capabilities: Decodable {
            var positionEncoding: String?
        }
        var capabilities: Capabilities
    }

    private static func initializeParams(root: String) -> JSONValue {
        let name = URL(fileURLWithPath: root).lastPathComponent
        return object([
            ("processId", .int(Int(getpid()))),
            ("clientInfo", object([("name", .string("punie-exec"))])),
            ("rootUri", .string(FileURI.make(path: root))),
            ("workspaceFolders", .array([object([("uri", .string(FileURI.make(path: root))), ("name", .string(name))])])),
            (
                "capabilities",
                object([
                    (
                        "general",
                        object([("positionEncodings", .array(["utf-32", "utf-16"].map(JSONValue.string)))])
                    ),
                    (
                        "textDocument",
                        object([
                            ("hover", object([("contentFormat", .array(["markdown", "plaintext"].map(JSONValue.string)))])),
                            ("definition", object([("linkSupport", .bool(false))])),
                            ("references", object([])),
                            ("documentSymbol", object([("hierarchicalDocumentSymbolSupport", .bool(true))])),
                        ])
                    ),
                    (
                        "workspace",
                        object([
                            ("workspaceFolders", .bool(true)),
                            ("symbol", object([])),
                            ("didChangeWatchedFiles", object([("dynamicRegistration", .bool(true))])),
                        ])
                    ),
                ])
            ),
            ("initializationOptions", object([])),
        ])
    }

    private static func object(_ pairs: [(String, JSONValue)]) -> JSONValue {
        .object(JSONObject(pairs))
    }

    /// Answers the server's own requests: the few ty sends get a neutral answer, anything else a
    /// polite "method not found".
    private static func serverRequestHandler(root: String) -> JSONRPCConnection.RequestHandler {
        let folders = JSONValue.array([
            object([("uri", .string(FileURI.make(path: root))), ("name", .string(URL(fileURLWithPath: root).lastPathComponent))])
        ])
        return { method, params in answer(method, params, folders: folders) }
    }

    private static func answer(_ method: String, _ params: JSONValue?, folders: JSONValue) -> Result<JSONValue, JSONRPCConnection.HandlerError> {
        switch method {
        case "workspace/configuration":
            let count = params?.objectValue?["items"]?.arrayValue?.count ?? 0
            return .success(.array(Array(repeating: .null, count: count)))
        case "client/registerCapability", "client/unregisterCapability", "window/workDoneProgress/create",
            "window/showMessageRequest", "workspace/semanticTokens/refresh", "workspace/inlayHint/refresh",
            "workspace/diagnostic/refresh", "workspace/codeLens/refresh":
            return .success(.null)
        case "workspace/applyEdit":
            return .success(
                object([("applied", .bool(false)), ("failureReason", .string("punie-exec does not apply edits"))]))
        case "workspace/workspaceFolders":
            return .success(folders)
        default:
            return .failure(.init(code: LSPError.methodNotFound, message: "punie-exec does not handle \(method)"))
        }
    }
}
