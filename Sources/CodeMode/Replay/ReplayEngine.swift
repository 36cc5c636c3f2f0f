import Synchronization

/// Replays transcripts: parses every assistant turn, runs each runnable call's program over a
/// `ProgramExecutor` with recorded, live or synthesized tool results, and makes one `ReplayRecord` per
/// call.
///
/// `--jobs N` is N lanes, each an executor of its own (for the sandbox: one warm worker) with a tool
/// router that answers the calls of the one turn the lane is running. A lane runs one program at a
/// time, so the router always knows whose recorded results to hand out, while the lanes run in
/// parallel.
public final class ReplayEngine: Sendable {
    /// How the engine answers tool calls and parses turns.
    public let options: ReplayOptions
    private let catalog: StubCatalog
    private let lanes: [Lane]
    private let estimator: (any FieldAccessEstimator)?

    struct Lane: Sendable {
        var executor: any ProgramExecutor
        var router: ToolAnswerRouter
    }

    /// Creates the engine and its lanes.
    /// - Parameters:
    ///   - liveRegistry: the real tools for `--tools live` (unused otherwise).
    ///   - estimator: computes each turn's static and heuristic estimates beside its execution, for
    ///     executors that run without them (nil: the executors' reports carry them).
    ///   - makeExecutor: builds one lane's executor over the registry it must use (the router's); it is
    ///     called `options.jobs` times, here. A sandbox executor should have a pool of one worker.
    public init(
        options: ReplayOptions, catalog: StubCatalog = .standard, liveRegistry: ToolRegistry = .standard(),
        estimator: (any FieldAccessEstimator)? = nil, makeExecutor: (ToolRegistry) -> any ProgramExecutor
    ) {
        self.options = options
        self.catalog = catalog
        self.estimator = estimator
        var lanes: [Lane] = []
        for _ in 0..<max(1, options.jobs) {
            let router = ToolAnswerRouter(mode: options.tools, catalog: catalog, live: liveRegistry)
            lanes.append(Lane(executor: makeExecutor(router.registry()), router: router))
        }
        self.lanes = lanes
    }

    // MARK: - Planning

    /// Parses every turn of `transcripts` and lists the work: one item per call the parser found (a
    /// call without a program becomes a parse failure), plus one parse-failure item for a turn whose
    /// output holds only an unusable call. Nothing runs.
    public func plan(_ transcripts: [Transcript]) -> ReplayPlan {
        Self.plan(transcripts, options: options, catalog: catalog)
    }

    /// `plan(_:)` before there is an engine: the executors of a replay can then be made for the
    /// programs it will run (`SandboxExecutor`'s `programs`).
    public static func plan(
        _ transcripts: [Transcript], options: ReplayOptions, catalog: StubCatalog = .standard
    ) -> ReplayPlan {
        let parser = ToolCallParser(catalog: catalog, options: options.parse)
        var plan = ReplayPlan()
        for transcript in transcripts {
            plan.corpus.examples += 1
            plan.corpus.transcriptFormats[transcript.format.rawValue, default: 0] += 1
            var formatsInExample: Set<ToolCallFormat> = []
            for turn in transcript.turns {
                plan.corpus.assistantTurns += 1
                let items = items(for: turn, of: transcript, parser: parser)
                guard !items.isEmpty else { continue }
                plan.corpus.toolCallTurns += 1
                for item in items {
                    if let format = item.format {
                        plan.corpus.callFormats[format.rawValue, default: 0] += 1
                        formatsInExample.insert(format)
                    }
                }
                plan.items += items
            }
            if formatsInExample.count > 1 { plan.corpus.examplesWithMixedFormats += 1 }
        }
        return plan
    }

    private static func items(for turn: TranscriptTurn, of transcript: Transcript, parser: ToolCallParser)
        -> [ReplayItem]
    {
        func item(_ index: Int, call: ToolCall?, diagnostics: [ParseDiagnostic], program: String?) -> ReplayItem {
            ReplayItem(
                key: "\(transcript.source):\(transcript.line):\(turn.index):\(index)", source: transcript.source,
                line: transcript.line, transcriptFormat: transcript.format, turn: turn.index, call: index,
                format: call?.format, tool: call?.name, diagnostics: diagnostics, program: program,
                response: Self.response(for: call, at: index, in: turn.responses), recorded: turn.recorded)
        }
        let parse = parser.parse(turn.output)
        if let recorded = turn.recorded {
            // `run` executed the first runnable call; the record holds that program.
            let call = parse.calls.first { $0.program != nil }
            return [item(0, call: call, diagnostics: parse.allDiagnostics, program: recorded.program)]
        }
        if parse.calls.isEmpty {
            let errors = parse.diagnostics.filter { $0.severity == .error }
            return errors.isEmpty ? [] : [item(0, call: nil, diagnostics: parse.diagnostics, program: nil)]
        }
        return parse.calls.enumerated().map { index, call in
            item(index, call: call, diagnostics: call.diagnostics + (index == 0 ? parse.diagnostics : []), program: call.program)
        }
    }

