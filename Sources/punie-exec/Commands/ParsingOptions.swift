import ArgumentParser
import CodeMode

/// Options shared by the commands that read model output.
struct ParsingOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Only accept tool calls in this format (default: detect each call's format).",
            valueName: ToolCallFormat.allCases.map(\.rawValue).joined(separator: "|")))
    var format: String?

    @Flag(name: .customLong("fenced-code"), help: "Treat ```python fenced blocks as execute_code calls.")
    var fencedCode = false

    func validate() throws {
        if let format, ToolCallFormat(rawValue: format) == nil {
            throw ValidationError(
                "unknown format '\(format)' (known: \(ToolCallFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
    }

    var options: ParseOptions { ParseOptions(format: format.flatMap(ToolCallFormat.init(rawValue:)), fencedCode: fencedCode) }
}
