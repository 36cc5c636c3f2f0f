import Foundation
import Testing

/// `punie-exec run` forks its one-shot sandbox worker from itself, and the worker runs the program
/// itself: it must carry nothing of the host's environment and work in a removed empty directory,
/// like a spawned worker, and a program that is killed or crashes must still end with its own
/// status and what it printed.
@Suite(.timeLimit(.minutes(1)))
struct ForkedWorkerTests {
    @Test func theForkedWorkerCarriesNoneOfTheHostsEnvironment() throws {
        let secret = "punie-canary-\(UUID().uuidString)"
        let program = try busyProgram()
        defer { try? FileManager.default.removeItem(at: program) }
        let (process, output) = try launch(
            ["run", "--code-file", program.path, "--workspace", CLITests.repositoryRoot.path, "--timeout", "30",
             "--cpu-time", "30"],
            environment: ["PUNIE_HOST_SECRET": secret])

        var inspected: [Int32: (environment: String, directory: String)] = [:]
        var seen: Set<Int32> = []
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning, Date() < deadline {
            seen.formUnion(descendants(of: process.processIdentifier))
            for pid in descendants(of: process.processIdentifier) where inspected[pid] == nil {
                guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/environ"),
                    let directory = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd")
                else { continue }
                inspected[pid] = (String(decoding: data, as: UTF8.self), directory)
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()

        #expect(process.terminationStatus == 0)
        #expect(String(decoding: stdout, as: UTF8.self) == "199999990000000\n")
        #expect(inspected.count == 1, "the worker was not seen")
        #expect(seen.count == 1, "the worker ran the program in a process of its own: \(seen)")
        for (pid, seen) in inspected {
            #expect(!seen.environment.contains(secret), "process \(pid) still holds the host's environment")
            #expect(!seen.environment.contains("PUNIE_HOST_SECRET"))
            #expect(seen.directory.hasPrefix("/tmp/punie-worker-") && seen.directory.hasSuffix(" (deleted)"))
        }
    }

    /// The worker is the execution process: when it is killed for its time or CPU limit, or its
    /// interpreter crashes, the host still reports the execution's own status and what the program
    /// printed before (read from the output mirror it shares with the worker); every other limit
    /// ends with its own status and the output too.
    /// (The regular expression keeps the interpreter in C code, where the harness's own timers cannot
    /// stop it: the host's kill and the kernel's CPU limit end it.)
    @Test(arguments: [
        ("import re\nprint('before')\nre.match('(a+)+$', 'a' * 40 + 'b')\n", ["--timeout", "1"], "timeout"),
        ("import re\nprint('before')\nre.match('(a+)+$', 'a' * 40 + 'b')\n", ["--cpu-time", "1"], "cpu_limit"),
        ("print('before')\nx = [0]\nfor i in range(10**6):\n    x = map(abs, x)\nprint(list(x))\n", [], "crashed"),
        // The limits the harness reports itself, in the same process that ran the program.
        ("print('before')\nx = bytearray(2 * 1024 ** 3)\n", ["--memory", "256"], "memory_limit"),
        ("print('before')\nwhile True:\n    print('a' * 10000)\n", ["--max-output", "100000"], "output_limit"),
        ("print('before')\ndef f(n):\n    return f(n + 1)\nf(0)\n", [], "recursion_limit"),
    ])
    func aKilledOrCrashedProgramKeepsItsStatusAndOutput(program text: String, limits: [String], status: String) throws {
        let program = FileManager.default.temporaryDirectory.appendingPathComponent("punie-inplace-\(UUID().uuidString).py")
        try text.write(to: program, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: program) }
        let started = Date()
        let (process, output) = try launch(
            ["run", "--code-file", program.path, "--workspace", CLITests.repositoryRoot.path, "--json"] + limits)
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(Date().timeIntervalSince(started) < 15)
        let result = try #require(try JSONSerialization.jsonObject(with: stdout) as? [String: Any])
        #expect(result["status"] as? String == status)
        #expect((result["stdout"] as? String)?.hasPrefix("before\n") == true, "stdout: \(result["stdout"] ?? "none")")
        #expect((result["response"] as? String)?.hasPrefix("before\n") == true)
    }

    /// `--isolation none` runs in the host: nothing is forked or spawned, however the flag is written.
    @Test(arguments: [["--isolation", "none"], ["--isolation=none"]])
    func inProcessRunsForkNoWorker(isolation: [String]) throws {
        let program = try busyProgram()
        defer { try? FileManager.default.removeItem(at: program) }
        let (process, output) = try launch(
            ["run", "--code-file", program.path, "--workspace", CLITests.repositoryRoot.path] + isolation)
        var children: Set<Int32> = []
        while process.isRunning {
            children.formUnion(descendants(of: process.processIdentifier))
            Thread.sleep(forTimeInterval: 0.02)
        }
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(String(decoding: stdout, as: UTF8.self) == "199999990000000\n")
        #expect(children.isEmpty, "processes below an in-process run: \(children)")
    }

    /// A program busy for a second or two, so that the processes running it can be inspected.
    private func busyProgram() throws -> URL {
        let program = FileManager.default.temporaryDirectory.appendingPathComponent("punie-forked-\(UUID().uuidString).py")
        try "total = 0\nfor n in range(20_000_000):\n    total += n\nprint(total)\n".write(
            to: program, atomically: true, encoding: .utf8)
        return program
    }

    /// Starts the built punie-exec with `arguments` and extra `environment`; stdout is piped.
    private func launch(_ arguments: [String], environment extra: [String: String] = [:]) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("punie-exec")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(extra) { _, new in new }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        return (process, output)
    }

    /// Processes below `root` (children, grandchildren, …), from /proc.
    private func descendants(of root: Int32) -> [Int32] {
        var parents: [Int32: Int32] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(name), let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, let parent = Int32(fields[1]) { parents[pid] = parent }
        }
        var found: [Int32] = []
        var frontier = [root]
        while let current = frontier.popLast() {
            let children = parents.filter { $0.value == current }.map(\.key)
            found += children
            frontier += children
        }
        return found
    }
}
