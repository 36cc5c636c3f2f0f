#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the language server should know about the workspace's Python files: the stamp (inode, size,
/// modification and change times) of every `.py`/`.pyi` file and project configuration file, so
/// that changes since the last look become `workspace/didChangeWatchedFiles` events.
///
/// ty keeps its copy of a file once read and ignores later disk edits until told (tool-backends.md
/// §2), so the pool refreshes this index before every request: files written by `write_file` earlier
/// in the same program, by another backend, or by the user between executions are announced first.
///
/// Like ty, the walk skips hidden directories, `__pycache__`, virtual environments and the usual
/// build/vendor folders, and does not follow symbolic links. A file modified within
/// `racyInterval` of a scan is announced again at the next scan even if its stamp looks the same,
/// because file-system timestamps are coarse (the "racy git" problem).
struct WorkspaceFileIndex: Sendable {
    /// A change to announce, with its path relative to the root.
    struct Change: Sendable, Equatable {
        enum Kind: Int, Sendable {
            case created = 1
            case changed = 2
            case deleted = 3
        }
        var path: String
        var kind: Kind
    }

    /// The most files tracked; files beyond it (in walk order) are not announced.
    static let fileLimit = 50_000
    /// Modifications this recent (seconds) are announced again at the next scan.
    static let racyInterval = 0.05

    private(set) var stamps: [String: Stamp] = [:]
    private var racy: Set<String> = []

    struct Stamp: Sendable, Equatable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        /// Nanoseconds since the epoch.
        var modified: Int64
        var changed: Int64
    }

    /// Takes the first snapshot (nothing to announce: a fresh server reads the disk).
    init(root: String) {
        (stamps, racy) = Self.scan(root: root)
    }

    /// Rescans and returns what changed since the previous scan.
    mutating func refresh(root: String) -> [Change] {
        let (current, currentRacy) = Self.scan(root: root)
        var changes: [Change] = []
        for (path, stamp) in current {
            if let previous = stamps[path] {
                if previous != stamp || racy.contains(path) { changes.append(Change(path: path, kind: .changed)) }
            } else {
                changes.append(Change(path: path, kind: .created))
            }
        }
        for path in stamps.keys where current[path] == nil {
            changes.append(Change(path: path, kind: .deleted))
        }
        stamps = current
        racy = currentRacy
        return changes.sorted { $0.path < $1.path }
    }

    // MARK: - Walking

    private static let skippedDirectories: Set<String> = [
        "__pycache__", "node_modules", "venv", "__pypackages__", "_build", "buck-out", "site-packages",
    ]
    private static let configurationFiles: Set<String> = ["pyproject.toml", "ty.toml"]

    private static func scan(root: String) -> ([String: Stamp], Set<String>) {
        var stamps: [String: Stamp] = [:]
        var racy: Set<String> = []
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let racyAfter = Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec) - Int64(racyInterval * 1e9)
        let rootDescriptor = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard rootDescriptor >= 0 else { return ([:], []) }
        var pending: [(descriptor: Int32, prefix: String)] = [(rootDescriptor, "")]
        while let (descriptor, prefix) = pending.popLast() {
            guard let directory = fdopendir(descriptor) else {
                close(descriptor)
                continue
            }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                    pointer.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
                }
                if name == "." || name == ".." { continue }
                var info = stat()
                guard fstatat(dirfd(directory), name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
                let kind = info.st_mode & S_IFMT
                if kind == S_IFDIR {
                    guard !name.hasPrefix("."), !skippedDirectories.contains(name) else { continue }
                    let child = openat(dirfd(directory), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                    guard child >= 0 else { continue }
                    if faccessat(child, "pyvenv.cfg", F_OK, 0) == 0 {
                        close(child)
                        continue
                    }
                    pending.append((child, prefix + name + "/"))
                } else if kind == S_IFREG, isWatched(name), stamps.count < fileLimit {
                    let path = prefix + name
                    let stamp = Stamp(info)
                    stamps[path] = stamp
                    if max(stamp.modified, stamp.changed) >= racyAfter { racy.insert(path) }
                }
            }
        }
        return (stamps, racy)
    }

    private static func isWatched(_ name: String) -> Bool {
        name.hasSuffix(".py") || name.hasSuffix(".pyi") || configurationFiles.contains(name)
    }
}

extension WorkspaceFileIndex.Stamp {
    fileprivate init(_ info: stat) {
        #if canImport(Darwin)
            let modified = info.st_mtimespec
            let changed = info.st_ctimespec
        #else
            let modified = info.st_mtim
            let changed = info.st_ctim
        #endif
        self.init(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            modified: Int64(modified.tv_sec) * 1_000_000_000 + Int64(modified.tv_nsec),
            changed: Int64(changed.tv_sec) * 1_000_000_000 + Int64(changed.tv_nsec))
    }
}
