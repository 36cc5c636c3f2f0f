import CPythonShim

/// An owned reference to a Python object; the only type in the package that releases references.
///
/// `init(stealing:)` adopts a new reference, `init(borrowing:)` takes one more. The reference is
/// released in `deinit`: at once when the current thread holds the GIL, otherwise it is queued and
/// released by the next job on the interpreter thread (as PyO3's reference pool does).
final class PyRef {
    private let pointer: UnsafeMutablePointer<PyObject>

    /// Adopts a new (owned) reference, as returned by most C API calls.
    init(stealing pointer: UnsafeMutablePointer<PyObject>) {
        self.pointer = pointer
    }

    /// Takes an additional reference to a borrowed pointer.
    init(borrowing pointer: UnsafeMutablePointer<PyObject>) {
        Py_IncRef(pointer)
        self.pointer = pointer
    }

    /// Adopts a new reference, or turns a NULL result into the pending Python exception.
    static func checked(_ pointer: UnsafeMutablePointer<PyObject>?, _ gil: borrowing GIL) throws(PythonException)
        -> PyRef
    {
        guard let pointer else { throw PythonException.fetch(gil) }
        return PyRef(stealing: pointer)
    }

    deinit {
        if PyGILState_Check() != 0 {
            Py_DecRef(pointer)
        } else {
            PendingReleases.shared.defer(pointer)
        }
    }

    /// Runs `body` with the raw pointer, keeping this reference alive until it returns.
    func withBorrowed<R, E: Error>(_ body: (UnsafeMutablePointer<PyObject>) throws(E) -> R) throws(E) -> R {
        defer { withExtendedLifetime(self) {} }
        return try body(pointer)
    }
}

@available(*, unavailable)
extension PyRef: Sendable {}
