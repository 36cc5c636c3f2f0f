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
    /// - Parameters:
    ///   - arguments: the workers' arguments (`SandboxWorker.arguments`).
    ///   - warmUp: the workers serve many requests: a dead one is replaced at once, not when the
    ///     next request comes.
    ///   - forked: a worker forked from this process, for the first thread (see `ForkedWorker`).
    init(size: Int, executable: String, arguments: [String], warmUp: Bool, forked: ForkedWorker? = nil) {
        for index in 0..<max(1, size) {
            let first = index == 0 ? forked?.take() : nil
            DetachedThread.start { [self] in
                self.serve(executable: executable, arguments: arguments, warmUp: warmUp, first: first?.process)
            }
        }
    }

    /// Runs `job` with a worker (or the reason none could start) on a pool thread.
    func submit(_ job: @escaping Job) {
        queue.withLock { $0.append(job) }
        available.signal()
    }

    /// Runs `request` on a worker of the pool, its tool calls answered by `tools`; when no worker
    /// could start, an internal failure saying why. The report's duration is the run's own, not the
    /// wait for a worker.
    func run(_ request: SandboxWorker.Request, tools: @escaping ToolCallHandler) async -> HarnessReport {
        await withCheckedContinuation { (continuation: CheckedContinuation<HarnessReport, Never>) in
            submit { worker, failure in
                guard let worker else {
                    continuation.resume(
                        returning: .internalFailure("no sandbox worker could start: \(failure?.message ?? "unknown")"))
                    return
                }
                let start = monotonicSeconds()
                var report = worker.run(request, tools: tools)
                report.duration = monotonicSeconds() - start
                continuation.resume(returning: report)
            }
        }
    }

    private func serve(executable: String, arguments: [String], warmUp: Bool, first: WorkerProcess?) {
        var worker: WorkerProcess?
        var failure: SandboxError?
        if let first {
            do {
                try first.awaitReady()
                worker = first
            } catch {
                failure = error  // the next job spawns a worker
            }
        }
        // (Re)starts the worker when it is missing or dead (or has run its one program in place, when
        // a job is waiting for it); a failure is kept for the next job.
        func ensureWorker(forJob: Bool) {
            if let worker, worker.alive, !(forJob && worker.spent) { return }
            do {
                worker = try WorkerProcess(executable: executable, arguments: arguments)
                failure = nil
            } catch {
                worker = nil
                failure = error
            }
        }
        // Warm before the job arrives: the first worker always, a replacement only in a warm pool (a
        // one-shot run is usually over once its worker has ended, and would start one for nothing).
        var replaceAhead = true
        while true {
            if replaceAhead { ensureWorker(forJob: false) }
            replaceAhead = warmUp
            available.wait()
            guard let job = queue.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else { continue }
            ensureWorker(forJob: true)  // one more try if the start failed while idle
            job(worker, worker == nil ? (failure ?? SandboxError("no worker")) : nil)
        }
    }
}
