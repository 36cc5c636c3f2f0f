import ArgumentParser
import CodeMode
import Foundation

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
        if path == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
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
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}
