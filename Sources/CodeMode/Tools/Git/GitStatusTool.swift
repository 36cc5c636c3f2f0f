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

/// Reads `git status --porcelain=v2 -z` records into `GitFileStatus` entries.
enum GitStatusParser {
    static func parse(_ bytes: [UInt8]) -> [GitFileStatus] {
        let records = bytes.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        var files: [GitFileStatus] = []
        var index = 0
        while index < records.count {
            let record = records[index]
            index += 1
            guard let kind = record.first else { continue }
            switch kind {
            case "1", "2":
                let fieldCount = kind == "1" ? 8 : 9
                let fields = record.split(separator: " ", maxSplits: fieldCount, omittingEmptySubsequences: false)
                guard fields.count == fieldCount + 1 else { continue }
                let path = String(fields[fieldCount])
                if kind == "2" { index += 1 }  // the original path of a rename or copy follows
                let codes = Array(fields[1])
                guard codes.count == 2 else { continue }
                if codes[0] != "." { files.append(GitFileStatus(file: path, status: statusName(codes[0]), staged: true)) }
                if codes[1] != "." { files.append(GitFileStatus(file: path, status: statusName(codes[1]), staged: false)) }
            case "u":
                let fields = record.split(separator: " ", maxSplits: 10, omittingEmptySubsequences: false)
                guard fields.count == 11 else { continue }
                files.append(GitFileStatus(file: String(fields[10]), status: "unmerged", staged: false))
            case "?":
                files.append(GitFileStatus(file: String(record.dropFirst(2)), status: "untracked", staged: false))
            default:
                continue
            }
        }
        return files
    }

    private static func statusName(_ code: Character) -> String {
        switch code {
        case "M": "modified"
        case "T": "type_changed"
        case "A": "added"
        case "D": "deleted"
        case "R": "renamed"
        case "C": "copied"
        case "U": "unmerged"
        default: "unknown"
        }
    }
}
