import CPythonShim

#if canImport(Glibc)
    import Glibc
#endif

/// The pages recent executions touched, shared by a worker's execution processes, so that each
/// one forked ahead of time faults them in while it waits instead of one by one while its program
/// runs (copy-on-write copies of the written pages, mappings of the file pages read).
///
/// Execution processes list what they touched after they reported (the first few, then one in
/// `recordInterval`, as the list settles); the list grows as a union, since a process that faulted
/// pages in ahead of time lists them again. Only timing depends on it: a missing or stale list
/// makes the next execution slower, never different.
final class HotPages {
    /// Room for 64 Ki page ranges.
    static let capacity = 1 << 20
    /// After the first `recordInterval` executions, one in `recordInterval` lists its pages.
    static let recordInterval = 8

    /// Whether execution number `index` (from 0) of a worker lists its pages.
    static func records(execution index: Int) -> Bool { index < recordInterval || index % recordInterval == 0 }
    private let region: UnsafeMutableRawPointer?

    /// Maps the shared list (nil region when mapping fails: nothing is faulted in ahead of time).
    init() {
        let mapped = mmap(nil, Self.capacity, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0)
        region = mapped == MAP_FAILED ? nil : mapped
    }

    /// In an execution process before its lock-down: fault in the listed pages, at once (beside the
    /// running execution; measured: waiting for the worker to go idle first made executions back to
    /// back 1.5× slower, as each then faulted every page in itself), unless `go` becomes readable
    /// first (an execution is waiting: it faults the rest in as it runs). `willRecord`: this process
    /// will `record` after it reported (what that reads is opened now, before the lock-down).
    func prefault(until go: Int32, willRecord: Bool) { cps_hot_set_prefault(region, Self.capacity, go, willRecord ? 1 : 0) }

    /// In an execution process after it reported: list the pages it touched.
    func record() { cps_hot_set_record(region, Self.capacity) }
}
