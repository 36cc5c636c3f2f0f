import ArgumentParser
import CodeMode
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `punie-exec parse`: prints the tool calls found in a model output, their formats and diagnostics.
struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Extract the tool calls of a model output: names, arguments, formats, diagnostics.",
        discussion: "Exit status: 0 when every call parsed cleanly, 1 when a diagnostic is an error, 2 for unreadable input.")

    @Argument(help: "A file holding the model output, or - for stdin.")
    var input: String = "-"

    @OptionGroup var parsing: ParsingOptions

    @Flag(help: "Print the parse result as JSON.")
    var json = false

    func run() throws {
        let bytes: [UInt8]
        do {
            bytes = try InputReader.read(input)
        } catch {
            throw InputFailure(error.message)
        }
        let result = ToolCallParser(options: parsing.options).parse(bytes)
        if json {
            print(try OutputFormat.json(result))
        } else {
            print(ParseReport.text(result), terminator: "")
        }
        if result.hasErrors { throw ExitCode(1) }
    }
}
