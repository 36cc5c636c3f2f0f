#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `read_file(path)` (alias `read_text_file`): the text of a UTF-8 file in the workspace.
///
/// Refuses directories, binary files (a NUL byte or invalid UTF-8) and files over the size cap.
public struct ReadFileTool: Tool {
    public static let name = "read_file"

    /// The largest file read_file returns, in bytes.
    public var sizeLimit: Int

    public init(sizeLimit: Int = 4 << 20) { self.sizeLimit = sizeLimit }

    public struct Arguments: Decodable, Sendable {
        public var path: String
    }

    public func run(_ arguments: Arguments, in context: ToolContext) throws(ToolError) -> String {
        let descriptor = try context.workspace.openBeneath(arguments.path, flags: O_RDONLY | O_NOFOLLOW)
        defer { close(descriptor) }
        let info = try FileIO.status(descriptor, path: arguments.path)
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw ToolError(.invalidPath, "\(quoted(arguments.path)) is not a regular file")
        }
        guard Int(info.st_size) <= sizeLimit else {
            throw ToolError(
                .notAllowed, "\(quoted(arguments.path)) has \(info.st_size) bytes, more than the \(sizeLimit)-byte limit")
        }
        let bytes = try FileIO.readAll(descriptor, limit: sizeLimit, path: arguments.path)
        guard !bytes.contains(0), let text = String(validating: bytes, as: UTF8.self) else {
            throw ToolError(.invalidPath, "\(quoted(arguments.path)) is a binary file, not UTF-8 text")
        }
        return text
    }
}
