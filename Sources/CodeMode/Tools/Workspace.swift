#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The directory a program's tools work in. Every path is resolved beneath it through a directory
/// descriptor, never by comparing strings, so symlinks and `..` cannot lead outside.
///
/// Paths must be relative, without NUL bytes, and must not climb above the root. Symbolic links
/// are not followed at all (Linux `openat2` with `RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS`, or a
/// component-by-component `O_NOFOLLOW` walk where `openat2` is missing).
public final class Workspace: Sendable {
    /// The absolute path of the root directory.
    public let root: String
    /// A descriptor of the root directory, open for the workspace's lifetime.
    let rootDescriptor: Int32

    /// Opens `root` as a workspace.
    /// - Throws: `ToolError` when the directory cannot be opened.
    public init(root: String) throws(ToolError) {
        let descriptor = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw ToolError(.notFound, "workspace '\(root)' cannot be opened: \(systemMessage(errno))")
        }
        rootDescriptor = descriptor
        var resolved = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        if realpath(root, &resolved) != nil {
            self.root = String(decoding: resolved.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        } else {
            self.root = root
        }
    }

    deinit { close(rootDescriptor) }

    /// Checks a path argument and returns its normalised relative form (`"."` for the root).
    ///
    /// - Throws: `ToolError(.invalidPath)` for an empty or absolute path, a NUL byte, or a path
    ///   whose `..` components climb above the root.
    public func normalize(_ path: String) throws(ToolError) -> String {
        guard !path.isEmpty else { throw ToolError(.invalidPath, "the path is empty") }
        guard !path.utf8.contains(0) else {
            throw ToolError(.invalidPath, "path \(quoted(path)) contains a NUL byte")
        }
        guard !path.hasPrefix("/") else {
            throw ToolError(
                .invalidPath,
                "absolute path \(quoted(path)) is not allowed: use a path relative to the workspace")
        }
        var components: [Substring] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..":
                guard !components.isEmpty else {
                    throw ToolError(.invalidPath, "path \(quoted(path)) leads outside the workspace")
                }
                components.removeLast()
            default: components.append(component)
            }
        }
        return components.isEmpty ? "." : components.joined(separator: "/")
    }

    /// Opens a path beneath the root with `flags` (O_CLOEXEC is added) and returns the descriptor.
    /// - Throws: `ToolError` naming the path: outside the workspace, through a symlink, not found.
    public func openBeneath(_ path: String, flags: Int32, mode: UInt32 = 0) throws(ToolError) -> Int32 {
        let relative = try normalize(path)
        let descriptor = Self.resolve(root: rootDescriptor, relative, flags: flags | O_CLOEXEC, mode: mode_t(mode))
        guard descriptor >= 0 else { throw Self.openError(errno, path: path) }
        return descriptor
    }

    /// The message for an `errno` from resolving `path`.
    static func openError(_ code: Int32, path: String) -> ToolError {
        switch code {
        case ENOENT: ToolError(.notFound, "\(quoted(path)) does not exist in the workspace")
        case ELOOP:
            ToolError(
                .invalidPath,
                "path \(quoted(path)) goes through a symbolic link, which Code Mode tools do not follow")
        case EXDEV: ToolError(.invalidPath, "path \(quoted(path)) leads outside the workspace")
        case ENOTDIR: ToolError(.notFound, "a parent of \(quoted(path)) is not a directory")
        case EISDIR: ToolError(.invalidPath, "\(quoted(path)) is a directory, not a file")
        case EACCES, EPERM: ToolError(.system, "permission denied for \(quoted(path))")
        default: ToolError(.system, "cannot open \(quoted(path)): \(systemMessage(code))")
        }
    }
}

/// A path quoted for a message, with control characters escaped.
func quoted(_ path: String) -> String {
    var text = "'"
    for scalar in path.unicodeScalars {
        switch scalar {
        case "\0": text += "\\x00"
        case "\n": text += "\\n"
        case "'": text += "\\'"
        default: text.unicodeScalars.append(scalar)
        }
    }
    return text + "'"
}

/// `strerror` as a Swift string.
func systemMessage(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "error \(code)" }
    return String(cString: text)
}

extension Workspace {
    /// Checks that `path` exists beneath the root (without following symlinks).
    /// - Throws: `ToolError` naming the path when it is invalid, outside, or missing.
    public func requireExisting(_ path: String) throws(ToolError) {
        let descriptor = try openBeneath(path, flags: O_RDONLY | O_NONBLOCK | O_NOCTTY)
        close(descriptor)
    }
}
