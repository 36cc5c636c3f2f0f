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
