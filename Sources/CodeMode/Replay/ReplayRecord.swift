#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What replay found for one runnable tool call of one assistant turn: one JSON line of `--out`.
///
/// Records hold no timings, so the same replay always gives the same records (in completion order,
/// which `--jobs` may shuffle); `key` identifies a record for `--resume`.
public struct ReplayRecord: Sendable, Codable, Equatable {
    /// `source:line:turn:call`, unique within a replay.
    public var key: String
    /// The transcript file.
    public var source: String
    /// The 1-based line of the transcript in the file.
    public var line: Int
    /// How the transcript line was written.
    public var transcriptFormat: TranscriptFormat
    /// The index of the assistant message in the conversation.
    public var turn: Int
    /// The index of the call among the turn's calls.
    public var call: Int
    /// The call's format (qwen3_xml, bare, …); nil when the parser found no call.
    public var format: ToolCallFormat?
    /// The called function (`execute_code`, or a tool for a direct call).
    public var tool: String?
    /// The parse diagnostics of the call (and, on call 0, those that belong to no call).
    public var diagnostics: [ParseDiagnostic]
    /// The execution status, or `parse_failure` when the call could not be run.
    public var status: String
    /// The exception type or limit name of a failure (`AttributeError`, `Timeout`, …).
    public var errorClass: String?
    /// The failure's message.
    public var errorMessage: String?
    /// The program that ran.
    public var code: String?
    /// What the program printed.
    public var stdout: String
    /// The response text the model would see now.
    public var response: String
    /// Every tool call the program made, with where its result came from.
    public var toolCalls: [ReplayToolCall]
    /// The field-access report (exact trace, static and heuristic estimates).
    public var fieldAccess: FieldAccessReport?
    /// Fields the program tried to read that its result models do not declare.
    public var unknownFields: [UnknownFieldUse]
    /// The recorded tool response for this call, if the transcript has one.
    public var recordedResponse: String?
    /// How the recorded response compares with `response` (nil when none was recorded).
    public var responseMatch: ResponseMatch?
    /// True when the recorded response is a Pydantic repr, although execute_code returns printed output.
    public var recordedResponseIsRepr: Bool
    /// Recorded results (reprs) that could not be loaded, with their positions.
    public var recordedResultErrors: [String]
    /// Recorded results that break the model invariants (e.g. `reference_count != len(references)`).
    public var invariantViolations: [InvariantViolation]

    /// Creates a record for a call with nothing to run.
    public init(
        key: String, source: String, line: Int, transcriptFormat: TranscriptFormat, turn: Int, call: Int,
        format: ToolCallFormat?, tool: String?, diagnostics: [ParseDiagnostic], status: String
    ) {
        self.key = key
        self.source = source
        self.line = line
        self.transcriptFormat = transcriptFormat
        self.turn = turn
        self.call = call
        self.format = format
        self.tool = tool
        self.diagnostics = diagnostics
        self.status = status
        stdout = ""
        response = ""
        toolCalls = []
        unknownFields = []
        recordedResponseIsRepr = false
        recordedResultErrors = []
        invariantViolations = []
    }

    /// The status of a call that the parser could not turn into a program.
    public static let parseFailure = "parse_failure"

    /// True when the call did not run to completion (parse failure, exception or limit).
    public var failed: Bool { status != ExecutionStatus.ok.rawValue }

    /// Encodes every key, absent values as `null`, so each line has the same schema.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key, forKey: .key)
        try container.encode(source, forKey: .source)
        try container.encode(line, forKey: .line)
        try container.encode(transcriptFormat, forKey: .transcriptFormat)
        try container.encode(turn, forKey: .turn)
        try container.encode(call, forKey: .call)
        try container.encode(format, forKey: .format)
        try container.encode(tool, forKey: .tool)
        try container.encode(diagnostics, forKey: .diagnostics)
        try container.encode(status, forKey: .status)
        try container.encode(errorClass, forKey: .errorClass)
        try container.encode(errorMessage, forKey: .errorMessage)
        try container.encode(code, forKey: .code)
        try container.encode(stdout, forKey: .stdout)
        try container.encode(response, forKey: .response)
        try container.encode(toolCalls, forKey: .toolCalls)
        try container.encode(fieldAccess, forKey: .fieldAccess)
        try container.encode(unknownFields, forKey: .unknownFields)
        try container.encode(recordedResponse, forKey: .recordedResponse)
        try container.encode(responseMatch, forKey: .responseMatch)
        try container.encode(recordedResponseIsRepr, forKey: .recordedResponseIsRepr)
        try container.encode(recordedResultErrors, forKey: .recordedResultErrors)
        try container.encode(invariantViolations, forKey: .invariantViolations)
    }

    enum CodingKeys: String, CodingKey {
        case key, source, line
        case transcriptFormat = "transcript_format"
        case turn, call, format, tool, diagnostics, status
        case errorClass = "error_class"
        case errorMessage = "error_message"
        case code, stdout, response
        case toolCalls = "tool_calls"
        case fieldAccess = "field_access"
        case unknownFields = "unknown_fields"
        case recordedResponse = "recorded_response"
        case responseMatch = "response_match"
        case recordedResponseIsRepr = "recorded_response_is_repr"
        case recordedResultErrors = "recorded_result_errors"
        case invariantViolations = "invariant_violations"
    }
}

/// One tool call of a replayed program.
public struct ReplayToolCall: Sendable, Codable, Equatable {
    /// The tool's canonical name.
    public var name: String
    /// The validated arguments.
    public var arguments: JSONValue
    /// The declared result type.
    public var resultType: String
    /// True when the tool returned a result.
    public var ok: Bool
    /// The tool error, when it did not.
    public var error: String?
    /// Where the result came from.
    public var source: ToolResultSource

