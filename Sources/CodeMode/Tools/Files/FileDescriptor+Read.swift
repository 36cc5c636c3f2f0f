#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Small helpers over raw descriptors for the file tools.
enum FileIO {
    /// Reads everything from `descriptor` (at most `limit` bytes; more is an error).
    static func readAll(_ descriptor: Int32, limit: Int, path: String) throws(ToolError) -> [UInt8] {
        let (bytes, failed) = DescriptorIO.readAll(descriptor, limit: limit)
        if failed { throw ToolError(.system, "cannot read \(quoted(path)): \(systemMessage(errno))") }
        if bytes.count > limit {
            throw ToolError(.notAllowed, "\(quoted(path)) is larger than the \(limit)-byte limit for read_file")
        }
        return bytes
    }

    /// Writes all of `bytes` to `descriptor`.
    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8], path: String) throws(ToolError) {
        guard DescriptorIO.writeAll(descriptor, bytes) else {
            throw ToolError(.system, "cannot write \(quoted(path)): \(systemMessage(errno))")
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
