import ArgumentParser
import CodeMode
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process's standard streams, written and read whole (the CLI links FoundationEssentials only,
/// which has no FileHandle).
enum StandardStream {
    static let output: Int32 = 1
    static let error: Int32 = 2

    /// Writes all of `text` to `descriptor`; a closed stream drops the rest.
    static func write(_ text: String, to descriptor: Int32) {
        DescriptorIO.writeAll(descriptor, Array(text.utf8))
    }

    /// Everything on standard input until end of file.
    static func readInput() -> [UInt8] { DescriptorIO.readAll(0).bytes }
}

/// Bad input: a one-line message on stderr and exit status 2.
struct InputFailure: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

extension InputFailure: LocalizedError {
    var errorDescription: String? { message }
}

/// Reads command input from a file or stdin.
enum InputReader {
    static func read(_ path: String) throws(ProgramInputError) -> [UInt8] {
        if path == "-" { return StandardStream.readInput() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ProgramInputError(message: "cannot read '\(path)': no such file or not readable")
        }
        return Array(data)
    }
}

/// JSON rendering for `--json` output.
enum OutputFormat {
    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// Parse diagnostics on stderr for `run`, which prints only the response on stdout.
enum DiagnosticPrinter {
    static func warn(about selection: ProgramInput.Selection) {
        var lines = selection.parse.allDiagnostics.map { diagnostic in
            "punie-exec: \(diagnostic.severity.rawValue): \(diagnostic.message) (line \(diagnostic.line), column \(diagnostic.column))"
        }
        let ignored = selection.parse.calls.count - 1
        if ignored > 0 {
            lines.append("punie-exec: note: \(ignored) more tool call(s) not run; run executes the first runnable call")
        }
        guard !lines.isEmpty else { return }
        StandardStream.write(lines.joined(separator: "\n") + "\n", to: StandardStream.error)
    }
}
