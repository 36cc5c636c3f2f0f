import CPythonShim

#if canImport(Glibc)
    import Glibc
#endif

/// The pages recent executions touched, shared by a worker's execution processes, so that each
/// one forked ahead of time faults them in while it waits instead of one by one while its program
/// runs (copy-on-write copies of the written pages, mappings of the file pages read).
///
/// Every execution process lists what it touched after it reported; the list grows as a union,
/// since a process that faulted pages in ahead of time lists them again. Only timing depends on
/// it: a missing or stale list makes the next execution slower, never different.
final class HotPages {
    /// Room for 64 Ki page ranges.
    static let capacity = 1 << 20
    private let region: UnsafeMutableRawPointer?

    /// Maps the shared list (nil region when mapping fails: nothing is faulted in ahead of time).
    init() {
        let mapped = mmap(nil, Self.capacity, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0)
        region = mapped == MAP_FAILED ? nil : mapped
    }

    /// In an execution process before its lock-down: fault in the listed pages.
    func prefault() { cps_hot_set_prefault(region, Self.capacity) }

    /// In an execution process after it reported: list the pages it touched.
    func record() { cps_hot_set_record(region, Self.capacity) }
}
