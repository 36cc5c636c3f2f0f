#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The field-access record of one execution: the exact run-time trace beside the static and heuristic
/// estimates, exactly as the harness stores it in `ExecutionResult.fieldAccess`.
///
/// The JSON is `{"exact": <end_trace()>, "static": <static_estimate()>, "heuristic": <heuristic_estimate()>}`
/// from `_punie_model` (see docs/tracing.md). Keys are snake_case; encoding writes the same keys back.
public struct FieldAccessReport: Sendable, Codable, Equatable {
    /// What the program really read while it ran.
    public var exact: FieldAccessTrace
    /// What an AST data-flow analysis of the program text predicts.
    public var `static`: StaticFieldAccessEstimate
    /// What the research's regular expressions over the program text say.
    public var heuristic: HeuristicFieldAccessEstimate

    public init(exact: FieldAccessTrace, static: StaticFieldAccessEstimate, heuristic: HeuristicFieldAccessEstimate) {
        self.exact = exact
        self.static = `static`
        self.heuristic = heuristic
    }

    /// Decodes the `field_access` value of an `ExecutionResult`.
    ///
    /// - Throws: `DecodingError` when `json` does not have the documented shape.
    public init(json: JSONValue) throws {
        // Straight from the value (replay reads one per turn): no JSON text in between.
        self = try JSONValueDecoder(snakeCaseKeys: false).decode(FieldAccessReport.self, from: json)
    }

    /// The report as a JSON value, the shape `init(json:)` reads.
    ///
    /// Object keys come out sorted.
    public func jsonValue() throws -> JSONValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try JSONDecoder().decode(JSONValue.self, from: encoder.encode(self))
    }

    /// Whether the execution read at least one field of a typed result, by each method.
    public var accessedFields: FieldAccessVerdicts {
        FieldAccessVerdicts(
            exact: exact.accessedFields, static: self.static.accessedFields, heuristic: heuristic.accessedFields)
    }

    /// Whether the execution made at least one typed tool call, by each method.
    ///
    /// Exact: a typed call returned a result at run time (the trace has a call; a call that raised has
    /// none). Static and heuristic: the program text contains one (each estimate's own `typed_call` flag),
    /// whether or not it ran.
    public var madeTypedCall: FieldAccessVerdicts {
        FieldAccessVerdicts(
            exact: !exact.calls.isEmpty, static: self.static.typedCall, heuristic: heuristic.typedCall)
    }

    /// Every hallucinated field the program tried to read at run time, over all calls, in call order.
    public var unknownFields: [UnknownFieldUse] { exact.calls.flatMap(\.unknownFields) }

    /// The traced reads of the call with run-time index `index` (`[path: count]`), or nil when there was none.
    public func reads(ofCall index: Int) -> [String: Int]? {
        exact.calls.first { $0.index == index }?.reads
    }

    enum CodingKeys: String, CodingKey {
        case exact
        case `static`
        case heuristic
    }
}

/// One yes/no answer from each of the three field-access methods.
public struct FieldAccessVerdicts: Sendable, Codable, Hashable {
    /// From the run-time trace.
    public var exact: Bool
    /// From the AST estimate.
    public var `static`: Bool
    /// From the regex estimate.
    public var heuristic: Bool

    public init(exact: Bool, static: Bool, heuristic: Bool) {
        self.exact = exact
        self.static = `static`
        self.heuristic = heuristic
    }

    /// True when all three methods give the same answer.
    public var agree: Bool { exact == self.static && exact == heuristic }
}

// MARK: - Exact trace

/// The run-time trace of one execution: `_punie_model.end_trace()`.
public struct FieldAccessTrace: Sendable, Codable, Equatable {
    /// One entry per typed tool call, ordered by call index; calls whose result was never read included.
    public var calls: [TracedCall]
    /// True when at least one declared field was read on any typed result.
    public var accessedFields: Bool
    /// How the read counts were collected.
    public var readCounts: ReadCountMode

    public init(calls: [TracedCall] = [], accessedFields: Bool = false, readCounts: ReadCountMode = .first) {
        self.calls = calls
        self.accessedFields = accessedFields
        self.readCounts = readCounts
    }

    enum CodingKeys: String, CodingKey {
        case calls
        case accessedFields = "accessed_fields"
        case readCounts = "read_counts"
    }
}

/// How the tracer counted reads.
public enum ReadCountMode: String, Sendable, Codable, CaseIterable {
    /// Each (call, path) counts 1 on its first read; later reads are free and not counted.
    case first
    /// Every read is counted.
    case exact
}

/// The reads made on the result of one typed tool call.
public struct TracedCall: Sendable, Codable, Equatable {
    /// The call's position among the execution's typed calls (0-based).
    public var index: Int
    /// The tool's name as the program called it.
    public var tool: String
    /// The result model's class name.
    public var resultType: String
    /// Field path (`errors[].line`) → number of reads (1 in "first" mode).
    public var reads: [String: Int]
    /// Whole-object use kind (`print`, `repr`, `str`, `format`, `model_dump`, `model_dump_json`, `iter`) → count.
    public var wholeObjectUses: [String: Int]
    /// Reads of fields that do not exist on the model.
    public var unknownFields: [UnknownFieldUse]

    public init(
        index: Int, tool: String, resultType: String, reads: [String: Int] = [:],
        wholeObjectUses: [String: Int] = [:], unknownFields: [UnknownFieldUse] = []
    ) {
        self.index = index
        self.tool = tool
        self.resultType = resultType
        self.reads = reads
        self.wholeObjectUses = wholeObjectUses
        self.unknownFields = unknownFields
    }