    /// The response that answers call `index`: the one naming its id, else the index-th one.
    static func response(for call: ToolCall?, at index: Int, in responses: [ToolResponse]) -> ToolResponse? {
        if let id = call?.id, let named = responses.first(where: { $0.callID == id }) { return named }
        return index < responses.count ? responses[index] : nil
    }

    // MARK: - Running

    /// Runs `items` over the lanes and hands each record to `onRecord` as soon as it is complete
    /// (from any thread, one call at a time per lane). Stops taking new items when the task is
    /// cancelled.
    public func run(_ items: [ReplayItem], onRecord: @escaping @Sendable (ReplayRecord) -> Void) async {
        let next = ItemCursor(count: items.count)
        await withTaskGroup(of: Void.self) { group in
            for lane in lanes {
                group.addTask {
                    while !Task.isCancelled {
                        guard let claimed = next.claim() else { return }
                        onRecord(await self.replay(items[claimed], on: lane))
                    }
                }
            }
        }
    }

    /// Replays one item on one lane.
    func replay(_ item: ReplayItem, on lane: Lane) async -> ReplayRecord {
        var record = ReplayRecord(
            key: item.key, source: item.source, line: item.line, transcriptFormat: item.transcriptFormat,
            turn: item.turn, call: item.call, format: item.format, tool: item.tool, diagnostics: item.diagnostics,
            status: ReplayRecord.parseFailure)
        let evidence = RecordedEvidence(item: item, catalog: catalog)
        record.recordedResponse = item.response?.body
        record.recordedResponseIsRepr = evidence.responseIsRepr
        record.recordedResultErrors = evidence.errors
        record.invariantViolations = evidence.violations
        guard let program = item.program else {
            let problem = item.diagnostics.first { $0.severity == .error }
            record.errorClass = problem?.code.rawValue ?? "no_program"
            record.errorMessage = problem?.message ?? "the call cannot be run"
            return record
        }
        record.code = program
        lane.router.install(
            ToolAnswerPlan(
                recordedByModel: evidence.resultsByModel, responseText: evidence.responseIsRepr ? nil : item.response?.body,
                recordedCalls: item.recorded?.toolCalls))
        async let estimated = estimator?.estimates(of: program)
        var result = await lane.executor.execute(program)
        let sources = lane.router.finish()
        if estimator != nil { result.fieldAccess = Self.adding(await estimated, to: result.fieldAccess) }
        record.status = result.status.rawValue
        record.errorClass = result.error?.type
        record.errorMessage = result.error?.message
        record.stdout = result.stdout
        record.response = result.response
        record.toolCalls = result.toolCalls.enumerated().map { index, call in
            ReplayToolCall(
                name: call.name, arguments: call.arguments, resultType: call.resultType, ok: call.ok, error: call.error,
                source: index < sources.count ? sources[index] : .refused)
        }
        if let json = result.fieldAccess, let report = try? FieldAccessReport(json: json) {
            record.fieldAccess = report
            // Run-time attempts first; then fields the program text reads on paths that did not run.
            var unknown = report.unknownFields
            for use in report.static.unknownFields where !unknown.contains(where: { $0.type == use.type && $0.name == use.name }) {
                unknown.append(use)
            }
            record.unknownFields = unknown
        }
        if let recorded = item.response?.body {
            record.responseMatch = ResponseMatch.compare(
                result.response, recorded, exactBytes: item.transcriptFormat == .record)
        }
        return record
    }
}

