#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whole-buffer reads and writes on raw descriptors, retrying on EINTR and after short transfers:
/// the one copy of these loops (file tools, record files, the CLI's standard streams, the bytecode
/// cache).
public enum DescriptorIO {
    /// Reads `descriptor` to its end, or until it has given more than `limit` bytes. Returns what
    /// was read and whether a read failed (errno set) before the end.
    public static func readAll(_ descriptor: Int32, limit: Int = .max) -> (bytes: [UInt8], failed: Bool) {
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { chunk.deallocate() }
        var bytes: [UInt8] = []
        while bytes.count <= limit {
            let count = read(descriptor, chunk.baseAddress, chunk.count)
            if count < 0, errno == EINTR { continue }
            if count < 0 { return (bytes, true) }
            if count == 0 { break }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[0..<count]))
        }
        return (bytes, false)
    }

    /// The whole content of the regular file at `path` (read straight into an array of its size);
    /// nil when it cannot be opened or read.
    public static func readAll(path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        let complete = bytes.withUnsafeMutableBytes { buffer in
            whole(buffer.count) { offset in
                buffer.baseAddress.map { read(descriptor, $0 + offset, buffer.count - offset) } ?? -1
            }
        }
        return complete ? bytes : nil
    }

    /// Writes all of `bytes`, retrying on EINTR and after short writes. Returns false (errno set)
    /// when the descriptor takes no more.
    @discardableResult
    public static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer in
            whole(buffer.count) { offset in
                buffer.baseAddress.map { write(descriptor, $0 + offset, buffer.count - offset) } ?? -1
            }
        }
    }

    /// Repeats `step` (a read or write of what is left from an offset, returning how many bytes it
    /// moved) until `count` bytes have moved; false when a step fails (other than EINTR) or moves
    /// nothing.
    private static func whole(_ count: Int, _ step: (_ offset: Int) -> Int) -> Bool {
        var offset = 0
        while offset < count {
            let moved = step(offset)
            if moved < 0, errno == EINTR { continue }
            guard moved > 0 else { return false }
            offset += moved
        }
        return true
    }
}
