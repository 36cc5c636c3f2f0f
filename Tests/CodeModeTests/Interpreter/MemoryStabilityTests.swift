import Foundation
import Testing
@testable import CodeMode

/// Resident memory must stay flat over many executions in one interpreter (20,000 after a warm-up).
@Suite(.serialized, .timeLimit(.minutes(5)))
struct MemoryStabilityTests {
    @Test func twentyThousandExecutionsKeepResidentMemoryFlat() throws {
        let executor = try TestExecutor()
        let program = """
            result = list_directory(".")
            names = [entry.name for entry in result.entries]
            text = "x" * 1000
            data = {"k": [i for i in range(50)]}
            print(len(names), len(text), sum(data["k"]))
            """
        // Warm up: caches, interned strings, allocator arenas.
        for _ in 0..<2_000 { _ = executor.executor.executeBlocking(program) }
        // Four windows of 5,000: a leak grows every window; other suites running in this process at
        // the same time move the resident size of some windows only, so the smallest window counts.
        var growths: [Int] = []
        for _ in 0..<4 {
            let before = try residentBytes()
            for _ in 0..<5_000 {
                let result = executor.executor.executeBlocking(program)
                if result.status != .ok {
                    Issue.record("execution failed: \(result.response)")
                    return
                }
            }
            growths.append(try residentBytes() - before)
        }
        let smallest = growths.min() ?? 0
        #expect(
            smallest < 5 << 20,
            "resident memory grew in every window of 5,000 executions: \(growths.map { $0 / 1024 }) KiB")
    }

    private func residentBytes() throws -> Int {
        let statm = try String(contentsOfFile: "/proc/self/statm", encoding: .utf8)
        let fields = statm.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { throw TestFailure("unreadable /proc/self/statm") }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