extension ReplayEngine {
    /// An execution's field access (`{"exact": ...}`) with the estimator's `static` and `heuristic`
    /// added; estimates that could not be computed are empty, with the reason as their syntax error.
    static func adding(_ estimates: JSONValue?, to fieldAccess: JSONValue?) -> JSONValue? {
        guard case .object(var object)? = fieldAccess else { return fieldAccess }
        let estimated = estimates?.objectValue
        let reason = "the estimates could not be computed (the estimator failed or ran out of time)"
        object["static"] =
            estimated?["static"]
            ?? .object(
                JSONObject([
                    ("typed_call", .bool(false)), ("typed_calls", .array([])), ("reads", .object(JSONObject())),
                    ("unknown_fields", .array([])), ("accessed_fields", .bool(false)), ("syntax_error", .string(reason)),
                ]))
        object["heuristic"] =
            estimated?["heuristic"]
            ?? .object(
                JSONObject([("typed_call", .bool(false)), ("accessed_fields", .bool(false)), ("matched", .array([]))]))
        return .object(object)
    }
}

/// Hands out item indices to the lanes, each once.
final class ItemCursor: Sendable {
    private let count: Int
    private let next = Mutex(0)

    init(count: Int) { self.count = count }

    func claim() -> Int? {
        next.withLock { index in
            guard index < count else { return nil }
            defer { index += 1 }
            return index
        }
    }
}

/// How replay answers tool calls.
public enum ReplayToolMode: String, Sendable, Codable, CaseIterable {
    /// The recorded results: a run record's result JSON, or the repr in the following tool response;
    /// anything unrecorded is synthesized and flagged.
    case recorded
    /// The real tools over a workspace.
    case live
    /// Synthesized results for every call.
    case synthesized
}

/// What a replay does.
public struct ReplayOptions: Sendable {
    /// Where tool results come from.
    public var tools: ReplayToolMode
    /// How turns are parsed.
    public var parse: ParseOptions
    /// Lanes running in parallel.
    public var jobs: Int

    /// Creates options.
    public init(tools: ReplayToolMode = .recorded, parse: ParseOptions = ParseOptions(), jobs: Int = 1) {
        self.tools = tools
        self.parse = parse
        self.jobs = jobs
    }
}

/// The work of a replay, and what reading and parsing found.
public struct ReplayPlan: Sendable {
    /// One item per call, in corpus order.
    public var items: [ReplayItem] = []
    /// Counts of the corpus itself (examples, turns, formats).
    public var corpus = ReplayCorpusCounts()

    /// Creates an empty plan.
    public init() {}
}

/// One call to replay.
public struct ReplayItem: Sendable {
    /// `source:line:turn:call`.
    public var key: String
    /// The transcript file.
    public var source: String
    /// The transcript's line.
    public var line: Int
    /// How the transcript was written.
    public var transcriptFormat: TranscriptFormat
    /// The assistant message index.
    public var turn: Int
    /// The call index within the turn.
    public var call: Int
    /// The call's format.
    public var format: ToolCallFormat?
    /// The called function.
    public var tool: String?
    /// The call's parse diagnostics.
    public var diagnostics: [ParseDiagnostic]
    /// The program; nil when the call cannot run.
    public var program: String?
    /// The recorded response to the call.
    public var response: ToolResponse?
    /// The run record, for record transcripts.
    public var recorded: RunRecord?
}

// MARK: - Recorded results of one call

/// The recorded results found in a call's tool response, loaded with the safe loader.
struct RecordedEvidence {
    var resultsByModel: [String: [JSONValue]] = [:]
    var responseIsRepr = false
    var errors: [String] = []
    var violations: [InvariantViolation] = []

    init(item: ReplayItem, catalog: StubCatalog) {
        if let recorded = item.recorded {
            for call in recorded.toolCalls {
                guard let value = call.result, let model = catalog.tool(named: call.name)?.returnType,
                    model != "str"
                else { continue }
                violations += ResultInvariants.check(value, model: model)
            }
            return
        }
        guard let body = item.response?.body else { return }
        let found = RecordedResultLoader(catalog: catalog).results(inToolResponse: body)
        let start = body.utf8.firstIndex { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
            .map { body.utf8.distance(from: body.utf8.startIndex, to: $0) } ?? 0
        for entry in found {
            // A constructor of an unknown class inside printed output (source code that a read_file
            // printed) is not a recorded result; only a whole response that starts with it is.
            if case .failure(let error) = entry.result, error.code == .unknownModel, entry.range.lowerBound != start {
                continue
            }
            responseIsRepr = true
            switch entry.result {
            case .success(let result):
                resultsByModel[result.model, default: []].append(result.value)
                violations += ResultInvariants.check(result.value, model: result.model)
            case .failure(let error):
                errors.append(error.message)
            }
        }
    }
}

// MARK: - Answering tool calls

/// How one turn's tool calls are answered, and where each answer came from.
struct ToolAnswerPlan: Sendable {
    /// Loaded reprs by model name; the first call returning that model takes the first one.
    var recordedByModel: [String: [JSONValue]]
    /// Printed output recorded as the response; the first text-tool call takes it.
    var responseText: String?
    /// A run record's calls, answered in order.
    var recordedCalls: [RunRecordCall]?
    var position = 0
    var sources: [ToolResultSource] = []

