#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `write_file(path, content)` (alias `write_text_file`): writes a text file atomically.
///
/// Needs `allowWrite` in the policy. The text goes to a temporary file in the same directory,
/// which is then renamed over the target, so readers see the old or the new file, never a part.
/// Missing parent directories are created; an existing file keeps its permissions.
public struct WriteFileTool: Tool {
    public static let name = "write_file"

    public init() {}

    public struct Arguments: Decodable, Sendable {
        public var path: String
        public var content: String
    }

    public func run(_ arguments: Arguments, in context: ToolContext) throws(ToolError) -> String {
        guard context.policy.allowWrite else {
            throw ToolError(
                .notAllowed,
                "write_file is not allowed: writes are off for this run (pass --allow-write to permit them)")
        }
        let relative = try context.workspace.normalize(arguments.path)
        guard relative != "." else { throw ToolError(.invalidPath, "write_file needs a file path, not the workspace") }
        // git runs programs named in its own files (filter drivers, hooks), and the git tools run git.
        guard !relative.split(separator: "/").contains(where: { $0.lowercased() == ".git" }) else {
            throw ToolError(.notAllowed, "write_file may not change git's own files (\(quoted(arguments.path)))")
        }
        var components = relative.split(separator: "/").map(String.init)
        let name = components.removeLast()
        let directory = try openParent(components, in: context.workspace, path: arguments.path)
        defer { close(directory) }

        var mode: mode_t = 0o644
        var existing = stat()
        if fstatat(directory, name, &existing, AT_SYMLINK_NOFOLLOW) == 0 {
            guard (existing.st_mode & S_IFMT) == S_IFREG else {
                throw ToolError(.invalidPath, "\(quoted(arguments.path)) exists and is not a regular file")
            }
            mode = existing.st_mode & 0o7777
        }
        let temporary = ".\(name).punie-\(UInt32.random(in: 0...UInt32.max)).tmp"
        let file = openat(directory, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard file >= 0 else { throw Workspace.openError(errno, path: arguments.path) }
        let bytes = Array(arguments.content.utf8)
        do {
            try FileIO.writeAll(file, bytes, path: arguments.path)
            close(file)
        } catch {
            close(file)
            unlinkat(directory, temporary, 0)
            throw error
        }
        guard renameat(directory, temporary, directory, name) == 0 else {
            let code = errno
            unlinkat(directory, temporary, 0)
            throw Workspace.openError(code, path: arguments.path)
        }
        return "Wrote \(arguments.content.count) characters to \(relative)"
    }

    /// Opens (creating where missing) the directory that will hold the file.
    private func openParent(_ components: [String], in workspace: Workspace, path: String) throws(ToolError) -> Int32 {
        var directory = try workspace.openBeneath(".", flags: O_RDONLY | O_DIRECTORY)
        for component in components {
            var next = Workspace.resolve(root: directory, component, flags: O_RDONLY | O_DIRECTORY | O_CLOEXEC, mode: 0)
            if next < 0, errno == ENOENT {
                if mkdirat(directory, component, 0o755) != 0, errno != EEXIST {
                    let code = errno
                    close(directory)
                    throw ToolError(.system, "cannot create a directory for \(quoted(path)): \(systemMessage(code))")
                }
                next = Workspace.resolve(root: directory, component, flags: O_RDONLY | O_DIRECTORY | O_CLOEXEC, mode: 0)
            }
            let code = errno
            close(directory)
            guard next >= 0 else { throw Workspace.openError(code, path: path) }
            directory = next
        }
        return directory
    }
}
