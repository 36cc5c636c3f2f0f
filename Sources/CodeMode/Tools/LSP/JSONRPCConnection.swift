import Dispatch
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

/// JSON-RPC 2.0 over a byte stream with LSP's `Content-Length` framing: one reader thread, any
/// number of callers.
///
/// Callers block (on a semaphore, with a deadline) until their response arrives; the reader thread
/// delivers responses by id, answers the server's own requests through `handler`, and drops
/// notifications. When the stream ends, every waiting caller fails with `LSPError.serverExited`.
///
/// - Important: `request` blocks the calling thread. Call it from the interpreter thread while
///   Python waits (GIL released) or from a plain thread, never from the cooperative pool.
final class JSONRPCConnection: Sendable {
    /// Answers one server-to-client request: a result, or a JSON-RPC error (code, message).
    typealias RequestHandler = @Sendable (_ method: String, _ params: JSONValue?) -> Result<JSONValue, HandlerError>

    /// A JSON-RPC error returned to the server.
    struct HandlerError: Error, Sendable {
        var code: Int
        var message: String
    }

    /// The largest message accepted from the server; more is a protocol error that ends the connection.
    static let maximumMessageBytes = 64 << 20
    private static let maximumHeaderBytes = 8 << 10
    private static let stderrTailBytes = 4 << 10

    private let socket: Int32
    private let diagnostics: Int32
    private let handler: RequestHandler
    private let state = Mutex(State())
    /// Serialises writes and guards the descriptors' lifetime (closed by the reader at the end).
    private let output = Mutex(OutputState())
    private let stderrTail = Mutex<[UInt8]>([])

    private struct State {
        var nextID = 1
        var pending: [Int: Waiter] = [:]
        var closedReason: String?
        var unresponsive = false
    }

    private struct OutputState {
        var descriptorsOpen = true
    }

    /// Wraps `socket` (read and write, ours) and `diagnostics` (the server's stderr, read end, or -1).
    /// Both descriptors are owned from now on and closed when the stream ends.
    init(socket: Int32, diagnostics: Int32, handler: @escaping RequestHandler) {
        self.socket = socket
        self.diagnostics = diagnostics
        self.handler = handler
    }

    /// Starts the reader thread.
    func start() {
        DetachedThread.start { [self] in readLoop() }
    }

    /// Why the connection ended, or nil while it is open.
    var closedReason: String? { state.withLock { $0.closedReason } }

    /// True while the connection is open and the server has not ignored a cancellation.
    var isUsable: Bool { state.withLock { $0.closedReason == nil && !$0.unresponsive } }

    /// The last few kilobytes the server wrote to stderr, for messages.
    var stderrText: String { String(decoding: stderrTail.withLock { $0 }, as: UTF8.self) }

    /// Sends a request and waits for its result (`nil` for a JSON `null` result).
    ///
    /// On timeout the request is cancelled with `$/cancelRequest`; a server that does not answer even
    /// the cancellation within `cancelGrace` seconds is marked unresponsive (`isUsable` false).
    /// - Throws: `LSPError.timeout`, `.responseError`, `.serverExited` or `.protocolError`.
    func request<Params: Encodable, Response: Decodable>(
        _ method: String, _ params: Params, as _: Response.Type, timeout: Double, cancelGrace: Double = 1
    ) throws(LSPError) -> Response? {
        let waiter = Waiter()
        let id: Int = try state.withLock { (state) throws(LSPError) -> Int in
            if let reason = state.closedReason { throw LSPError.serverExited(reason) }
            let id = state.nextID
            state.nextID += 1
            state.pending[id] = waiter
            return id
        }
        do {
            try write(OutgoingRequest(id: id, method: method, params: params))
        } catch {
            _ = state.withLock { $0.pending.removeValue(forKey: id) }
            throw error
        }
        guard let outcome = waiter.wait(seconds: timeout) else {
            try? write(OutgoingNotification(method: "$/cancelRequest", params: CancelParams(id: id)))
            let answered = waiter.wait(seconds: cancelGrace) != nil
            state.withLock {
                $0.pending.removeValue(forKey: id)
                if !answered { $0.unresponsive = true }
            }
            throw LSPError.timeout(method: method, seconds: timeout)
        }
        switch outcome {
        case .failure(let error):
            throw error
        case .success(let message):
            if let error = message.error {
                throw LSPError.responseError(method: method, code: error.code, message: error.message)
            }
            do {
                return try JSONDecoder().decode(ResultEnvelope<Response>.self, from: message.body).result
            } catch {
                throw LSPError.protocolError("the language server's answer to \(method) has an unexpected shape: \(error)")
            }
        }
    }

