#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the workspace sits in its git repository, found on the file system the way git's own
/// discovery finds it, so that the tools need not run `git rev-parse --show-prefix` first.
///
/// From the workspace root (a real path) upwards, the first directory holding a valid `.git` is
/// the top of the working tree. `.git` is the repository directory itself, or a file
/// `gitdir: PATH` naming it. Valid means what git checks: `HEAD` holds a ref or an object id, and
/// the common directory (`commondir`, else the repository directory) has `objects` and `refs`.
///
/// `discover` answers nil whenever it cannot be sure it sees what git sees, and the caller then
/// asks git: no `.git` above the workspace (git may still take the directory for a bare
/// repository), a `.git` that is a symbolic link, unreadable or not valid (git would skip it and
/// look higher), a file-system boundary crossed on the way up (git stops there), a repository
/// directory outside the top (a linked worktree, a submodule), or a workspace inside the
/// repository directory.
struct GitRepositoryLayout: Equatable, Sendable {
    /// The top of the working tree: the directory holding `.git`.
    let top: String
    /// The repository directory (`top/.git`, or where a `.git` file points).
    let gitDirectory: String
    /// The directory of the shared files, the config among them (`commondir`, else `gitDirectory`).
    let commonDirectory: String
    /// The workspace relative to the top, as `git rev-parse --show-prefix` prints it: `""` at the
    /// top, `"sub/dir/"` below it.
    let prefix: String

    /// The configuration files git reads for this repository (besides `-c` and the global and
    /// system files, which backends never read), in git's order. `config.worktree` counts only
    /// with `extensions.worktreeConfig`; reading it regardless can only find more.
    var configFiles: [String] { [commonDirectory + "/config", gitDirectory + "/config.worktree"] }

    /// The layout of the repository holding `workspaceRoot`, or nil when git must be asked.
    static func discover(workspaceRoot: String) -> GitRepositoryLayout? {
        guard let root = GitFileReading.realPath(workspaceRoot), let device = GitFileReading.device(root) else {
            return nil
        }
        var directory = root
        while true {
            guard GitFileReading.device(directory) == device else { return nil }
            let dotGit = join(directory, ".git")
            switch GitFileReading.kind(dotGit) {
            case S_IFDIR?:
                return layout(top: directory, gitDirectory: dotGit, workspace: root)
            case S_IFREG?:
                guard let gitDirectory = gitDirectory(namedIn: dotGit, top: directory) else { return nil }
                return layout(top: directory, gitDirectory: gitDirectory, workspace: root)
            case nil where errno == ENOENT:
                guard directory != "/" else { return nil }
                directory = parent(of: directory)
            default:
                return nil  // a symbolic link, a special file, or an error
            }
        }
    }

    /// The layout once `.git` is found, if git would take the repository directory as valid.
    private static func layout(top: String, gitDirectory: String, workspace: String) -> GitRepositoryLayout? {
        guard let commonDirectory = commonDirectory(of: gitDirectory), isBeneath(commonDirectory, top),
            hasValidHead(gitDirectory), access(commonDirectory + "/objects", X_OK) == 0,
            access(commonDirectory + "/refs", X_OK) == 0
        else { return nil }
        if workspace == gitDirectory || workspace.hasPrefix(gitDirectory + "/") { return nil }
        if workspace == commonDirectory || workspace.hasPrefix(commonDirectory + "/") { return nil }
        let prefix = workspace == top ? "" : String(workspace.dropFirst(top == "/" ? 1 : top.count + 1)) + "/"
        return GitRepositoryLayout(
            top: top, gitDirectory: gitDirectory, commonDirectory: commonDirectory, prefix: prefix)
    }

    /// The real path of the repository directory a `.git` file names (`gitdir: PATH`, relative to
    /// the top), when it lies beneath the top.
    private static func gitDirectory(namedIn file: String, top: String) -> String? {
        guard case .bytes(let bytes) = GitFileReading.contents(of: file, limit: 4096) else { return nil }
        let marker = Array("gitdir: ".utf8)
        guard bytes.starts(with: marker), !bytes.contains(0) else { return nil }
        let named = String(decoding: trimmingTrailingWhitespace(bytes.dropFirst(marker.count)), as: UTF8.self)
        guard !named.isEmpty, let resolved = GitFileReading.realPath(named.hasPrefix("/") ? named : join(top, named)),
            isBeneath(resolved, top), resolved != top
        else { return nil }
        return resolved
    }

    /// The repository's common directory: the real path in its `commondir` file, else itself.
    private static func commonDirectory(of gitDirectory: String) -> String? {
        switch GitFileReading.contents(of: gitDirectory + "/commondir", limit: 4096) {
        case .missing:
            return gitDirectory
        case .bytes(let bytes):
            let named = String(decoding: trimmingTrailingWhitespace(bytes[...]), as: UTF8.self)
            guard !named.isEmpty, !bytes.contains(0) else { return nil }
            return GitFileReading.realPath(named.hasPrefix("/") ? named : join(gitDirectory, named))
        case .unusable:
            return nil
        }
    }

    /// Whether `HEAD` is what git accepts: `ref: refs/...` or an object id. (A symbolic-link HEAD,
    /// which git also accepts, is left to git.)
    private static func hasValidHead(_ gitDirectory: String) -> Bool {
        guard case .bytes(let bytes) = GitFileReading.contents(of: gitDirectory + "/HEAD", limit: 4096) else { return false }
        if bytes.starts(with: "ref:".utf8) {
            return bytes.dropFirst(4).drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }.starts(with: "refs/".utf8)
        }
        let hex = bytes.prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
        return hex.count == 40 || hex.count == 64
    }

    private static func trimmingTrailingWhitespace(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var end = bytes.endIndex
        while end > bytes.startIndex, [UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: " "), UInt8(ascii: "\t")]
            .contains(bytes[end - 1])
        {
            end -= 1
        }
        return bytes[bytes.startIndex..<end]
    }

    private static func isBeneath(_ path: String, _ directory: String) -> Bool {
        path == directory || path.hasPrefix(directory == "/" ? "/" : directory + "/")
    }

    /// `directory/name`, also for the root directory.
    static func join(_ directory: String, _ name: String) -> String {
        directory == "/" ? "/" + name : directory + "/" + name
    }

    /// The parent of an absolute directory path (`/` for `/` and its children).
    static func parent(of directory: String) -> String {
        guard let slash = directory.lastIndex(of: "/"), slash != directory.startIndex else { return "/" }
        return String(directory[..<slash])
    }
}
