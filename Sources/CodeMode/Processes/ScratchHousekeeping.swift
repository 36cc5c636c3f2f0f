import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Makes and removes scratch directories off the path of tool calls: a used directory is removed
/// on a background queue, and once a backend has run, one fresh, never used directory is kept ready
/// for the next one (not before: a process that runs no backend, such as most one-shot runs, then
/// makes and removes no directory). At exit the pending removals finish, and the spare and every
/// directory still in use (the HOME of a `BackendEnvironment` held in a global, say) are removed.
///
/// Each directory still serves exactly one run: a spare is handed out once and removed after use.
final class ScratchHousekeeping: Sendable {
    /// The one instance of the process.
    static let shared = ScratchHousekeeping()
    /// The prefix of the directories kept ready (the backend runs' default).
    static let sparePrefix = "punie-backend"

    private struct State {
        var spares: [String] = []
        var live: Set<String> = []
        var finished = false
    }

    private let queue = DispatchQueue(label: "punie-exec.scratch-housekeeping", qos: .utility)
    private let state = Mutex(State())

    private init() {
        atexit { ScratchHousekeeping.shared.finish() }
    }

    /// A fresh directory (with an empty `home`) made ahead of time, or nil when none is ready.
    func takeSpare() -> String? {
        let spare = state.withLock { $0.spares.popLast() }
        refill()
        return spare
    }

    /// Notes a directory in use, to be removed at exit if it is still there.
    func register(_ path: String) {
        state.withLock { _ = $0.live.insert(path) }
    }

    /// Removes `path` and everything in it, in the background (at once after `finish`).
    func remove(_ path: String) {
        let finished = state.withLock { state in
            state.live.remove(path)
            return state.finished
        }
        if finished {
            ScratchDirectory.removeNow(path)
        } else {
            queue.async { ScratchDirectory.removeNow(path) }
        }
    }

    /// Makes a spare directory in the background unless one is ready.
    private func refill() {
        queue.async { [self] in
            guard state.withLock({ $0.spares.isEmpty && !$0.finished }),
                let path = try? ScratchDirectory.make(prefix: Self.sparePrefix, withHome: true)
            else { return }
            let kept = state.withLock { state in
                if state.finished { return false }
                state.spares.append(path)
                return true
            }
            if !kept { ScratchDirectory.removeNow(path) }
        }
    }

    /// Waits for the background work and removes the spare directories and those still in use
    /// (called at exit).
    func finish() {
        let left = state.withLock { state in
            state.finished = true
            defer {
                state.spares = []
                state.live = []
            }
            return state.spares + state.live
        }
        queue.sync {}
        for path in left { ScratchDirectory.removeNow(path) }
    }
}
