/// Turns what `punie-exec run` reads (a model output or a bare program) into the program to run.
public enum ProgramInput {
    /// Finds the execute_code program in a raw model output.
    /// - Throws: `ProgramInputError` for empty input, invalid UTF-8, or output without a call.
    public static func program(fromModelOutput bytes: [UInt8]) throws(ProgramInputError) -> String {
        let text = try decode(bytes)
        guard !text.trimmingWhitespace().isEmpty else { throw ProgramInputError("the input is empty") }
        guard let code = MinimalExtraction.executeCode(in: text) else {
            throw ProgramInputError("the input has no execute_code tool call")
        }
        guard !code.trimmingWhitespace().isEmpty else {
            throw ProgramInputError("the execute_code call has no code")
        }
        return code
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
