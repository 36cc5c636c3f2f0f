import Foundation
import Testing
@testable import CodeMode

/// Resident memory must stay flat over many executions in one interpreter.
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
        let before = try residentBytes()
        for _ in 0..<20_000 {
            let result = executor.executor.executeBlocking(program)
            if result.status != .ok {
                Issue.record("execution failed: \(result.response)")
                return
            }
        }
        let growth = try residentBytes() - before
        #expect(growth < 20 << 20, "resident memory grew by \(growth / 1024) KiB over 20,000 executions")
    }

    private func residentBytes() throws -> Int {
        let statm = try String(contentsOfFile: "/proc/self/statm", encoding: .utf8)
        let fields = statm.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { throw TestFailure("unreadable /proc/self/statm") }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
