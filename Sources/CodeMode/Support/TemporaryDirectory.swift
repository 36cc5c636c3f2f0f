#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Private temporary directories (mode 0700), made with `mkdtemp`.
enum TemporaryDirectory {
    /// Makes a new directory from `template` (a path ending in `XXXXXX`) and returns its path, or
    /// nil (with `errno` set) when it cannot be made.
    static func make(_ template: String) -> String? {
        var characters = Array(template.utf8CString)
        return characters.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) }
        }
    }
}
