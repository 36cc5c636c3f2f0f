/// `git_status(path=".")`: the working tree status from `git status --porcelain=v2 -z`.
///
/// A file with both staged and unstaged changes gives two entries (one `staged=True`, one
/// `staged=False`), so `file_count == len(files)` counts entries. `success` is True whenever git
/// ran and its output was read (a dirty tree is `clean=False`, as in the research transcripts);
/// a directory outside any repository gives `success=False` with `parse_error` saying so.
public struct GitStatusTool: Tool {
    public static let name = "git_status"

    public init() {}

    public struct Arguments: Decodable, Sendable {
        public var path: String
    }

    public func run(_ arguments: Arguments, in context: ToolContext) throws(ToolError) -> GitStatusResult {
        let path = try context.workspace.normalize(arguments.path)
        try context.workspace.requireExisting(arguments.path)
        let git = GitCommand(context: context)
        let notARepository = GitStatusResult(
            success: false, clean: true, fileCount: 0, files: [],
            parseError: "not a git repository: \(context.workspace.root)")
        guard let prefix = try git.workspacePrefix() else { return notARepository }
        // Hashing working-tree files runs the repository's clean filters: blank them all.
        let output = try git.run(
            ["status", "--porcelain=v2", "-z", "--untracked-files=all", "--", ":(literal)" + path],
            options: try git.filterDriverOverrides())
        // The layout read on the file system may see a repository where git, stopping earlier, does not.
        if GitCommand.isNotRepository(output) { return notARepository }
        guard output.exitCode == 0 else {
            throw ToolError(
                .backendFailed, "git status failed (exit \(output.exitCode ?? -1)): \(output.stderrText.trimmingWhitespace())")
        }
        let files = GitStatusParser.parse(output.stdout).map { entry in
            var entry = entry
            if entry.file.hasPrefix(prefix) { entry.file.removeFirst(prefix.count) }
            return entry
        }
        return GitStatusResult(success: true, clean: files.isEmpty, fileCount: files.count, files: files)
    }
}

/// Reads `git status --porcelain=v2 -z` records into `GitFileStatus` entries, on bytes: only the
/// paths become strings (invalid UTF-8 repaired, as everywhere else).
enum GitStatusParser {
    static func parse(_ bytes: [UInt8]) -> [GitFileStatus] {
        var files: [GitFileStatus] = []
        var skipOriginalPath = false
        for record in bytes.split(separator: 0, omittingEmptySubsequences: false) {
            if skipOriginalPath {  // the original path of a rename or copy, after its entry
                skipOriginalPath = false
                continue
            }
            guard let kind = record.first else { continue }
            switch kind {
            case UInt8(ascii: "1"), UInt8(ascii: "2"):
                // `1 XY sub mH mI mW hH hI path`, `2 XY sub mH mI mW hH hI Xscore path`
                guard let fields = spaceSeparated(record, count: kind == UInt8(ascii: "1") ? 8 : 9) else { continue }
                if kind == UInt8(ascii: "2") { skipOriginalPath = true }
                let codes = fields.codes
                guard codes.count == 2 else { continue }
                let path = String(decoding: fields.path, as: UTF8.self)
                let (staged, unstaged) = (codes[codes.startIndex], codes[codes.startIndex + 1])
                if staged != UInt8(ascii: ".") {
                    files.append(GitFileStatus(file: path, status: statusName(staged), staged: true))
                }
                if unstaged != UInt8(ascii: ".") {
                    files.append(GitFileStatus(file: path, status: statusName(unstaged), staged: false))
                }
            case UInt8(ascii: "u"):
                // `u XY sub m1 m2 m3 mW h1 h2 h3 path`
                guard let fields = spaceSeparated(record, count: 10) else { continue }
                files.append(
                    GitFileStatus(file: String(decoding: fields.path, as: UTF8.self), status: "unmerged", staged: false))
            case UInt8(ascii: "?"):
                files.append(
                    GitFileStatus(file: String(decoding: record.dropFirst(2), as: UTF8.self), status: "untracked", staged: false))
            default:
                continue
            }
        }
        return files
    }

    /// The second field of `record` (the XY codes) and what follows its `count`-th space (the path,
    /// which may hold spaces); nil when it has fewer spaces.
    private static func spaceSeparated(_ record: ArraySlice<UInt8>, count: Int)
        -> (codes: ArraySlice<UInt8>, path: ArraySlice<UInt8>)?
    {
        var index = record.startIndex
        var found = 0
        var codes = index..<index
        while found < count, let space = record[index...].firstIndex(of: UInt8(ascii: " ")) {
            found += 1
            if found == 1 { codes = (space + 1)..<(space + 1) }
            if found == 2 { codes = codes.lowerBound..<space }
            index = space + 1
        }
        guard found == count else { return nil }
        return (record[codes], record[index...])
    }

    private static func statusName(_ code: UInt8) -> String {
        switch code {
        case UInt8(ascii: "M"): "modified"
        case UInt8(ascii: "T"): "type_changed"
        case UInt8(ascii: "A"): "added"
        case UInt8(ascii: "D"): "deleted"
        case UInt8(ascii: "R"): "renamed"
        case UInt8(ascii: "C"): "copied"
        case UInt8(ascii: "U"): "unmerged"
        default: "unknown"
        }
    }
}
