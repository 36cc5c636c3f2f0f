import Foundation
import Synchronization
import Testing

@testable import CodeMode

/// The engine's tool answers: recorded reprs, synthesized and flagged results, every tool callable.
@Suite(.timeLimit(.minutes(2)))
struct ReplayEngineTests {
    static func engine(_ mode: ReplayToolMode, jobs: Int = 1) throws -> (ReplayEngine, TemporaryDirectory) {
        let directory = try TemporaryDirectory()
        let context = ToolContext(workspace: try Workspace(root: directory.path), policy: ToolPolicy())
        let engine = ReplayEngine(options: ReplayOptions(tools: mode, jobs: jobs)) { registry in
            SandboxExecutor(
                registry: registry, context: context, poolSize: 1, workerExecutable: SandboxHarness.workerExecutable)
        }
        return (engine, directory)
    }

    static func records(_ engine: ReplayEngine, _ text: String) async -> [ReplayRecord] {
        let read = TranscriptReader().read(Array(text.utf8), source: "t")
        let plan = engine.plan(read.transcripts)
        let collected = Collected()
        await engine.run(plan.items) { collected.add($0) }
        return collected.records.sorted { $0.key < $1.key }
    }

    static func line(code: String, response: String?) -> String {
        var messages: [[String: String]] = [
            ["role": "assistant", "content": "<tool_call><function=execute_code>\n<parameter=code>\n\(code)\n</parameter>\n</function></tool_call>"]
        ]
        if let response { messages.append(["role": "user", "content": "<tool_response>\n\(response)\n</tool_response>"]) }
        let data = (try? JSONSerialization.data(withJSONObject: ["messages": messages])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func theRecordedReprGoesToTheFirstCallOfItsModelAndTheRestAreSynthesized() async throws {
        let (engine, _) = try Self.engine(.recorded)
        let code = "a = typecheck('x')\nb = typecheck('y')\nprint(a.error_count, b.error_count, len(a.errors))"
        let repr = "TypeCheckResult(success=False, error_count=1, warning_count=0, errors=[TypeCheckError(file='x.py', line=3, column=1, severity='error', code='E1', message='bad')], parse_error=None)"
        let records = await Self.records(engine, Self.line(code: code, response: repr))
        let record = try #require(records.first)
        #expect(record.status == "ok", "\(record.response)")
        #expect(record.stdout == "1 0 1\n")
        #expect(record.toolCalls.map(\.source) == [.recorded, .synthesized])
        #expect(record.recordedResponseIsRepr)
        #expect(record.responseMatch == .different)
        #expect(record.fieldAccess?.exact.accessedFields == true)
    }

    @Test func invariantViolationsAndInvalidReprsAreReported() async throws {
        let (engine, _) = try Self.engine(.recorded)
        let repr = "FindReferencesResult(success=True, symbol='f', reference_count=3, references=[], parse_error=None)"
        let records = await Self.records(
            engine, Self.line(code: "r = find_references('a.py', 1, 1, 'f')\nprint(r.reference_count)", response: repr))
        let record = try #require(records.first)
        #expect(record.stdout == "3\n")
        #expect(record.invariantViolations.map(\.field) == ["reference_count"])
        let bad = await Self.records(
            engine, Self.line(code: "r = hover('a.py', 1, 1, 'f')\nprint(r.content)", response: "HoverResult(success=True, nope=1)"))
        #expect(bad.first?.recordedResultErrors.isEmpty == false)
        #expect(bad.first?.toolCalls.first?.source == .synthesized)
    }

    @Test(arguments: [ReplayToolMode.recorded, .synthesized])
    func everyDeclaredToolIsCallable(mode: ReplayToolMode) async throws {
        let (engine, _) = try Self.engine(mode)
        let catalog = StubCatalog.standard
        var lines: [String] = []
        for tool in catalog.tools {
            let arguments = tool.parameters.filter { $0.defaultValue == nil }.map { parameter -> String in
                switch parameter.type {
                case .int: "1"
                case .bool: "False"
                default: "'x'"
                }
            }
            lines.append("r = \(tool.name)(\(arguments.joined(separator: ", ")))\nprint('ok')")
        }
        var failures: [String] = []
        for (tool, code) in zip(catalog.tools, lines) {
            let records = await Self.records(engine, Self.line(code: code, response: nil))
            if records.first?.status != "ok" { failures.append("\(tool.name): \(records.first?.response ?? "no record")") }
            if records.first?.toolCalls.first?.source != .synthesized { failures.append("\(tool.name): not synthesized") }
        }
        #expect(catalog.tools.count >= 26)
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func oneRecordPerCallAndParseFailuresAreRecords() async throws {
        let (engine, _) = try Self.engine(.synthesized)
        let two = #"{"messages": [{"role": "assistant", "content": "<tool_call>print(1)</tool_call><tool_call>print(2)</tool_call>"}]}"#
        let broken = #"{"messages": [{"role": "assistant", "content": "<tool_call><function=execute_code>\n<parameter=code>\n</parameter></function></tool_call>"}]}"#
        let answer = #"{"messages": [{"role": "assistant", "content": "No call, just ```python\nprint(1)\n```"}]}"#
        let records = await Self.records(engine, [two, broken, answer].joined(separator: "\n"))
        #expect(records.map(\.key) == ["t:1:0:0", "t:1:0:1", "t:2:0:0"])
        #expect(records.map(\.stdout) == ["1\n", "2\n", ""])
        #expect(records[2].status == ReplayRecord.parseFailure)
        #expect(records[2].errorClass == "empty_code")
    }
}

final class Collected: Sendable {
    private let stored = Mutex<[ReplayRecord]>([])
    func add(_ record: ReplayRecord) { stored.withLock { $0.append(record) } }
    var records: [ReplayRecord] { stored.withLock { $0 } }
}
