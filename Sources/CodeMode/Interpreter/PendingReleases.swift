import CPythonShim
import Synchronization

/// References dropped on a thread without the GIL, released at the start of the next GIL job.
final class PendingReleases: Sendable {
    /// The pool of the one interpreter of this process.
    static let shared = PendingReleases()

    private let pointers = Mutex<[UInt]>([])

    /// Queues a pointer whose reference could not be released on the current thread.
    func `defer`(_ pointer: UnsafeMutablePointer<PyObject>) {
        pointers.withLock { $0.append(UInt(bitPattern: pointer)) }
    }

    /// Releases every queued reference. The caller holds the GIL.
    func drain(_ gil: borrowing GIL) {
        let queued = pointers.withLock { pending -> [UInt] in
            defer { pending.removeAll() }
            return pending
        }
        for address in queued {
            if let pointer = UnsafeMutablePointer<PyObject>(bitPattern: address) { Py_DecRef(pointer) }
        }
    }
}