    init(recordedByModel: [String: [JSONValue]] = [:], responseText: String? = nil, recordedCalls: [RunRecordCall]? = nil) {
        self.recordedByModel = recordedByModel
        self.responseText = responseText
        self.recordedCalls = recordedCalls
    }

    mutating func answer(
        _ tool: String, arguments: [UInt8], context: ToolContext, router: ToolAnswerRouter
    ) -> Result<[UInt8], ToolError> {
        defer { position += 1 }
        switch router.mode {
        case .live:
            sources.append(.live)
            return router.live.call(tool, argumentsJSON: arguments, in: context)
        case .synthesized:
            return synthesize(tool, arguments: arguments, router: router)
        case .recorded:
            if let recordedCalls {
                guard position < recordedCalls.count, router.catalog.canonicalName(recordedCalls[position].name) == tool
                else { return synthesize(tool, arguments: arguments, router: router) }
                sources.append(.recorded)
                return recordedCalls[position].answer
            }
            let model = router.catalog.tool(named: tool)?.returnType ?? "str"
            if model == "str" {
                guard let text = responseText else { return synthesize(tool, arguments: arguments, router: router) }
                responseText = nil
                sources.append(.responseText)
                return .success(JSONText.bytes(string: text))
            }
            guard var queue = recordedByModel[model], !queue.isEmpty else {
                return synthesize(tool, arguments: arguments, router: router)
            }
            let value = queue.removeFirst()
            recordedByModel[model] = queue
            sources.append(.recorded)
            return .success(JSONText.bytes(value))
        }
    }

    private mutating func synthesize(
        _ tool: String, arguments: [UInt8], router: ToolAnswerRouter
    ) -> Result<[UInt8], ToolError> {
        sources.append(.synthesized)
        let decoded = JSONParser.parse(arguments).value ?? .object(JSONObject())
        guard let result = router.synthesizer.synthesize(tool: tool, arguments: decoded) else {
            return .success(JSONText.bytes(string: ""))
        }
        return .success(JSONText.bytes(result.value))
    }
}

/// One lane's tool registry: every declared tool answers from the plan of the turn being run.
final class ToolAnswerRouter: Sendable {
    let mode: ReplayToolMode
    let catalog: StubCatalog
    let live: ToolRegistry
    let synthesizer: ResultSynthesizer
    private let plan = Mutex<ToolAnswerPlan?>(nil)

    init(mode: ReplayToolMode, catalog: StubCatalog, live: ToolRegistry) {
        self.mode = mode
        self.catalog = catalog
        self.live = live
        synthesizer = ResultSynthesizer(catalog: catalog)
    }

    /// A registry whose every declared tool answers through this router.
    func registry() -> ToolRegistry {
        var registry = ToolRegistry(catalog: catalog)
        for tool in catalog.tools {
            let name = tool.name
            registry.register(name) { [self] arguments, context in answer(name, arguments: arguments, context: context) }
        }
        return registry
    }

    /// Sets the plan of the turn about to run.
    func install(_ plan: ToolAnswerPlan) { self.plan.withLock { $0 = plan } }

    /// Ends the turn and returns where each answer came from, in call order.
    func finish() -> [ToolResultSource] {
        plan.withLock { plan in
            defer { plan = nil }
            return plan?.sources ?? []
        }
    }

    private func answer(_ tool: String, arguments: [UInt8], context: ToolContext) -> Result<[UInt8], ToolError> {
        plan.withLock { plan in
            guard var current = plan else { return .failure(ToolError(.system, "no replay turn is running")) }
            let answer = current.answer(tool, arguments: arguments, context: context, router: self)
            plan = current
            return answer
        }
    }
}
