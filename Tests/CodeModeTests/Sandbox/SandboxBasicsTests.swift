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

    /// A pooled worker imported every allowed module before forking; a one-shot worker imports what
    /// the program names in the execution process, before its lock-down. Both run the same programs,
    /// one after another, each in a fresh process.
    @Test(arguments: [true, false])
    func allowedImportsWorkInPooledAndOneShotWorkers(warmUp: Bool) async throws {
        let sandbox = try SandboxHarness(warmUp: warmUp)
        let programs = [
            "import statistics\nimport collections.abc\nprint(statistics.mean([1, 2, 3]), issubclass(list, collections.abc.Sequence))",
            "from fractions import Fraction\nimport textwrap\nprint(Fraction(1, 3) * 3, textwrap.shorten('a b c d', width=5))",
            "import json.tool",
        ]
        var outputs: [String] = []
        var statuses: [ExecutionStatus] = []
        for program in programs {
            let result = await sandbox.run(program)
            outputs.append(result.stdout)
            statuses.append(result.status)
        }
        #expect(outputs[0] == "2 True\n")
        #expect(outputs[1] == "1 [...]\n")
        #expect(statuses[0] == .ok && statuses[1] == .ok)
        // A submodule importing the package does not load: refused in a pooled worker (docs/limitations.md).
        #expect(statuses[2] == (warmUp ? .error : .ok))
    }

    /// A worker's working directory is made for it and removed once it is in it: nothing can be
    /// created there, and no directory is left behind in /tmp.
    @Test func aWorkerWorksInARemovedEmptyDirectory() throws {
        let worker = try WorkerProcess(
            executable: SandboxHarness.workerExecutable, arguments: SandboxWorker.arguments(warmUp: false, prefault: false))
        defer { worker.terminate() }
        let directory = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(worker.pid)/cwd")
        #expect(directory.hasPrefix("/tmp/punie-worker-"))
        #expect(directory.hasSuffix(" (deleted)"))
        #expect(!FileManager.default.fileExists(atPath: String(directory.dropLast(" (deleted)".count))))
    }

    /// Forking is only safe in a single-threaded process; the test runner runs many threads, so a
    /// fork is refused (and the executor spawns its worker). `punie-exec run` forks first thing in
    /// `main` (ForkedWorkerTests in PunieExecTests covers that path).
    @Test func aWorkerIsNotForkedFromAMultithreadedProcess() {
        #expect(ForkedWorker.fork() == nil)
    }

    /// `datetime.strptime` makes CPython import `_strptime` through the program's `__import__`;
    /// the harness loads it beforehand, in a pooled zygote and in a one-shot execution process.
    @Test(arguments: [true, false]) func datetimeStrptimeWorks(warmUp: Bool) async throws {
        let sandbox = try SandboxHarness(warmUp: warmUp)
        let result = await sandbox.run(
            "import datetime\nstamp = datetime.datetime.strptime('2026-11-26 10:30', '%Y-%m-%d %H:%M')\n"
                + "print(stamp.date(), stamp.hour)\n")
        #expect(result.status == .ok)
        #expect(result.stdout == "2026-11-26 10\n")
        #expect(await sandbox.run("import _strptime").status == .blocked)
    }

    @Test func programsRunInAnotherProcess() async throws {
        let sandbox = try SandboxHarness()
        let result = await sandbox.run("import os")
        #expect(result.status == .blocked)
    }
}
