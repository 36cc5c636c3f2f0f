import ArgumentParser
import CodeMode

/// Options shared by the commands that read model output.
struct ParsingOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Only accept tool calls in this format (default: detect each call's format).",
            valueName: ToolCallFormat.allCases.map(\.rawValue).joined(separator: "|")))
    var format: ToolCallFormat?

    @Flag(name: .customLong("fenced-code"), help: "Treat ```python fenced blocks as execute_code calls.")
    var fencedCode = false

    var options: ParseOptions { ParseOptions(format: format, fencedCode: fencedCode) }
}

extension ToolCallFormat: ExpressibleByArgument {}
