import ArgumentParser
import CodeMode
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// `punie-exec replay`: runs every tool call of recorded transcripts and summarises the corpus.
struct Replay: AsyncParsableCommand {
    /// `--tools`, mirroring `ReplayToolMode`.
    enum Tools: String, ExpressibleByArgument, CaseIterable {
        case recorded, live, synthesized

        var mode: ReplayToolMode {
            switch self {
            case .recorded: .recorded
            case .live: .live
            case .synthesized: .synthesized
            }
        }
    }

    static let configuration = CommandConfiguration(
        abstract: "Replay recorded transcripts: run every tool call, trace field reads, summarise the corpus.",
        discussion: """
            Reads JSONL transcripts ({"messages": [...]}, OpenAI tool_calls, ChatML {"text": ...}, and \
            `run --record` records), runs each assistant turn's tool calls in the sandbox and prints a \
            summary. Malformed lines are reported and skipped. Exit status: 0 when the replay completed \
            (failing programs are data, not errors), 2 for unreadable input, 130 when interrupted.
            """)

    @Argument(help: "Transcript files (JSON Lines).")
    var files: [String]

    @Option(
        help: ArgumentHelp(
            "Where tool results come from: the recorded ones (missing ones synthesized and flagged), the real tools over --workspace, or synthesized.",
            valueName: "recorded|live|synthesized"))
    var tools: Tools = .recorded

    @Option(help: "The workspace for --tools live.")
    var workspace: String?

    @Flag(name: .customLong("allow-write"), help: "Let write_file change files (--tools live).")
    var allowWrite = false

    @Option(name: .customLong("tools-venv"), help: "The venv holding ruff, ty and pytest (--tools live).")
    var toolsVenv: String?

    @Option(help: "Programs run in parallel (one sandbox worker each).")
    var jobs: Int = 1

    @Option(help: "Write one JSON record per call to this JSONL file, as each completes.")
    var out: String?

    @Flag(help: "Continue an interrupted replay: keep the records already in --out and run only the rest.")
    var resume = false

    @Option(name: .customLong("summary-json"), help: "Write the summary as JSON to this file.")
    var summaryJSON: String?

    @Option(help: "Write a self-contained HTML report to this file.")
    var report: String?

    @Flag(help: "No progress bar and no summary table.")
    var quiet = false

    @OptionGroup var parsing: ParsingOptions

    @OptionGroup var sandbox: SandboxOptions

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        if resume, out == nil { throw ValidationError("--resume needs --out FILE") }
        if tools == .live, workspace == nil { throw ValidationError("--tools live needs --workspace DIR") }
        if tools != .live, allowWrite { throw ValidationError("--allow-write applies to --tools live only") }
    }

    func run() async throws {
        // In the sandbox the estimates come from a worker of their own, beside each execution; it
        // starts first, while the transcripts are read.
        let estimator = sandbox.estimator()
        let context: ToolContext
        do {
            context = ToolContext(
                workspace: try Workspace(root: workspace ?? FileManager.default.currentDirectoryPath),
                policy: ToolPolicy(allowWrite: allowWrite, maxToolCalls: sandbox.maxToolCalls),
                backends: .discover(toolsVenv: toolsVenv))
        } catch {
            throw InputFailure(error.message)
        }
        let options = ReplayOptions(tools: tools.mode, parse: parsing.options, jobs: jobs)

        var transcripts: [Transcript] = []
        var malformed: [MalformedLine] = []
        for file in files {
            let bytes: [UInt8]
            do { bytes = try InputReader.read(file) } catch { throw InputFailure(error.message) }
            let read = TranscriptReader().read(bytes, source: file)
            transcripts += read.transcripts
            malformed += read.malformed
        }
        for problem in malformed {
            StandardStream.write("punie-exec: \(problem) (line skipped)\n", to: StandardStream.error)
        }
        let plan = ReplayEngine.plan(transcripts, options: options)

        let collected = RecordCollector()
        var file: ReplayRecordFile?
        if let out {
            do {
                let planned = Set(plan.items.map(\.key))
                let existing = resume ? try ReplayRecordFile.existingRecords(at: out) : []
                collected.add(contentsOf: existing.filter { planned.contains($0.key) })
                file = try ReplayRecordFile(path: out, resume: resume)
            } catch {
                throw InputFailure(error.message)
            }
        }
        let done = collected.keys
        let pending = plan.items.filter { !done.contains($0.key) }
        // The workers import only the modules these programs can import (`PreloadSelection`).
        let programs = pending.compactMap(\.program)
        let engine = ReplayEngine(options: options, estimator: estimator) { registry in
            // Lanes on every core run back to back: faulting pages in ahead would only take their CPU.
            sandbox.executor(
                context: context, registry: registry, estimates: estimator == nil, poolSize: 1, warmUp: true,
                prefault: jobs < ProcessInfo.processInfo.activeProcessorCount, programs: programs)
        }
        let progress = ProgressBar(total: pending.count, enabled: !quiet && isatty(2) == 1)
        let failure = WriteFailure()
        let interruption = Interruption(file: file, collected: collected, progress: progress)

        let start = Date()
        let output = file
        await engine.run(pending) { record in
            if let file = output {
                do { try file.append(record) } catch { failure.set("\(error)") }
            }
            collected.add(record)
            progress.advance()
        }
        let duration = Date().timeIntervalSince(start)
        interruption.disarm()
        progress.finish()
        file?.close()
        if let message = failure.message { throw InputFailure(message) }

        let records = collected.all
        let summary = ReplaySummary(
            tools: tools.mode, files: files, corpus: plan.corpus, malformedLines: malformed, records: records,
            duration: duration, recordsThisRun: pending.count)
        if !quiet { StandardStream.write(summary.table, to: StandardStream.output) }
        do {
            if let summaryJSON { try Data(try summary.json()).write(to: URL(fileURLWithPath: summaryJSON)) }
            if let report {
                let html = ReplayReport(summary: summary, records: records).html()
                try Data(html.utf8).write(to: URL(fileURLWithPath: report))
            }
        } catch {
            throw InputFailure("cannot write the summary or report: \(error)")
        }
    }
}