    /// Sends a notification (no answer).
    /// - Throws: `LSPError.serverExited` when the connection is closed.
    func notify<Params: Encodable>(_ method: String, _ params: Params) throws(LSPError) {
        if let reason = closedReason { throw LSPError.serverExited(reason) }
        try write(OutgoingNotification(method: method, params: params))
    }

    /// Sends a notification that has no params (`exit`).
    func notify(_ method: String) throws(LSPError) {
        if let reason = closedReason { throw LSPError.serverExited(reason) }
        try write(OutgoingBareNotification(method: method))
    }

    /// Ends the stream from our side: the reader thread sees the end, fails waiting callers and
    /// closes the descriptors.
    func hangUp(reason: String) {
        markClosed(reason)
        output.withLock { output in
            if output.descriptorsOpen { _ = shutdown(socket, Int32(SHUT_RDWR)) }
        }
    }

    // MARK: - Writing

    private func write<Message: Encodable>(_ message: Message) throws(LSPError) {
        let body: Data
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            body = try encoder.encode(message)
        } catch {
            throw LSPError.protocolError("a message for the language server could not be encoded: \(error)")
        }
        var frame = Array("Content-Length: \(body.count)\r\n\r\n".utf8)
        frame.append(contentsOf: body)
        let failure: Int32? = output.withLock { output in
            guard output.descriptorsOpen else { return EPIPE }
            return Self.sendAll(socket, frame)
        }
        if let failure {
            let reason = "the language server's input is closed (\(systemMessage(failure)))"
            markClosed(reason)
            throw LSPError.serverExited(closedReason ?? reason)
        }
    }

    /// Writes all bytes without raising SIGPIPE; returns errno on failure.
    private static func sendAll(_ socket: Int32, _ bytes: [UInt8]) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                send(socket, buffer.baseAddress.map { $0 + offset }, bytes.count - offset, noSignalFlag)
            }
            if count < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += count
        }
        return nil
    }

    #if os(Linux)
        private static let noSignalFlag = Int32(MSG_NOSIGNAL)
    #else
        private static let noSignalFlag: Int32 = 0  // SO_NOSIGPIPE is set on the socket instead
    #endif

    // MARK: - Reading

    private func readLoop() {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        var diagnosticsOpen = diagnostics >= 0
        var endReason = "the language server closed its output"
        reading: while true {
            var descriptors = [pollfd(fd: socket, events: Int16(POLLIN), revents: 0)]
            if diagnosticsOpen { descriptors.append(pollfd(fd: diagnostics, events: Int16(POLLIN), revents: 0)) }
            let ready = poll(&descriptors, nfds_t(descriptors.count), -1)
            if ready < 0 {
                if errno == EINTR { continue }
                endReason = "polling the language server failed: \(systemMessage(errno))"
                break
            }
            if diagnosticsOpen, descriptors[1].revents != 0 {
                diagnosticsOpen = drainDiagnostics(&chunk)
            }
            guard descriptors[0].revents != 0 else { continue }
            let count = chunk.withUnsafeMutableBytes { read(socket, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                endReason = "reading from the language server failed: \(systemMessage(errno))"
                break
            }
            if count == 0 { break }
            buffer.append(contentsOf: chunk[0..<count])
            while true {
                switch Self.nextFrame(&buffer) {
                case .incomplete: continue reading
                case .message(let body): dispatch(body)
                case .invalid(let reason):
                    endReason = "the language server broke the protocol: \(reason)"
                    break reading
                }
            }
        }
        if diagnosticsOpen {
            _ = fcntl(diagnostics, F_SETFL, fcntl(diagnostics, F_GETFL) | O_NONBLOCK)
            while drainDiagnostics(&chunk) {}
        }
        markClosed(endReason)
        output.withLock { output in
            output.descriptorsOpen = false
            _ = close(socket)
            if diagnostics >= 0 { _ = close(diagnostics) }
        }
    }

    /// Reads what stderr has; keeps the tail. Returns false at its end.
    private func drainDiagnostics(_ chunk: inout [UInt8]) -> Bool {
        let count = chunk.withUnsafeMutableBytes { read(diagnostics, $0.baseAddress, $0.count) }
        if count < 0 { return errno == EINTR }
        if count == 0 { return false }
        stderrTail.withLock { tail in
            tail.append(contentsOf: chunk[0..<count])
            if tail.count > Self.stderrTailBytes { tail.removeFirst(tail.count - Self.stderrTailBytes) }
        }
        return true
    }

    enum Frame: Equatable {
        case incomplete
        case message([UInt8])
        case invalid(String)
    }

    /// Takes one complete frame off the front of `buffer`.
    static func nextFrame(_ buffer: inout [UInt8]) -> Frame {
        guard let headerEnd = headerTerminator(in: buffer) else {
            return buffer.count > maximumHeaderBytes ? .invalid("a header longer than \(maximumHeaderBytes) bytes") : .incomplete
        }
        var length: Int?
        let header = String(decoding: buffer[0..<headerEnd], as: UTF8.self)
        for line in header.split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { return .invalid("a header line without ':'") }
            let name = line[..<colon].trimmingSpaces().lowercased()
            if name == "content-length" {
                length = Int(line[line.index(after: colon)...].trimmingSpaces())
            }
        }
        guard let length, length >= 0 else { return .invalid("a message without a valid Content-Length") }
        guard length <= maximumMessageBytes else { return .invalid("a \(length)-byte message (limit \(maximumMessageBytes))") }
        let start = headerEnd + 4
        guard buffer.count >= start + length else { return .incomplete }
        let body = Array(buffer[start..<(start + length)])
        buffer.removeFirst(start + length)
        return .message(body)
    }

    private static func headerTerminator(in buffer: [UInt8]) -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4)
        where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
            return index
        }
        return nil
    }

    // MARK: - Dispatch

    private func dispatch(_ body: [UInt8]) {
        let data = Data(body)
        guard let message = try? JSONDecoder().decode(IncomingMessage.self, from: data) else { return }
        switch (message.id, message.method) {
        case (.some(let id), .some(let method)):
            let outcome = handler(method, message.params)
            switch outcome {
            case .success(let result): try? write(OutgoingResponse(id: id, result: result))
            case .failure(let error):
                try? write(OutgoingErrorResponse(id: id, error: ResponseError(code: error.code, message: error.message)))
            }
        case (.some(let id), nil):
            guard case .int(let number) = id else { return }
            let waiter = state.withLock { $0.pending.removeValue(forKey: number) }
            waiter?.deliver(.success(IncomingResponse(body: data, error: message.error)))
        default:
            break  // notifications (window/logMessage, $/progress, ...) need no answer
        }
    }

    private func markClosed(_ reason: String) {
        let waiters: [Waiter] = state.withLock { state in
            if state.closedReason == nil { state.closedReason = reason }
            defer { state.pending = [:] }
            return Array(state.pending.values)
        }
        let message = closedReason ?? reason
        for waiter in waiters { waiter.deliver(.failure(.serverExited(message))) }
    }
}

