#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What reading one small file of a repository gave.
enum GitFileContents: Equatable {
    /// The file does not exist.
    case missing
    /// The file's bytes.
    case bytes([UInt8])
    /// The file exists but is not a plain readable file within the size limit (a symbolic link, a
    /// directory, too large, no permission): the caller leaves the question to git.
    case unusable
}

enum GitFileReading {
    /// Reads a regular file without following a symbolic link in its last component.
    static func contents(of path: String, limit: Int = 1 << 20) -> GitFileContents {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return errno == ENOENT || errno == ENOTDIR ? .missing : .unusable }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) <= limit else {
            return .unusable
        }
        guard let bytes = try? FileIO.readAll(descriptor, limit: limit, path: path) else { return .unusable }
        return .bytes(bytes)
    }

    /// The kind of the entry at `path` (not following a final symbolic link), or nil when there is
    /// none; `errno` tells why.
    static func kind(_ path: String) -> mode_t? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return info.st_mode & S_IFMT
    }

    /// The device of `path`, or nil.
    static func device(_ path: String) -> dev_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_dev
    }

    /// `path` with every symbolic link resolved, or nil.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
