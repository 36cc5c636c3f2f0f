import Foundation
import Testing

@testable import CodeMode

/// Replay of the Punie sample corpus in recorded mode, checked against facts computed here by an
/// independent scan of the raw JSON (and against the corpus README's counts).
@Suite(.timeLimit(.minutes(3)))
struct ReplayCorpusTests {
    struct Scan {
        var examples = 0
        var assistantTurns = 0
        var toolCallTurns = 0
        var qwen = 0
        var bare = 0
        var fence = 0
        var hermes = 0
        var reprResponses = 0
        var typeInfoReads = 0
    }

    /// Counts with string searches over the decoded messages, sharing no code with the readers or parser.
    static func scan(_ data: Data) throws -> Scan {
        var scan = Scan()
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where !line.isEmpty {
            scan.examples += 1
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let messages = try #require(object["messages"] as? [[String: Any]])
            var previousWasAssistant = false
            for message in messages {
                let role = message["role"] as? String ?? ""
                let content = message["content"] as? String ?? ""
                if role == "assistant" {
                    scan.assistantTurns += 1
                    let qwen = content.components(separatedBy: "<function=").count - 1
                    let fence = content.components(separatedBy: "```json").dropFirst()
                        .filter { $0.drop { $0.isWhitespace }.hasPrefix("{") && $0.contains("\"name\"") }.count
                    var bare = 0
                    var hermes = 0
                    for after in content.components(separatedBy: "<tool_call>").dropFirst() {
                        var rest = after.drop { $0.isWhitespace }
                        while rest.hasPrefix("\\n") { rest = rest.dropFirst(2).drop { $0.isWhitespace } }
                        if rest.hasPrefix("<function=") { continue }
                        if rest.hasPrefix("{") || rest.hasPrefix("[") { hermes += 1 } else { bare += 1 }
                    }
                    if qwen + fence + bare + hermes > 0 { scan.toolCallTurns += 1 }
                    scan.qwen += qwen
                    scan.fence += fence
                    scan.bare += bare
                    scan.hermes += hermes
                    if content.contains(".type_info") { scan.typeInfoReads += 1 }
                } else if previousWasAssistant {
                    var body = content.drop { $0.isWhitespace }
                    if body.hasPrefix("<tool_response>") { body = body.dropFirst("<tool_response>".count).drop { $0.isWhitespace } }
                    let name = body.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                    if let first = name.first, first.isUppercase, body.dropFirst(name.count).hasPrefix("(") {
                        scan.reprResponses += 1
                    }
                }
                previousWasAssistant = role == "assistant"
            }
        }
        return scan
    }

    @Test func recordedReplayMatchesAnIndependentScan() async throws {
        let data = try #require(FileManager.default.contents(atPath: TracingTestSupport.corpusURL.path))
        let scan = try Self.scan(data)
        let read = TranscriptReader().read(Array(data), source: "punie-sample.jsonl")
        #expect(read.malformed.isEmpty)
        let (engine, _) = try ReplayEngineTests.engine(.recorded, jobs: 2)
        let plan = engine.plan(read.transcripts)
        let collected = Collected()
        await engine.run(plan.items) { collected.add($0) }
        let records = collected.records
        let summary = ReplaySummary(
            tools: .recorded, files: ["punie-sample.jsonl"], corpus: plan.corpus, malformedLines: read.malformed,
            records: records)

        #expect(summary.corpus.examples == scan.examples)
        #expect(summary.corpus.examples == 300)
        #expect(summary.corpus.transcriptFormats == ["messages": 300])
        #expect(summary.corpus.assistantTurns == scan.assistantTurns)
        #expect(summary.corpus.toolCallTurns == scan.toolCallTurns)
        #expect(
            summary.corpus.callFormats
                == ["qwen3_xml": scan.qwen, "bare": scan.bare, "fence": scan.fence, "hermes_json": scan.hermes])
        #expect(summary.mixedFormats)
        // One record per call; every call in this corpus parses into a program.
        #expect(summary.records == scan.qwen + scan.bare + scan.fence + scan.hermes)
        #expect(Set(records.map(\.key)).count == records.count)
        #expect(summary.parseFailures == 0)
        #expect(summary.executionsByStatus.values.reduce(0, +) == summary.records)
        // The corpus README's data-quality counts.
        #expect(summary.responses.reprInsteadOfOutput == scan.reprResponses)
        #expect(summary.responses.reprInsteadOfOutput == 58)
        #expect(summary.invariantViolations == 17)
        #expect(summary.invalidRecordedResults == 3)
        let typeInfo = summary.unknownFields.first { $0.type == "HoverResult" && $0.name == "type_info" }
        #expect(typeInfo?.executions == scan.typeInfoReads)
        #expect(summary.errorClasses["NameError"] == 1)  // list_dir, outside the tool set
        #expect(summary.errorClasses["Blocked"] == 1)  // import pathlib
        // Every typed result was read: the trained corpus accesses fields.
        #expect(summary.fieldAccess.exact.rate == 1)
        #expect(summary.toolsCalled.count == 26)
        #expect(summary.resultSources["recorded"] == 56)
    }
}