// MARK: - Waiting

/// One caller's pending response.
private final class Waiter: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private let outcome = Mutex<Result<IncomingResponse, LSPError>?>(nil)

    func deliver(_ result: Result<IncomingResponse, LSPError>) {
        let first = outcome.withLock { outcome in
            guard outcome == nil else { return false }
            outcome = result
            return true
        }
        if first { semaphore.signal() }
    }

    /// The outcome, or nil if none arrived within `seconds`.
    func wait(seconds: Double) -> Result<IncomingResponse, LSPError>? {
        if let ready = outcome.withLock({ $0 }) { return ready }
        guard semaphore.wait(timeout: .now() + max(0, seconds)) == .success else { return nil }
        return outcome.withLock { $0 }
    }
}

/// A response as received: the raw body (decoded again for the typed result) and its error, if any.
private struct IncomingResponse: Sendable {
    var body: Data
    var error: ResponseError?
}

// MARK: - Wire shapes

/// A JSON-RPC error object.
struct ResponseError: Codable, Sendable, Equatable {
    var code: Int
    var message: String
}

private struct IncomingMessage: Decodable {
    var id: JSONValue?
    var method: String?
    var params: JSONValue?
    var error: ResponseError?
}

private struct ResultEnvelope<Response: Decodable>: Decodable {
    var result: Response?
}

private struct OutgoingRequest<Params: Encodable>: Encodable {
    var jsonrpc = "2.0"
    var id: Int
    var method: String
    var params: Params
}

private struct OutgoingNotification<Params: Encodable>: Encodable {
    var jsonrpc = "2.0"
    var method: String
    var params: Params
}

private struct OutgoingBareNotification: Encodable {
    var jsonrpc = "2.0"
    var method: String
}

private struct OutgoingResponse: Encodable {
    var jsonrpc = "2.0"
    var id: JSONValue
    var result: JSONValue
}

private struct OutgoingErrorResponse: Encodable {
    var jsonrpc = "2.0"
    var id: JSONValue
    var error: ResponseError
}

private struct CancelParams: Encodable {
    var id: Int
}