    /// Creates a call.
    public init(name: String, arguments: JSONValue, resultType: String, ok: Bool, error: String?, source: ToolResultSource) {
        self.name = name
        self.arguments = arguments
        self.resultType = resultType
        self.ok = ok
        self.error = error
        self.source = source
    }

    enum CodingKeys: String, CodingKey {
        case name, arguments
        case resultType = "result_type"
        case ok, error, source
    }
}

/// Where replay took a tool result from.
public enum ToolResultSource: String, Sendable, Codable, CaseIterable {
    /// The recorded result (a run record's result JSON, or a repr from the tool response).
    case recorded
    /// The recorded response text, given to the first text-tool call of a turn whose response is printed output.
    case responseText = "response_text"
    /// Made up by `ResultSynthesizer` (an empty text for text tools): flagged, never silent.
    case synthesized
    /// The real tool over the workspace.
    case live
    /// Not answered (the call budget was exhausted).
    case refused
}

/// How a replayed response compares with the recorded one.
public enum ResponseMatch: String, Sendable, Codable, CaseIterable {
    /// Equal (for transcripts: after removing the one line break `print` adds at the end).
    case exact
    /// Equal once every run of whitespace is one space and the ends are trimmed.
    case whitespace
    /// Different.
    case different

    /// Compares `response` with `recorded`; with `exactBytes` (run records) only byte equality is exact.
    public static func compare(_ response: String, _ recorded: String, exactBytes: Bool) -> ResponseMatch {
        if response == recorded { return .exact }
        if !exactBytes {
            var printed = response[...]
            if printed.last == "\n" { printed = printed.dropLast() }
            if printed == recorded[...] { return .exact }
        }
        return normalized(response) == normalized(recorded) ? .whitespace : .different
    }

    private static func normalized(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}

// MARK: - The record file

/// The `--out` JSONL file: records appended one complete line per `write`, readable for `--resume`.
///
/// Durability policy: every record is one `write(2)` of a whole line on an `O_APPEND` descriptor, so a
/// killed process leaves only complete lines (the kernel keeps written data when a process dies);
/// `fsync` runs at most every half second and on `close`, bounding what a power loss can take. A line
/// cut short anyway (a full disk, a machine crash) is truncated by `resume`.
public final class ReplayRecordFile: Sendable {
    /// The file's path.
    public let path: String
    private let state: Mutex<State>

    private struct State {
        var descriptor: Int32
        var lastSync: Double
        var unsynced = false
    }

    /// Opens `path` for appending; without `resume` an existing file is emptied first.
    /// - Throws: `ReplayError` when it cannot be opened.
    public init(path: String, resume: Bool) throws(ReplayError) {
        let flags = O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | (resume ? 0 : O_TRUNC)
        let descriptor = open(path, flags, 0o644)
        guard descriptor >= 0 else { throw ReplayError("cannot open '\(path)': \(String(cString: strerror(errno)))") }
        self.path = path
        state = Mutex(State(descriptor: descriptor, lastSync: monotonicSeconds()))
    }

    /// Appends one record as one line with a single write.
    /// - Throws: `ReplayError` when the write fails (a full disk).
    public func append(_ record: ReplayRecord) throws(ReplayError) {
        let line = Self.line(record)
        try state.withLock { (state: inout State) throws(ReplayError) in
            guard state.descriptor >= 0 else { throw ReplayError("'\(path)' is closed") }
            guard DescriptorIO.writeAll(state.descriptor, line) else {
                throw ReplayError("cannot write '\(path)': \(String(cString: strerror(errno)))")
            }
            state.unsynced = true
            let now = monotonicSeconds()
            if now - state.lastSync >= 0.5 {
                fsync(state.descriptor)
                state.lastSync = now
                state.unsynced = false
            }
        }
    }

    /// Flushes to disk and closes; later appends fail. Safe to call from a signal handler's queue while
    /// other threads append: a line is either written whole before, or not at all.
    public func close() {
        state.withLock { state in
            guard state.descriptor >= 0 else { return }
            if state.unsynced { fsync(state.descriptor) }
            closeDescriptor(state.descriptor)
            state.descriptor = -1
        }
    }

    deinit { close() }

    /// The JSON line of a record (sorted keys, newline included).
    public static func line(_ record: ReplayRecord) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var bytes = (try? Array(encoder.encode(record))) ?? Array("{\"key\":\(String(decoding: JSONText.bytes(string: record.key), as: UTF8.self)),\"status\":\"unencodable\"}".utf8)
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    /// Reads the records already in `path` for `--resume`, truncating a partial last line first.
    ///
    /// A missing file has no records. A complete line that does not decode is skipped (its turn runs
    /// again).
    /// - Throws: `ReplayError` when the file exists but cannot be read or truncated.
    public static func existingRecords(at path: String) throws(ReplayError) -> [ReplayRecord] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReplayError("cannot read '\(path)'")
        }
        let bytes = Array(data)
        var complete = bytes.count
        if let last = bytes.last, last != UInt8(ascii: "\n") {
            complete = (bytes.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }) ?? 0
            guard truncate(path, off_t(complete)) == 0 else {
                throw ReplayError("cannot truncate the partial last line of '\(path)': \(String(cString: strerror(errno)))")
            }
        }
        let decoder = JSONDecoder()
        var records: [ReplayRecord] = []
        for line in bytes[..<complete].split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            if let record = try? decoder.decode(ReplayRecord.self, from: Data(line)) { records.append(record) }
        }
        return records
    }
}

/// `close(2)`, reachable from types that have a `close()` method of their own.
private func closeDescriptor(_ descriptor: Int32) {
    _ = close(descriptor)
}

/// A replay that cannot proceed (an unreadable input or output file).
public struct ReplayError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}
