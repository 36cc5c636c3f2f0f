import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `punie-exec replay` and `run --record` end to end, through the built binary.
@Suite(.timeLimit(.minutes(3)))
struct ReplayCommandTests {
    let cli = CLITests()
    static let corpus = CLITests.repositoryRoot.appendingPathComponent("Tests/CodeModeTests/Fixtures/punie-sample.jsonl").path

    func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    /// Records keyed by `key`, for comparing runs whose completion order differs.
    ///
    /// The lines of `stdout` and `response` are sorted: CPython randomises string hashes per worker
    /// process, so a program that prints a set (line 221 of the corpus) prints it in another order in
    /// another worker. Everything else must be identical.
    func recordsByKey(_ path: String) throws -> [String: NSDictionary] {
        var byKey: [String: NSDictionary] = [:]
        for line in try lines(path) {
            var object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let key = try #require(object["key"] as? String)
            #expect(byKey[key] == nil, "duplicate record \(key)")
            for field in ["stdout", "response"] {
                object[field] = (object[field] as? String)?.split(separator: "\n", omittingEmptySubsequences: false).sorted()
                    .joined(separator: "\n")
            }
            byKey[key] = object as NSDictionary
        }
        return byKey
    }

    @Test func replaysTheSampleCorpusAndWritesSummaryRecordsAndReport() throws {
        let directory = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("out.jsonl").path
        let summaryPath = directory.appendingPathComponent("summary.json").path
        let report = directory.appendingPathComponent("report.html").path
        let outcome = try cli.punieExec([
            "replay", Self.corpus, "--jobs", "2", "--out", out, "--summary-json", summaryPath, "--report", report,
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("examples"))
        #expect(outcome.stdout.contains("field access, exact"))
        let summary = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: summaryPath))) as? [String: Any])
        #expect(summary["records"] as? Int == 288)
        #expect((summary["corpus"] as? [String: Any])?["examples"] as? Int == 300)
        #expect(try lines(out).count == 288)
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.contains("<svg"))
    }

    @Test func malformedLinesAreReportedAndSkipped() throws {
        let directory = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in.jsonl")
        let good = #"{"messages": [{"role": "assistant", "content": "<tool_call>print(5)</tool_call>"}]}"#
        try Data((good + "\n{broken\n" + good + "\n").utf8).write(to: input)
        let outcome = try cli.punieExec(["replay", input.path, "--tools", "synthesized"])
        #expect(outcome.status == 0)
        #expect(outcome.stderr.contains("in.jsonl:2: not valid JSON"))
        #expect(outcome.stdout.contains("malformed lines"))
        #expect(outcome.stdout.contains("ok 2"))
    }

    @Test func aRecordedRunReplaysToTheByteIdenticalResponse() throws {
        let directory = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let record = directory.appendingPathComponent("runs.jsonl").path
        let workspace = CLITests.repositoryRoot.appendingPathComponent("examples/workspace").path
        var responses: [String] = []
        let failing = directory.appendingPathComponent("failing.txt")
        try Data(
            "<tool_call><function=execute_code>\n<parameter=code>\nprint(read_file('pyproject.toml')[:40])\nprint(read_file('missing.py'))\n</parameter></function></tool_call>"
                .utf8
        ).write(to: failing)
        for input in [CLITests.repositoryRoot.appendingPathComponent("examples/model-output.txt").path, failing.path] {
            let outcome = try cli.punieExec(["run", input, "--workspace", workspace, "--record", record])
            responses.append(outcome.stdout)
        }
        #expect(try lines(record).count == 2)
        let out = directory.appendingPathComponent("replayed.jsonl").path
        // Another directory as the workspace: recorded mode never touches the files.
        let replay = try cli.punieExec(["replay", record, "--out", out], in: directory)
        #expect(replay.status == 0, "\(replay.stderr)")
        let records = try lines(out).map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
            .sorted { ($0["line"] as? Int ?? 0) < ($1["line"] as? Int ?? 0) }
        #expect(records.map { $0["response"] as? String } == responses)
        #expect(records.map { $0["response_match"] as? String } == ["exact", "exact"])
        #expect(records.allSatisfy { ($0["transcript_format"] as? String) == "record" })
        #expect(records.allSatisfy { record in
            ((record["tool_calls"] as? [[String: Any]]) ?? []).allSatisfy { $0["source"] as? String == "recorded" }
        })
    }

    @Test func aKilledReplayResumesToTheSameRecords() throws {
        let directory = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let whole = directory.appendingPathComponent("whole.jsonl").path
        let reference = try cli.punieExec(["replay", Self.corpus, "--out", whole, "--quiet", "--jobs", "2"])
        #expect(reference.status == 0)

        let partial = directory.appendingPathComponent("partial.jsonl").path
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("punie-exec")
        let process = Process()
        process.executableURL = binary
        // One job, so that the replay is still running when the poll below sees the first records.
        process.arguments = ["replay", Self.corpus, "--out", partial, "--quiet", "--jobs", "1"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Kill once some records are on disk (polling the file the child writes; no fixed sleep decides).
        // The poll blocks this thread on purpose: a cooperative-pool sleep can be starved by other tests.
        var written = 0
        for _ in 0..<6000 where written < 20 {
            written = (try? lines(partial).count) ?? 0
            usleep(2_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let afterKill = try lines(partial).count
        #expect(afterKill > 0 && afterKill < 288, "killed after \(afterKill) records")
        // Simulate a write cut short as well: half a line at the end.
        let handle = try #require(FileHandle(forWritingAtPath: partial))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"key":"half"#.utf8))
        try handle.close()

        let resumed = try cli.punieExec(["replay", Self.corpus, "--out", partial, "--resume", "--jobs", "2"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("records                            288") || resumed.stdout.contains("288"))
        let first = try recordsByKey(whole)
        let second = try recordsByKey(partial)
        #expect(first.count == 288)
        #expect(first == second)
    }

    @Test func usageErrors() throws {
        #expect(try cli.punieExec(["replay", Self.corpus, "--resume"]).status == 64)
        #expect(try cli.punieExec(["replay", Self.corpus, "--tools", "live"]).status == 64)
        #expect(try cli.punieExec(["replay", Self.corpus, "--jobs", "0"]).status == 64)
        #expect(try cli.punieExec(["replay", "/nonexistent.jsonl"]).status == 2)
    }
}
