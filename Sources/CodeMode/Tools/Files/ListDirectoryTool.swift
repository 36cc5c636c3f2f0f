#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `list_directory(path=".")`: the entries of a workspace directory, sorted by name.
///
/// Symbolic links are listed as `symlink` (not followed); sizes are those of the entries
/// themselves. A directory with more than `entryLimit` entries is cut, with `parse_error` saying so.
public struct ListDirectoryTool: Tool {
    public static let name = "list_directory"

    /// The most entries one listing returns.
    public var entryLimit: Int

    public init(entryLimit: Int = 10_000) { self.entryLimit = entryLimit }

    public struct Arguments: Decodable, Sendable {
        public var path: String
    }

    public func run(_ arguments: Arguments, in context: ToolContext) throws(ToolError) -> DirectoryListing {
        let relative = try context.workspace.normalize(arguments.path)
        let descriptor = try context.workspace.openBeneath(arguments.path, flags: O_RDONLY | O_DIRECTORY)
        guard let stream = fdopendir(descriptor) else {
            let code = errno
            close(descriptor)
            throw Workspace.openError(code, path: arguments.path)
        }
        defer { closedir(stream) }
        var entries: [DirectoryEntry] = []
        var truncated = false
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            guard entries.count < entryLimit else {
                truncated = true
                break
            }
            var info = stat()
            guard fstatat(dirfd(stream), name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
            entries.append(DirectoryEntry(name: name, kind: Self.kind(info.st_mode), size: Int(info.st_size)))
        }
        entries.sort { $0.name < $1.name }
        return DirectoryListing(
            success: true, path: relative, entries: entries, entryCount: entries.count,
            parseError: truncated ? "listing cut at \(entryLimit) entries" : nil)
    }

    private static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFREG: "file"
        case S_IFDIR: "directory"
        case S_IFLNK: "symlink"
        default: "other"
        }
    }
}