    /// The field paths read, sorted.
    public var readPaths: [String] { reads.keys.sorted() }

    /// True when the result was printed, rendered or dumped as a whole at least once.
    public var usedWholeObject: Bool { wholeObjectUses.values.contains { $0 > 0 } }

    enum CodingKeys: String, CodingKey {
        case index, tool
        case resultType = "result_type"
        case reads
        case wholeObjectUses = "whole_object_uses"
        case unknownFields = "unknown_fields"
    }
}

/// An attempt to read a field that the model does not declare (a hallucinated field).
///
/// The trace reports a `count` of attempts; the static estimate reports the `line` of the attempt.
/// Each key is encoded only when the source had it, except `suggestion`, which is always written
/// (`null` when no declared field is close), as the Python side does.
public struct UnknownFieldUse: Sendable, Codable, Hashable {
    /// The model's class name.
    public var type: String
    /// The attribute the program asked for.
    public var name: String
    /// The closest declared field, if any.
    public var suggestion: String?
    /// How many times it was attempted (trace only).
    public var count: Int?
    /// The 1-based line of the attempt (static estimate only).
    public var line: Int?

    public init(type: String, name: String, suggestion: String?, count: Int? = nil, line: Int? = nil) {
        self.type = type
        self.name = name
        self.suggestion = suggestion
        self.count = count
        self.line = line
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decode(String.self, forKey: .type)
        name = try container.decode(String.self, forKey: .name)
        suggestion = try container.decodeIfPresent(String.self, forKey: .suggestion)
        count = try container.decodeIfPresent(Int.self, forKey: .count)
        line = try container.decodeIfPresent(Int.self, forKey: .line)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(name, forKey: .name)
        try container.encode(suggestion, forKey: .suggestion)
        try container.encodeIfPresent(count, forKey: .count)
        try container.encodeIfPresent(line, forKey: .line)
    }

    enum CodingKeys: String, CodingKey {
        case type, name, suggestion, count, line
    }
}

// MARK: - Estimates

/// The AST data-flow estimate: `_punie_model.static_estimate(code, typed_tools)`.
///
/// Counts in `reads` are read *sites* in the text, not executions of them.
public struct StaticFieldAccessEstimate: Sendable, Codable, Equatable {
    /// True when the text calls at least one typed tool.
    public var typedCall: Bool
    /// Every typed call found in the text, in order.
    public var typedCalls: [StaticTypedCall]
    /// Field path → number of read sites.
    public var reads: [String: Int]
    /// Reads of undeclared fields on values the analysis could type.
    public var unknownFields: [UnknownFieldUse]
    /// True when `reads` is not empty.
    public var accessedFields: Bool
    /// The compiler's message when the program does not parse (then nothing else is known).
    public var syntaxError: String?

    public init(
        typedCall: Bool = false, typedCalls: [StaticTypedCall] = [], reads: [String: Int] = [:],
        unknownFields: [UnknownFieldUse] = [], accessedFields: Bool = false, syntaxError: String? = nil
    ) {
        self.typedCall = typedCall
        self.typedCalls = typedCalls
        self.reads = reads
        self.unknownFields = unknownFields
        self.accessedFields = accessedFields
        self.syntaxError = syntaxError
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        typedCall = try container.decode(Bool.self, forKey: .typedCall)
        typedCalls = try container.decode([StaticTypedCall].self, forKey: .typedCalls)
        reads = try container.decode([String: Int].self, forKey: .reads)
        unknownFields = try container.decode([UnknownFieldUse].self, forKey: .unknownFields)
        accessedFields = try container.decode(Bool.self, forKey: .accessedFields)
        syntaxError = try container.decodeIfPresent(String.self, forKey: .syntaxError)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(typedCall, forKey: .typedCall)
        try container.encode(typedCalls, forKey: .typedCalls)
        try container.encode(reads, forKey: .reads)
        try container.encode(unknownFields, forKey: .unknownFields)
        try container.encode(accessedFields, forKey: .accessedFields)
        try container.encode(syntaxError, forKey: .syntaxError)
    }

    enum CodingKeys: String, CodingKey {
        case typedCall = "typed_call"
        case typedCalls = "typed_calls"
        case reads
        case unknownFields = "unknown_fields"
        case accessedFields = "accessed_fields"
        case syntaxError = "syntax_error"
    }
}

/// A typed tool call found in the program text by the static estimate.
public struct StaticTypedCall: Sendable, Codable, Hashable {
    /// The tool's name as written.
    public var tool: String
    /// The result model's class name.
    public var resultType: String
    /// The 1-based line of the call.
    public var line: Int

    public init(tool: String, resultType: String, line: Int) {
        self.tool = tool
        self.resultType = resultType
        self.line = line
    }

    enum CodingKeys: String, CodingKey {
        case tool
        case resultType = "result_type"
        case line
    }
}

/// The research's regex estimate: `_punie_model.heuristic_estimate(code, typed_tools)`.
public struct HeuristicFieldAccessEstimate: Sendable, Codable, Equatable {
    /// True when a typed tool name followed by `(` appears anywhere in the text (comments included).
    public var typedCall: Bool
    /// True when `matched` is not empty.
    public var accessedFields: Bool
    /// Every distinct `word.field` match, in order of appearance.
    public var matched: [String]

    public init(typedCall: Bool = false, accessedFields: Bool = false, matched: [String] = []) {
        self.typedCall = typedCall
        self.accessedFields = accessedFields
        self.matched = matched
    }

    enum CodingKeys: String, CodingKey {
        case typedCall = "typed_call"
        case accessedFields = "accessed_fields"
        case matched
    }
}
