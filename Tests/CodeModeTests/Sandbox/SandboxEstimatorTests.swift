import Foundation
import Testing

@testable import CodeMode

/// The estimator worker: the same static and heuristic estimates an execution computes, from the
/// program text alone, for hostile text too; one that overruns is replaced.
@Suite(.timeLimit(.minutes(2)))
struct SandboxEstimatorTests {
    static let programs = [
        "r = typecheck('src')\nprint(r.error_count)\nfor e in r.errors:\n    print(e.line, e.message)\n",
        "r = ruff_check('.')\nprint(r.violation_cont)\n# r.fixable_count later\n",
        "s = git_status('.')\nprint(getattr(s, 'branch'))\n",
        "r = typecheck(\n",
        "print(" + String(repeating: "[", count: 300) + String(repeating: "]", count: 300) + ")\n",
        "x = 1\n" + String(repeating: "x = x + 1\n", count: 2000),
        "import os\nprint(os.environ)\n",
        "print('\u{1F600}'.__class__)\n",
    ]

    static func estimator(timeout: Double = 10) -> SandboxEstimator {
        SandboxEstimator(limits: ExecutionLimits(timeout: timeout), workerExecutable: SandboxHarness.workerExecutable)
    }

    @Test func theEstimatesAreTheOnesTheExecutionComputes() async throws {
        let harness = try SandboxHarness()
        let estimator = Self.estimator()
        for program in Self.programs {
            let executed = try #require(await harness.run(program).fieldAccess?.objectValue, "\(program.prefix(40))")
            let estimated = try #require(await estimator.estimates(of: program)?.objectValue, "\(program.prefix(40))")
            #expect(estimated.keys == ["static", "heuristic"])
            #expect(estimated["static"] == executed["static"], "\(program.prefix(40))")
            #expect(estimated["heuristic"] == executed["heuristic"], "\(program.prefix(40))")
        }
    }

    @Test func nestingTooDeepToParseIsASyntaxErrorOfTheEstimateNotAFailure() async throws {
        let program = "x = " + String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000) + "\n"
        let estimated = try #require(await Self.estimator().estimates(of: program)?.objectValue)
        let error = try #require(estimated["static"]?.objectValue?["syntax_error"]?.stringValue)
        #expect(!error.isEmpty)
    }

    @Test func anAnalysisOverItsTimeIsKilledAndTheNextProgramIsAnswered() async throws {
        let estimator = Self.estimator(timeout: 0.5)
        #expect(await estimator.estimates(of: "print(1)\n") != nil)
        // ≈ 3 MB of attribute reads: ≈ 6 s of analysis, killed once the wall-time limit is over (nil).
        let huge = "r = typecheck('.')\n" + String(repeating: "print(r.errors, r.error_count)\n", count: 100_000)
        #expect(await estimator.estimates(of: huge) == nil)
        let small = try #require(await estimator.estimates(of: Self.programs[0])?.objectValue)
        #expect(small["static"]?.objectValue?["accessed_fields"] == .bool(true))
    }

    @Test func estimatesThatCouldNotBeComputedAreEmptyWithTheReason() throws {
        let exact: JSONValue = .object(
            JSONObject([("calls", .array([])), ("accessed_fields", .bool(false)), ("read_counts", .string("first"))]))
        let merged = try #require(ReplayEngine.adding(nil, to: .object(JSONObject([("exact", exact)]))))
        let report = try FieldAccessReport(json: merged)
        #expect(report.static.syntaxError?.contains("could not be computed") == true)
        #expect(!report.static.accessedFields && !report.heuristic.accessedFields)
        #expect(ReplayEngine.adding(nil, to: nil) == nil)
    }

    /// A replay whose executions run without estimates, beside the estimator, makes the records a
    /// replay makes with the estimates computed in each execution.
    @Test func aReplayBesideTheEstimatorMakesTheSameRecords() async throws {
        let text = Self.programs.map { ReplayEngineTests.line(code: $0, response: "1") }.joined(separator: "\n")
        let (inExecutions, _) = try ReplayEngineTests.engine(.recorded)
        let directory = try TemporaryDirectory()
        let context = ToolContext(workspace: try Workspace(root: directory.path), policy: ToolPolicy())
        let beside = ReplayEngine(options: ReplayOptions(tools: .recorded), estimator: Self.estimator()) { registry in
            SandboxExecutor(
                registry: registry, context: context, estimates: false, poolSize: 1,
                workerExecutable: SandboxHarness.workerExecutable)
        }
        let expected = await ReplayEngineTests.records(inExecutions, text)
        let records = await ReplayEngineTests.records(beside, text)
        #expect(records.count == Self.programs.count)
        #expect(records.filter { $0.fieldAccess != nil }.count == 4)  // the others do not compile, or are refused
        #expect(records == expected)
    }
}
