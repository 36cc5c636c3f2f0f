#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What reading and parsing a corpus found, before anything runs.
public struct ReplayCorpusCounts: Sendable, Codable, Equatable {
    /// Transcripts read (one per valid line).
    public var examples = 0
    /// Transcripts by line shape (`messages`, `openai`, `chatml`, `record`).
    public var transcriptFormats: [String: Int] = [:]
    /// Assistant turns, with or without a tool call.
    public var assistantTurns = 0
    /// Assistant turns with at least one tool call (or an unusable one).
    public var toolCallTurns = 0
    /// Calls by format (`qwen3_xml`, `bare`, `fence`, …).
    public var callFormats: [String: Int] = [:]
    /// Examples whose calls use more than one format.
    public var examplesWithMixedFormats = 0

    /// Creates empty counts.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case examples
        case transcriptFormats = "transcript_formats"
        case assistantTurns = "assistant_turns"
        case toolCallTurns = "tool_call_turns"
        case callFormats = "call_formats"
        case examplesWithMixedFormats = "examples_with_mixed_formats"
    }
}

/// The corpus summary of a replay: what `replay` prints and `--summary-json` writes.
///
/// Built from the corpus counts and the records (those of an interrupted run included, after
/// `--resume`), so it always describes the whole output file.
public struct ReplaySummary: Sendable, Codable, Equatable {
    /// The replay's tool mode.
    public var tools: ReplayToolMode
    /// The input files.
    public var files: [String]
    /// Counts of the corpus itself.
    public var corpus: ReplayCorpusCounts
    /// True when the calls use more than one format.
    public var mixedFormats: Bool
    /// Lines that could not be read (skipped).
    public var malformedLines: [MalformedLine]
    /// Records (one per call).
    public var records = 0
    /// Calls that could not be parsed into a program.
    public var parseFailures = 0
    /// Executions by status (`ok`, `error`, `timeout`, …).
    public var executionsByStatus: [String: Int] = [:]
    /// Failures by exception or limit type.
    public var errorClasses: [String: Int] = [:]
    /// The field-access rate: exact, static and heuristic.
    public var fieldAccess = FieldAccessRate()
    /// Per tool: typed calls that returned a result, and how many of those had a field read.
    public var fieldAccessByTool: [String: FieldAccessTally] = [:]
    /// The most frequent hallucinated fields, most frequent first.
    public var unknownFields: [UnknownFieldCount] = []
    /// Tool calls made, by tool.
    public var toolsCalled: [String: Int] = [:]
    /// Where tool results came from (`recorded`, `synthesized`, …), by call.
    public var resultSources: [String: Int] = [:]
    /// Recorded responses compared with the replayed ones.
    public var responses = ResponseCounts()
    /// Failed executions in which some tool result was synthesized (the failure may be the synthesis's).
    public var failuresWithSynthesizedResults = 0
    /// Records with a recorded result that breaks a model invariant.
    public var invariantViolations = 0
    /// Records with a recorded result that does not load (invalid repr).
    public var invalidRecordedResults = 0
    /// Wall time of this run, in seconds (not of earlier, resumed runs).
    public var duration = 0.0
    /// Records made by this run.
    public var recordsThisRun = 0
    /// `recordsThisRun / duration`.
    public var turnsPerSecond: Double?

    /// How many unknown fields `unknownFields` keeps.
    public static let unknownFieldLimit = 15

    /// Summarises `records` of a replay over `corpus`.
    public init(
        tools: ReplayToolMode, files: [String], corpus: ReplayCorpusCounts, malformedLines: [MalformedLine],
        records: [ReplayRecord], duration: Double = 0, recordsThisRun: Int = 0
    ) {
        self.tools = tools
        self.files = files
        self.corpus = corpus
        self.malformedLines = malformedLines
        mixedFormats = corpus.callFormats.count > 1
        self.duration = duration
        self.recordsThisRun = recordsThisRun
        turnsPerSecond = duration > 0 ? Double(recordsThisRun) / duration : nil
        var unknown: [String: UnknownFieldCount] = [:]
        for record in records {
            self.records += 1
            if record.status == ReplayRecord.parseFailure {
                parseFailures += 1
            } else {
                executionsByStatus[record.status, default: 0] += 1
            }
            if record.failed, let errorClass = record.errorClass { errorClasses[errorClass, default: 0] += 1 }
            if let report = record.fieldAccess {
                fieldAccess.add(report)
                for call in report.exact.calls {
                    var tally = fieldAccessByTool[call.tool] ?? FieldAccessTally()
                    tally = FieldAccessTally(
                        typedCallExecutions: tally.typedCallExecutions + 1,
                        accessedExecutions: tally.accessedExecutions + (call.reads.isEmpty ? 0 : 1))
                    fieldAccessByTool[call.tool] = tally
                }
            }
            for use in Set(record.unknownFields.map { UnknownFieldCount.Key(type: $0.type, name: $0.name) }) {
                let suggestion = record.unknownFields.first { $0.type == use.type && $0.name == use.name }?.suggestion
                unknown[use.id, default: UnknownFieldCount(type: use.type, name: use.name, suggestion: suggestion)]
                    .executions += 1
            }
            for call in record.toolCalls {
                toolsCalled[call.name, default: 0] += 1
                resultSources[call.source.rawValue, default: 0] += 1
            }
            if let match = record.responseMatch {
                responses.recorded += 1
                if record.recordedResponseIsRepr {
                    responses.reprInsteadOfOutput += 1
                } else {
                    switch match {
                    case .exact: responses.exact += 1
                    case .whitespace: responses.whitespaceOnly += 1
                    case .different: responses.different += 1
                    }
                }
            }
            if record.failed, record.toolCalls.contains(where: { $0.source == .synthesized }) {
                failuresWithSynthesizedResults += 1
            }
            if !record.invariantViolations.isEmpty { invariantViolations += 1 }
            if !record.recordedResultErrors.isEmpty { invalidRecordedResults += 1 }
        }
        unknownFields = Array(
            unknown.values.sorted { ($0.executions, $1.type, $1.name) > ($1.executions, $0.type, $0.name) }
                .prefix(Self.unknownFieldLimit))
    }

