/// Turns what `punie-exec run` reads (a model output or a bare program) into the program to run.
public enum ProgramInput {
    /// The program chosen from a model output, with the parse it came from.
    public struct Selection: Sendable {
        /// The program to run: execute_code's code, or a direct typed call as a one-line program.
        public var program: String
        /// The call the program comes from.
        public var call: ToolCall
        /// Everything the parser found (all calls, message text, diagnostics).
        public var parse: ParseResult
    }

    /// Finds the program of the first runnable tool call in a raw model output.
    ///
    /// Later calls are left alone (`parse` still lists them); `run` executes one program.
    /// - Throws: `ProgramInputError` for empty input, invalid UTF-8, output without a runnable call.
    public static func program(
        fromModelOutput bytes: [UInt8], options: ParseOptions = ParseOptions(), catalog: StubCatalog = .standard
    ) throws(ProgramInputError) -> Selection {
        let text = try decode(bytes)
        guard !text.trimmingWhitespace().isEmpty else { throw ProgramInputError("the input is empty") }
        let parse = ToolCallParser(catalog: catalog, options: options).parse(bytes)
        guard !parse.calls.isEmpty else { throw ProgramInputError("the input has no tool call") }
        if let call = parse.calls.first(where: { $0.program != nil }), let program = call.program {
            return Selection(program: program, call: call, parse: parse)
        }
        let first = parse.calls[0]
        let problem = first.diagnostics.first { $0.severity == .error }
        if let problem, problem.code == .emptyCode || problem.code == .missingCode {
            throw ProgramInputError("the execute_code call has no code")
        }
        let reason = problem.map { ": \($0.message) (line \($0.line), column \($0.column))" } ?? ""
        throw ProgramInputError("the \(first.name.isEmpty ? "tool" : first.name) call cannot be run\(reason)")
    }

    /// Reads a bare program.
    /// - Throws: `ProgramInputError` for invalid UTF-8 or an empty program.
    public static func program(fromSource bytes: [UInt8]) throws(ProgramInputError) -> String {
        let text = try decode(bytes)
        guard !text.trimmingWhitespace().isEmpty else { throw ProgramInputError("the program is empty") }
        return text
    }

    private static func decode(_ bytes: [UInt8]) throws(ProgramInputError) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        let valid = firstInvalidUTF8Offset(bytes)
        throw ProgramInputError("the input is not valid UTF-8 (first invalid byte at offset \(valid))")
    }

    /// The offset of the first byte that breaks UTF-8 decoding (`bytes.count` when none does).
    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let (length, minimum): (Int, UInt32) =
                switch lead {
                case 0x00...0x7F: (1, 0)
                case 0xC2...0xDF: (2, 0x80)
                case 0xE0...0xEF: (3, 0x800)
                case 0xF0...0xF4: (4, 0x10000)
                default: (0, 0)
                }
            guard length > 0, index + length <= bytes.count else { return index }
            var scalar = UInt32(lead) & (length == 1 ? 0x7F : (0xFF >> (length + 1)))
            for offset in 1..<max(length, 1) {
                let byte = bytes[index + offset]
                guard byte & 0xC0 == 0x80 else { return index }
                scalar = scalar << 6 | UInt32(byte & 0x3F)
            }
            guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else { return index }
            index += length
        }
        return index
    }
}

/// Why `run` has nothing to execute.
public struct ProgramInputError: Error, Sendable, CustomStringConvertible {
    /// A one-line message for stderr.
    public var message: String
    public init(message: String) { self.message = message }
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
