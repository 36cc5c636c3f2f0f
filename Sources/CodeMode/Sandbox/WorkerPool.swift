#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A pool of warm worker processes, each owned by one host thread that takes executions from a
/// shared FIFO queue. A worker that dies or is killed is replaced before its thread takes the next
/// execution, so the next execution succeeds at once.
final class WorkerPool: Sendable {
    typealias Job = @Sendable (WorkerProcess?, SandboxError?) -> Void

    private let queue = Mutex<[Job]>([])
    private let available = DispatchSemaphore(value: 0)

    /// Starts `size` threads; each starts its worker at once (in parallel), so the pool is warm by
    /// the time the first execution arrives.
    init(size: Int, executable: String, warmUp: Bool, prefault: Bool) {
        for _ in 0..<max(1, size) {
            DetachedThread.start { [self] in
                self.serve(executable: executable, warmUp: warmUp, prefault: prefault)
            }
        }
    }

    /// Runs `job` with a worker (or the reason none could start) on a pool thread.
    func submit(_ job: @escaping Job) {
        queue.withLock { $0.append(job) }
        available.signal()
    }

    private func serve(executable: String, warmUp: Bool, prefault: Bool) {
        var worker: WorkerProcess?
        var failure: SandboxError?
        // (Re)starts the worker when it is missing or dead; a failure is kept for the next job.
        func ensureWorker() {
            guard worker?.alive != true else { return }
            do {
                worker = try WorkerProcess(executable: executable, warmUp: warmUp, prefault: prefault)
                failure = nil
            } catch {
                worker = nil
                failure = error
            }
        }
        while true {
            ensureWorker()  // warm before the job arrives
            available.wait()
            guard let job = queue.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else { continue }
            ensureWorker()  // one more try if the start failed while idle
            job(worker, worker == nil ? (failure ?? SandboxError("no worker")) : nil)
        }
    }
}
