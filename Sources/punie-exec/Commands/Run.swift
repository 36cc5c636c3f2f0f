import ArgumentParser
import CodeMode
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `punie-exec run`: extracts the execute_code program from a model output and runs it.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the execute_code program of a model output and print the response the model sees next.",
        discussion: """
            Exit status: 0 when the program ran to completion, 1 when it failed (an exception or a \
            limit), 2 for bad input (nothing to run, an unreadable file).
            """)

    @Argument(help: "A file holding the model output, or - for stdin.")
    var input: String = "-"

    @OptionGroup var parsing: ParsingOptions

    @Option(name: .customLong("code-file"), help: "Run this bare Python program instead of a model output.")
    var codeFile: String?

    @Option(help: "The workspace the tools work in.")
    var workspace: String = "."

    @Flag(help: "Print the ExecutionResult as JSON instead of the response text.")
    var json = false

    @Flag(name: .customLong("allow-write"), help: "Let write_file change files in the workspace.")
    var allowWrite = false

    @Flag(
        name: .customLong("allow-commands"),
        help: "Let run_command run allowlisted programs (grep, find, ls, wc, head, tail, cat, sort, uniq).")
    var allowCommands = false

    @Option(
        name: .customLong("allow-command"),
        help: ArgumentHelp("Also allow this program for run_command (repeatable; needs --allow-commands).", valueName: "NAME"))
    var allowedCommands: [String] = []

    @Option(name: .customLong("tools-venv"), help: "The venv holding ruff, ty and pytest (default: the README setup's).")
    var toolsVenv: String?

    @Option(help: "Append a run record (model output, every tool call with its result, the response) to this JSONL file, for `replay`.")
    var record: String?

    @OptionGroup var sandbox: SandboxOptions

    /// The one-shot worker `PunieExec.main` forked before anything else, while the process still ran
    /// a single thread (nil: spawn one).
    @TaskLocal static var forkedWorker: ForkedWorker?

    /// Whether the command line asks for `run` in a sandbox worker (looked at before parsing, to
    /// fork the worker while the process runs one thread; a wrong guess only wastes the fork).
    static func wantsForkedWorker(_ arguments: [String]) -> Bool {
        let words = Array(arguments.dropFirst())
        guard words.first == "run" else { return false }
        let none = words.indices.contains { index in
            words[index] == "--isolation=none" || (words[index] == "--isolation" && words.indices.contains(index + 1)
                && words[index + 1] == "none")
        }
        return !none
    }

    func run() async throws {
        // The workspace first: a sandbox starts its worker at once (or takes the one `main` forked),
        // while the input is read.
        let forkedWorker = sandbox.isolation == .process ? Self.forkedWorker : nil
        let context: ToolContext
        do {
            context = ToolContext(
                workspace: try Workspace(root: workspace),
                policy: ToolPolicy(
                    allowWrite: allowWrite, allowCommands: allowCommands,
                    allowedCommands: ToolPolicy.defaultCommands
                        + allowedCommands.filter { !ToolPolicy.defaultCommands.contains($0) },
                    maxToolCalls: sandbox.maxToolCalls),
                backends: .discover(toolsVenv: toolsVenv))
        } catch {
            throw InputFailure(error.message)
        }
        let capture = record.map { _ in ToolCallCapture(wrapping: .standard()) }
        let executor = sandbox.executor(
            context: context, registry: capture?.registry ?? .standard(), estimates: json, poolSize: 1, warmUp: false,
            forkedWorker: forkedWorker)
        let program: String
        var modelOutput: String?
        do {
            if let codeFile {
                program = try ProgramInput.program(fromSource: try InputReader.read(codeFile))
            } else {
                let bytes = try InputReader.read(input)
                let selection = try ProgramInput.program(fromModelOutput: bytes, options: parsing.options)
                program = selection.program
                modelOutput = String(decoding: bytes, as: UTF8.self)
                DiagnosticPrinter.warn(about: selection)
            }
        } catch {
            throw InputFailure(error.message)
        }
        let result = await executor.execute(program)
        if let record, let capture {
            let entry = RunRecord(
                modelOutput: modelOutput, program: program, toolCalls: capture.calls, status: result.status,
                response: result.response)
            do { try entry.append(to: record) } catch { throw InputFailure(error.message) }
        }
        if json {
            print(try OutputFormat.json(result))
        } else {
            StandardStream.write(result.response, to: StandardStream.output)
        }
        if !result.status.succeeded { throw ExitCode(1) }
    }
}