// MARK: - Support

/// The records of this replay (and of the resumed one), gathered from every lane.
private final class RecordCollector: Sendable {
    private let records = Mutex<[ReplayRecord]>([])

    func add(_ record: ReplayRecord) { records.withLock { $0.append(record) } }
    func add(contentsOf more: [ReplayRecord]) { records.withLock { $0 += more } }
    var all: [ReplayRecord] { records.withLock { $0 } }
    var keys: Set<String> { records.withLock { Set($0.map(\.key)) } }
    var count: Int { records.withLock { $0.count } }
}

/// The first failure to write a record.
private final class WriteFailure: Sendable {
    private let stored = Mutex<String?>(nil)
    func set(_ message: String) { stored.withLock { $0 = $0 ?? message } }
    var message: String? { stored.withLock { $0 } }
}

/// A progress bar on stderr, drawn at most every 100 ms, only when stderr is a terminal.
private final class ProgressBar: Sendable {
    private struct State {
        var done = 0
        var lastDraw = 0.0
    }

    private let total: Int
    private let enabled: Bool
    private let start = Date()
    private let state = Mutex(State())

    init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled
    }

    func advance() {
        guard enabled else { return }
        state.withLock { state in
            state.done += 1
            let elapsed = Date().timeIntervalSince(start)
            guard elapsed - state.lastDraw >= 0.1 || state.done == total else { return }
            state.lastDraw = elapsed
            draw(state.done, elapsed: elapsed)
        }
    }

    func finish() {
        guard enabled else { return }
        StandardStream.write("\r\u{1B}[K", to: StandardStream.error)
    }

    private func draw(_ done: Int, elapsed: Double) {
        let width = 30
        let filled = total > 0 ? done * width / total : width
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let rate = elapsed > 0 ? Int((Double(done) / elapsed).rounded()) : 0
        StandardStream.write("\r[\(bar)] \(done)/\(total) turns, \(rate)/s", to: StandardStream.error)
    }
}

/// Ctrl-C or SIGTERM during a replay: close the records file (every line in it complete) and exit.
private final class Interruption {
    private let sources: [any DispatchSourceSignal]

    init(file: ReplayRecordFile?, collected: RecordCollector, progress: ProgressBar) {
        var sources: [any DispatchSourceSignal] = []
        for (signalNumber, status) in [(SIGINT, Int32(130)), (SIGTERM, Int32(143))] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                progress.finish()
                file?.close()
                let where_ = file.map { " in \($0.path); continue with --resume" } ?? ""
                StandardStream.write(
                    "punie-exec: interrupted after \(collected.count) records\(where_)\n", to: StandardStream.error)
                exit(status)
            }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    func disarm() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
