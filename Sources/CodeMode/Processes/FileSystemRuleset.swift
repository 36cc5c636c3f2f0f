import CPythonShim
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Builds the Landlock ruleset of a `ProcessConfinement` in the host, before the backend is
/// spawned: the child then only enforces it, instead of opening every path in each new process.
enum FileSystemRuleset {
    /// The ruleset of `confinement`, or nil where the kernel has no Landlock. A path that does not
    /// exist grants nothing. Taken from `confinement.keptRulesets` when it holds one for the same
    /// paths, and kept there once built.
    static func make(_ confinement: ProcessConfinement) -> Ruleset? {
        guard let kept = confinement.keptRulesets else { return build(confinement) }
        return kept.ruleset(readable: confinement.readablePaths, writable: confinement.writablePaths) {
            build(confinement)
        }
    }

    private static func build(_ confinement: ProcessConfinement) -> Ruleset? {
        var abi: Int32 = 0
        let descriptor = cps_landlock_ruleset(&abi)
        guard descriptor >= 0 else { return nil }
        let ruleset = Ruleset(descriptor: descriptor)
        for path in confinement.readablePaths {
            let add = { (handle: PathHandle) in allow(descriptor, abi: abi, handle, writable: false) }
            if let handles = confinement.pathHandles {
                handles.withHandle(path, add)
            } else {
                PathHandle.withOpened(path, add)
            }
        }
        for path in confinement.writablePaths {
            PathHandle.withOpened(path) { allow(descriptor, abi: abi, $0, writable: true) }
        }
        return ruleset
    }

    private static func allow(_ ruleset: Int32, abi: Int32, _ handle: PathHandle, writable: Bool) {
        _ = cps_landlock_allow(ruleset, abi, handle.descriptor, handle.isDirectory ? 1 : 0, writable ? 1 : 0)
    }
}

/// A Landlock ruleset descriptor, closed with the last reference (a spawn holds one while its
/// child enforces it, so a ruleset dropped from `KeptRulesets` meanwhile stays open until then).
final class Ruleset: Sendable {
    let descriptor: Int32

    init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }
}

/// Rulesets built once and reused by later backends with the same readable and writable paths:
/// building one takes a Landlock system call per path (≈ 40 µs for a backend's 16 paths).
///
/// Only for confinements whose paths all outlive a run (`BackendEnvironment` keeps the rulesets
/// whose one writable path is its own HOME, never those of a per-run scratch directory). Like a
/// kept `PathHandle`, a kept ruleset names the directories it was built on: one replaced
/// meanwhile is refused, never granted anew.
final class KeptRulesets: Sendable {
    private struct Key: Hashable {
        var readable: [String]
        var writable: [String]
    }

    /// At most this many are kept; the next one starts the set afresh.
    private static let capacity = 16
    private let rulesets = Mutex<[Key: Ruleset]>([:])

    /// The ruleset kept for these paths, or the one `build` makes (kept unless nil).
    func ruleset(readable: [String], writable: [String], build: () -> Ruleset?) -> Ruleset? {
        let key = Key(readable: readable, writable: writable)
        return rulesets.withLock { rulesets in
            if let kept = rulesets[key] { return kept }
            guard let built = build() else { return nil }
            if rulesets.count >= Self.capacity { rulesets.removeAll() }
            rulesets[key] = built
            return built
        }
    }
}

/// An `O_PATH` descriptor of a directory or file, as a Landlock rule takes it.
struct PathHandle: Sendable {
    var descriptor: Int32
    var isDirectory: Bool

    /// Opens `path` (following symlinks, as Landlock grants the target); nil when it does not exist.
    static func opened(_ path: String) -> PathHandle? {
        var isDirectory: Int32 = 0
        let descriptor = cps_open_path(path, &isDirectory)
        return descriptor >= 0 ? PathHandle(descriptor: descriptor, isDirectory: isDirectory != 0) : nil
    }

    /// Runs `body` with a handle opened on `path` for it alone; does nothing when it does not exist.
    static func withOpened(_ path: String, _ body: (PathHandle) -> Void) {
        guard let handle = opened(path) else { return }
        defer { close(handle.descriptor) }
        body(handle)
    }
}

/// Handles on the paths backends may read (the system's directories, the tools venv, the
/// workspace), opened on first use and kept open for the life of a `BackendEnvironment`, so that
/// each backend's ruleset adds them without opening them again.
///
/// A handle names the directory it was opened on: if a path is replaced meanwhile (a workspace
/// moved away and made anew), backends keep the access they had to the old directory and get none
/// to the new one, which they are then refused. A path that does not exist is not remembered.
final class PathHandles: Sendable {
    private let handles = Mutex<[String: PathHandle]>([:])

    deinit {
        handles.withLock { handles in
            for handle in handles.values { close(handle.descriptor) }
        }
    }

    /// Runs `body` with the handle of `path` (opened now if needed); does nothing when it does not exist.
    func withHandle(_ path: String, _ body: (PathHandle) -> Void) {
        handles.withLock { handles in
            if let known = handles[path] {
                body(known)
            } else if let opened = PathHandle.opened(path) {
                handles[path] = opened
                body(opened)
            }
        }
    }
}
