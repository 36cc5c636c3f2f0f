#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import Dispatch
import Synchronization

/// The dedicated thread that runs every Python job of this process, one at a time, in FIFO order.
///
/// Not a cooperative-pool thread and not a dispatch queue: Python keeps per-thread state, and a
/// job may block this thread while a tool runs.
final class InterpreterThread: Sendable {
    typealias Job = @Sendable () -> Void

    private let queue = Mutex<[Job]>([])
    private let available = DispatchSemaphore(value: 0)

    /// Starts the thread. Python needs a deep stack for recursive programs.
    init(stackSize: Int = 64 << 20) {
        DetachedThread.start(stackSize: stackSize) { [self] in
            while true {
                available.wait()
                let job = queue.withLock { $0.isEmpty ? nil : $0.removeFirst() }
                job?()
            }
        }
    }

    /// Queues `job`; it runs after every job queued before it.
    func enqueue(_ job: @escaping Job) {
        queue.withLock { $0.append(job) }
        available.signal()
    }

    /// Runs `body` on the thread and waits for its result, blocking the caller.
    /// - Important: never call from the interpreter thread itself (it would wait for itself).
    func runBlocking<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
        let done = DispatchSemaphore(value: 0)
        let box = Mutex<T?>(nil)
        enqueue {
            let value = body()
            box.withLock { $0 = value }
            done.signal()
        }
        while true {
            done.wait()
            // The job stores its value before it signals, so the first check succeeds.
            if let value = box.withLock({ $0 }) { return value }
        }
    }

    /// Runs `body` on the thread and resumes the caller with its result.
    func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            enqueue { continuation.resume(returning: body()) }
        }
    }
}
