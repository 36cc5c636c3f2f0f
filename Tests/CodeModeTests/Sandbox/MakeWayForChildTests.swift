import CPythonShim
import Foundation
import Testing

#if os(Linux)
    /// `cps_make_way_for_child`, which `punie-exec run` calls after forking its worker: it may move
    /// the calling thread to another CPU, but must leave the thread's CPU mask as it was (a host
    /// pinned to one CPU would compete with its own worker for the rest of the run).
    @Suite struct MakeWayForChildTests {
        /// Each child is spawned from the testing thread (vfork-style: it first runs on this thread's
        /// CPU), so the call usually finds it queued here and moves the thread.
        @Test func theCallersCPUMaskIsUnchanged() throws {
            let before = try affinity()
            for _ in 0..<20 {
                var pid: pid_t = 0
                let arguments: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sleep"), strdup("5"), nil]
                defer { arguments.forEach { free($0) } }
                let spawned = arguments.withUnsafeBufferPointer { argv in
                    argv.baseAddress.map { posix_spawn(&pid, "/bin/sleep", nil, nil, $0, nil) } ?? EINVAL
                }
                try #require(spawned == 0)
                #expect(cps_make_way_for_child(pid) == 0)
                #expect(try affinity() == before)
                kill(pid, SIGKILL)
                waitpid(pid, nil, 0)
            }
        }

        @Test func aChildThatIsGoneIsLeftAlone() throws {
            let before = try affinity()
            #expect(cps_make_way_for_child(Int32.max) == 0)
            #expect(try affinity() == before)
        }

        /// The calling thread's CPU mask, as the kernel shows it.
        private func affinity() throws -> String {
            let status = try String(contentsOfFile: "/proc/thread-self/status", encoding: .utf8)
            return try #require(status.split(separator: "\n").first { $0.hasPrefix("Cpus_allowed:") }.map(String.init))
        }
    }
#endif
