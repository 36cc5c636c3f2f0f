import CPythonShim

#if canImport(Glibc)
    import Glibc
#endif

/// Shared memory between a zygote and its execution processes (or between the host and a one-shot
/// worker it forked, which runs its program itself): a copy of the program's stdout (written by
/// `_punie.mirror_stdout`), so that what a killed program printed reaches the host, and the
/// hand-over words (the execution's token, how far the process got).
///
/// Layout: uint64 stdout length, uint64 token, uint64 disposition, uint64 reserved, then the
/// stdout bytes. One mirror serves every execution: the zygote resets it between two.
final class OutputMirror {
    /// How far an execution process got.
    enum Disposition: UInt64 {
        /// Forked, not yet holding a request.
        case standby = 0
        /// Took an execute frame (the token is set).
        case executing = 1
        /// Read `shutdown` or found the channel closed: the worker stops.
        case stop = 2
    }

    /// The most stdout kept: 16 Mi characters of 4 bytes (virtual memory, touched only as written).
    static let capacity = (16 << 20) * 4
    private static let headerSize = 32
    private let region: UnsafeMutableRawPointer

    init?() {
        let mapped = mmap(
            nil, Self.capacity + Self.headerSize, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE,
            -1, 0)
        guard let mapped, mapped != MAP_FAILED else { return nil }
        region = mapped
    }

    /// Makes this process's harness write the program's stdout here.
    func install() { cps_set_output_mirror(region, Self.capacity) }

    /// Empties the mirror for the next execution (in the zygote, while no execution process runs).
    func reset() { memset(region, 0, Self.headerSize) }

    /// Called by an execution process when it takes its request.
    func begin(token: UInt64) {
        region.storeBytes(of: token, toByteOffset: 8, as: UInt64.self)
        disposition = .executing
    }

    var disposition: Disposition {
        get { Disposition(rawValue: region.load(fromByteOffset: 16, as: UInt64.self)) ?? .stop }
        set { region.storeBytes(of: newValue.rawValue, toByteOffset: 16, as: UInt64.self) }
    }

    /// The token of the execution that took the last request.
    var token: UInt64 { region.load(fromByteOffset: 8, as: UInt64.self) }

    /// The mirrored stdout as UTF-8 bytes.
    var text: [UInt8] {
        let length = min(Int(region.load(as: UInt64.self)), Self.capacity)
        return Array(UnsafeRawBufferPointer(start: region + Self.headerSize, count: length))
    }
}
