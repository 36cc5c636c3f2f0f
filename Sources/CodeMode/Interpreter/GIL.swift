/// Proof that the current thread holds the Python GIL.
///
/// Only `PythonRuntime` creates one, inside a job on the interpreter thread. Functions that touch
/// Python objects take it `borrowing`, so they cannot be called without the lock.
/// - Important: a `GIL` never leaves the closure it was given to.
struct GIL: ~Copyable {
    fileprivate init() {}

    /// Creates the token for code that has just acquired the GIL itself.
    static func acquiredByCaller() -> GIL { GIL() }
}

@available(*, unavailable)
extension GIL: Sendable {}
