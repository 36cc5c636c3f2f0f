import Foundation
import Testing
@testable import CodeMode

/// Each overrun ends with its own status, a clear message, and the stdout printed until then; the
/// next execution succeeds at once.
@Suite(.timeLimit(.minutes(2)))
struct SandboxLimitsTests {
    static let limits = ExecutionLimits(timeout: 1, cpuTime: 2, memory: 128 << 20, output: 1000, recursion: 100)

    @Test func anInfiniteLoopTimesOutAndKeepsItsOutput() async throws {
        let sandbox = try SandboxHarness(limits: Self.limits)
        let result = await sandbox.run("print('started')\nwhile True:\n    pass")
        #expect(result.status == .timeout)
        #expect(result.stdout == "started\n")
        #expect(result.error?.message == "the program ran longer than the 1-second limit and was stopped")
        #expect(result.response == "started\nTimeout: the program ran longer than the 1-second limit and was stopped\n")
        let next = await sandbox.run("print('next')")
        #expect(next.status == .ok)
        #expect(next.stdout == "next\n")
    }

    @Test func aHangInsideCIsKilledByTheHost() async throws {
        // A catastrophic regex never returns to the interpreter loop, so only the host's kill stops it.
        let sandbox = try SandboxHarness(limits: Self.limits)
        let result = await sandbox.run(
            "import re\nprint('before')\nre.match(r'(a+)+$', 'a' * 64 + 'b')")
        #expect(result.status == .timeout || result.status == .cpuLimit)
        #expect(result.stdout == "before\n")
        let next = await sandbox.run("print('alive')")
        #expect(next.stdout == "alive\n")
    }

    @Test func memoryOverrunIsAMemoryLimit() async throws {
        let sandbox = try SandboxHarness(limits: Self.limits)
        let result = await sandbox.run("print('allocating')\nblock = bytearray(1024 * 1024 * 1024)")
        #expect(result.status == .memoryLimit)
        #expect(result.stdout == "allocating\n")
        #expect(result.error?.message == "the program ran out of its memory limit")
    }

    @Test func anOutputFloodStopsAtTheLimit() async throws {
        let sandbox = try SandboxHarness(limits: Self.limits)
        let result = await sandbox.run("for i in range(10**9):\n    print('x' * 50)")
        #expect(result.status == .outputLimit)
        #expect(result.truncated)
        #expect(result.stdout.count == 1000)
        #expect(result.error?.message == "the program printed more than the 1000-character limit")
    }

    @Test func deepRecursionIsARecursionLimit() async throws {
        let sandbox = try SandboxHarness(limits: Self.limits)
        let result = await sandbox.run("def down(n):\n    return down(n + 1)\nprint('go')\ndown(0)")
        #expect(result.status == .recursionLimit)
        #expect(result.stdout == "go\n")
        #expect(result.error?.message == "maximum recursion depth exceeded (limit 100)")
    }

    @Test func theToolCallBudgetIsEnforcedByTheHost() async throws {
        let directory = try TemporaryDirectory()
        let context = ToolContext(
            workspace: try Workspace(root: directory.path), policy: ToolPolicy(maxToolCalls: 3))
        let executor = SandboxExecutor(
            context: context, limits: Self.limits, poolSize: 1, workerExecutable: SandboxHarness.workerExecutable)
        let result = await executor.execute("for _ in range(5):\n    list_directory()")
        #expect(result.status == .error)
        #expect(result.error?.message == "tool call budget exhausted: at most 3 tool calls per execution")
    }

    @Test func aCrashingInterpreterIsContained() async throws {
        // Deeply nested map objects overflow the C stack when freed or iterated in CPython 3.11.
        let sandbox = try SandboxHarness(limits: ExecutionLimits(timeout: 5, cpuTime: 5, memory: 256 << 20))
        let result = await sandbox.run(
            "x = [1]\nfor _ in range(300000):\n    x = map(abs, x)\nprint('built')\nlist(x)\nprint('survived')")
        #expect(result.status != .ok || result.stdout == "built\nsurvived\n")
        #expect([.crashed, .recursionLimit, .error, .ok].contains(result.status))
        let next = await sandbox.run("print('alive')")
        #expect(next.stdout == "alive\n")
    }
}
