import Foundation
import Testing
@testable import CodeMode

@Suite(.timeLimit(.minutes(1)))
struct SandboxBasicsTests {
    @Test func aProgramRunsInAWorkerWithItsTools() async throws {
        let sandbox = try SandboxHarness()
        try sandbox.directory.write("a.txt", "alpha")
        let result = await sandbox.run("print(read_file('a.txt'))\nprint(list_directory().entry_count)")
        #expect(result.status == .ok)
        #expect(result.stdout == "alpha\n1\n")
        #expect(result.toolCalls.map(\.name) == ["read_file", "list_directory"])
    }

    @Test func errorsAreStructuredAsInProcess() async throws {
        let sandbox = try SandboxHarness()
        let result = await sandbox.run("print('before')\nx = [1][3]")
        #expect(result.status == .error)
        #expect(result.stdout == "before\n")
        #expect(result.error?.type == "IndexError")
        #expect(result.error?.line == 2)
    }

    @Test func programsRunInAnotherProcess() async throws {
        let sandbox = try SandboxHarness()
        let result = await sandbox.run("import os")
        #expect(result.status == .blocked)
    }
}