    enum CodingKeys: String, CodingKey {
        case tools, files, corpus
        case mixedFormats = "mixed_formats"
        case malformedLines = "malformed_lines"
        case records
        case parseFailures = "parse_failures"
        case executionsByStatus = "executions_by_status"
        case errorClasses = "error_classes"
        case fieldAccess = "field_access"
        case fieldAccessByTool = "field_access_by_tool"
        case unknownFields = "unknown_fields"
        case toolsCalled = "tools_called"
        case resultSources = "result_sources"
        case responses
        case failuresWithSynthesizedResults = "failures_with_synthesized_results"
        case invariantViolations = "invariant_violations"
        case invalidRecordedResults = "invalid_recorded_results"
        case duration
        case recordsThisRun = "records_this_run"
        case turnsPerSecond = "turns_per_second"
    }
}

/// A hallucinated field and how many executions tried to read it.
public struct UnknownFieldCount: Sendable, Codable, Equatable {
    /// The model.
    public var type: String
    /// The field the program tried to read.
    public var name: String
    /// The closest real field, if any.
    public var suggestion: String?
    /// Executions that tried it.
    public var executions = 0

    struct Key: Hashable {
        var type: String
        var name: String
        var id: String { "\(type).\(name)" }
    }
}

/// Recorded responses compared with the replayed ones.
public struct ResponseCounts: Sendable, Codable, Equatable {
    /// Records with a recorded response.
    public var recorded = 0
    /// Equal.
    public var exact = 0
    /// Equal up to whitespace.
    public var whitespaceOnly = 0
    /// Different (printed output that the program no longer prints).
    public var different = 0
    /// Recorded as a Pydantic repr, which execute_code never returns (not compared).
    public var reprInsteadOfOutput = 0

    enum CodingKeys: String, CodingKey {
        case recorded, exact
        case whitespaceOnly = "whitespace_only"
        case different
        case reprInsteadOfOutput = "repr_instead_of_output"
    }
}

// MARK: - Text rendering

extension ReplaySummary {
    /// The summary as a plain-text table, for stdout.
    public var table: String {
        var rows: [(String, String)] = []
        func row(_ label: String, _ value: String) { rows.append((label, value)) }
        func counts(_ values: [String: Int]) -> String {
            values.isEmpty ? "-" : values.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) \($0.value)" }
                .joined(separator: ", ")
        }
        func percent(_ tally: FieldAccessTally) -> String {
            guard let rate = tally.rate else { return "- (no typed calls)" }
            return "\((rate * 100).fixed(1))% (\(tally.accessedExecutions)/\(tally.typedCallExecutions))"
        }
        row("tools", tools.rawValue)
        row("examples", "\(corpus.examples) (\(counts(corpus.transcriptFormats)))")
        row("malformed lines", "\(malformedLines.count)")
        row("assistant turns", "\(corpus.assistantTurns), with tool calls \(corpus.toolCallTurns)")
        row("call formats", counts(corpus.callFormats) + (mixedFormats ? " (mixed)" : ""))
        row("examples with mixed formats", "\(corpus.examplesWithMixedFormats)")
        row("records", "\(records)")
        row("parse failures", "\(parseFailures)")
        row("executions", counts(executionsByStatus))
        row("error classes", counts(errorClasses))
        row("failures with synthesized results", "\(failuresWithSynthesizedResults)")
        row("field access, exact", percent(fieldAccess.exact))
        row("field access, static", percent(fieldAccess.static))
        row("field access, heuristic", percent(fieldAccess.heuristic))
        row("estimates disagree", "\(fieldAccess.disagreements.any)")
        row(
            "unknown fields",
            unknownFields.isEmpty
                ? "-"
                : unknownFields.prefix(5).map { "\($0.type).\($0.name)\($0.suggestion.map { " → \($0)" } ?? "") ×\($0.executions)" }
                    .joined(separator: ", "))
        row("tools called", counts(toolsCalled))
        row("result sources", counts(resultSources))
        row(
            "responses",
            "recorded \(responses.recorded): exact \(responses.exact), whitespace \(responses.whitespaceOnly), "
                + "different \(responses.different), repr instead of output \(responses.reprInsteadOfOutput)")
        row("invariant violations", "\(invariantViolations)")
        row("invalid recorded results", "\(invalidRecordedResults)")
        row(
            "time",
            "\(duration.fixed(3)) s, \(recordsThisRun) records"
                + (turnsPerSecond.map { ", \($0.fixed(0)) turns/s" } ?? ""))
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0.padded(to: width) + "  " + $0.1 }
            .joined(separator: "\n") + "\n"
    }

    /// The summary as pretty-printed JSON with sorted keys.
    public func json() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self)) + [UInt8(ascii: "\n")]
    }
}

/// The HTML report's content: the summary and the records (the failing ones are listed).
public struct ReplayReport: Sendable {
    /// The summary.
    public var summary: ReplaySummary
    /// Every record.
    public var records: [ReplayRecord]
    /// How many failing records the page lists at most.
    public var failureLimit: Int

    /// Creates a report.
    public init(summary: ReplaySummary, records: [ReplayRecord], failureLimit: Int = 2000) {
        self.summary = summary
        self.records = records
        self.failureLimit = failureLimit
    }
}
