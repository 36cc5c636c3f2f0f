#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Small helpers over raw descriptors for the file tools.
enum FileIO {
    /// Reads everything from `descriptor` (at most `limit` bytes; more is an error).
    static func readAll(_ descriptor: Int32, limit: Int, path: String) throws(ToolError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ToolError(.system, "cannot read \(quoted(path)): \(systemMessage(errno))")
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > limit {
                throw ToolError(.notAllowed, "\(quoted(path)) is larger than the \(limit)-byte limit for read_file")
            }
        }
    }

    /// Writes all of `bytes` to `descriptor`.
    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8], path: String) throws(ToolError) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress.map { $0 + offset }, bytes.count - offset) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ToolError(.system, "cannot write \(quoted(path)): \(systemMessage(errno))")
            }
            offset += count
        }
    }

    /// `fstat` of an open descriptor.
    static func status(_ descriptor: Int32, path: String) throws(ToolError) -> stat {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw ToolError(.system, "cannot inspect \(quoted(path)): \(systemMessage(errno))")
        }
        return info
    }
}
