#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One message on the channel between the host and a worker process.
///
/// Wire format: a 4-byte little-endian payload length, a 1-byte kind, an 8-byte execution token,
/// then the payload. Frames from the worker must carry the token of the execution the host started;
/// anything else is treated as a forgery and ends the worker.
struct WorkerFrame: Equatable {
    enum Kind: UInt8 {
        // host → worker
        case execute = 1
        case toolResult = 2
        case shutdown = 9
        // worker → host
        case ready = 10
        case hello = 11
        case toolCall = 12
        case stdout = 13
        case report = 14
        case exited = 15
        case fatal = 16
    }

    var kind: Kind
    var token: UInt64
    var payload: [UInt8]

    /// The largest payload either side accepts.
    static let maximumPayload = 256 << 20
    static let headerSize = 13

    var encoded: [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(Self.headerSize + payload.count)
        withUnsafeBytes(of: UInt32(payload.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(kind.rawValue)
        withUnsafeBytes(of: token.littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: payload)
        return bytes
    }
}

/// Why reading a frame failed.
enum ChannelFailure: Error, Equatable {
    /// The other side closed the channel.
    case closed
    /// The deadline passed before a whole frame arrived.
    case timedOut
    /// The bytes are not a frame (bad kind, oversized payload).
    case malformed(String)
}

/// Blocking frame I/O over a socket descriptor.
///
/// The host side uses `send` with MSG_NOSIGNAL, so a dead worker never raises SIGPIPE in the host.
/// The worker side uses plain `read`/`write` (its seccomp filter refuses the socket calls) and
/// ignores SIGPIPE.
struct WorkerChannel {
    let descriptor: Int32
    /// True in the worker: plain read/write instead of send/recv.
    var plainIO = false

    /// Writes a whole frame. Returns false when the other side is gone.
    @discardableResult
    func send(_ frame: WorkerFrame) -> Bool {
        let bytes = frame.encoded
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                let start = raw.baseAddress.map { $0 + offset }
                return plainIO
                    ? write(descriptor, start, bytes.count - offset)
                    : Glibc.send(descriptor, start, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }

    /// Reads one frame, waiting at most until `deadline` (monotonic seconds; nil waits forever).
    func receive(deadline: Double? = nil) throws(ChannelFailure) -> WorkerFrame {
        let header = try read(count: WorkerFrame.headerSize, deadline: deadline)
        let length = Int(UInt32(header[0]) | UInt32(header[1]) << 8 | UInt32(header[2]) << 16 | UInt32(header[3]) << 24)
        guard let kind = WorkerFrame.Kind(rawValue: header[4]) else {
            throw .malformed("unknown frame kind \(header[4])")
        }
        guard length <= WorkerFrame.maximumPayload else { throw .malformed("a frame of \(length) bytes is too large") }
        var token: UInt64 = 0
        for index in 0..<8 { token |= UInt64(header[5 + index]) << (8 * UInt64(index)) }
        let payload = length == 0 ? [] : try read(count: length, deadline: deadline)
        return WorkerFrame(kind: kind, token: token, payload: payload)
    }

    private func read(count: Int, deadline: Double?) throws(ChannelFailure) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            if let deadline {
                let remaining = deadline - monotonicSeconds()
                if remaining <= 0 { throw .timedOut }
                var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                let ready = poll(&entry, 1, Int32(min(remaining * 1000 + 1, 1_000_000)))
                if ready < 0 {
                    if errno == EINTR { continue }
                    throw .closed
                }
                if ready == 0 { continue }
            }
            let received = bytes.withUnsafeMutableBytes { raw in
                Glibc.read(descriptor, raw.baseAddress.map { $0 + offset }, count - offset)
            }
            if received < 0 {
                if errno == EINTR { continue }
                throw .closed
            }
            if received == 0 { throw .closed }
            offset += received
        }
        return bytes
    }
}
