// String and number literals for LiteralParser.

extension LiteralParser {
    // MARK: - Strings

    /// One string literal, or several adjacent ones concatenated as Python does (`'a' "b"` is `'ab'`).
    ///
    /// `prefix` holds the lowercased prefix letters already consumed for the first literal (`r`, `u`).
    mutating func parseStrings(prefix: Set<Character>) throws(RecordedResultError) -> String {
        var buffer: [UInt8] = []
        try parseOneString(raw: prefix.contains("r"), into: &buffer)
        guard syntax == .python else { return String(decoding: buffer, as: UTF8.self) }
        while true {
            let save = index
            skipSpace()
            var raw = false
            if let letter = peek(), letter | 0x20 == UInt8(ascii: "r") || letter | 0x20 == UInt8(ascii: "u"),
                let quote = peek(1), quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"")
            {
                raw = letter | 0x20 == UInt8(ascii: "r")
                index += 1
            }
            guard let quote = peek(), quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") else {
                index = save
                return String(decoding: buffer, as: UTF8.self)
            }
            try parseOneString(raw: raw, into: &buffer)
        }
    }

    private mutating func parseOneString(raw: Bool, into buffer: inout [UInt8]) throws(RecordedResultError) {
        let start = index
        let quote = bytes[index]
        if syntax == .json, quote != UInt8(ascii: "\"") {
            throw error(.syntax, "JSON strings use double quotes", at: start)
        }
        let triple = syntax == .python && peek(1) == quote && peek(2) == quote
        index += triple ? 3 : 1
        while true {
            guard index < bytes.count else {
                throw error(.syntax, "unterminated string literal", at: start)
            }
            let byte = bytes[index]
            if byte == quote {
                if !triple {
                    index += 1
                    return
                }
                if peek(1) == quote, peek(2) == quote {
                    index += 3
                    return
                }
            }
            if byte == UInt8(ascii: "\n"), !triple {
                throw error(.syntax, "unterminated string literal (a line ends inside it)", at: start)
            }
            if byte < 0x20, syntax == .json {
                throw error(.syntax, "a control character must be escaped in a JSON string", at: index)
            }
            guard byte == UInt8(ascii: "\\") else {
                buffer.append(byte)
                index += 1
                continue
            }
            if raw {
                // A raw string keeps the backslash; the next character (even a quote) is kept too.
                buffer.append(byte)
                index += 1
                if index < bytes.count {
                    buffer.append(bytes[index])
                    index += 1
                }
                continue
            }
            switch syntax {
            case .python: try readPythonEscape(into: &buffer)
            case .json: try readJSONEscape(into: &buffer)
            }
        }
    }

    /// Reads a Python escape sequence starting at the backslash.
    ///
    /// `\N{NAME}` is refused: `repr()` never writes it and resolving names needs Unicode name tables.
    /// A lone surrogate (`\ud800`) is refused: a Swift string cannot hold it.
    /// An unknown escape such as `\d` keeps the backslash, as Python does.
    private mutating func readPythonEscape(into buffer: inout [UInt8]) throws(RecordedResultError) {
        let start = index
        index += 1
        guard let byte = peek() else { throw error(.syntax, "unterminated string literal", at: start) }
        index += 1
        switch byte {
        case UInt8(ascii: "\n"): return  // line continuation
        case UInt8(ascii: "\r"):
            if peek() == UInt8(ascii: "\n") { index += 1 }
        case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""): buffer.append(byte)
        case UInt8(ascii: "a"): buffer.append(0x07)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "v"): buffer.append(0x0B)
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            var value = UInt32(byte - UInt8(ascii: "0"))
            for _ in 0..<2 {
                guard let digit = peek(), (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(digit) else { break }
                value = value * 8 + UInt32(digit - UInt8(ascii: "0"))
                index += 1
            }
            try append(scalar: value, into: &buffer, escapeAt: start)
        case UInt8(ascii: "x"):
            try append(scalar: try readHex(digits: 2, escapeAt: start), into: &buffer, escapeAt: start)
        case UInt8(ascii: "u"):
            try append(scalar: try readHex(digits: 4, escapeAt: start), into: &buffer, escapeAt: start)
        case UInt8(ascii: "U"):
            try append(scalar: try readHex(digits: 8, escapeAt: start), into: &buffer, escapeAt: start)
        case UInt8(ascii: "N"):
            throw error(.syntax, "\\N{...} escapes are not supported (repr() never writes them)", at: start)
        default:
            buffer.append(UInt8(ascii: "\\"))
            index -= 1  // keep the character itself, which may start a multi-byte sequence
        }
    }

    /// Reads a JSON escape sequence starting at the backslash; a surrogate pair becomes one scalar.
    private mutating func readJSONEscape(into buffer: inout [UInt8]) throws(RecordedResultError) {
        let start = index
        index += 1
        guard let byte = peek() else { throw error(.syntax, "unterminated string literal", at: start) }
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(byte)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            var value = try readHex(digits: 4, escapeAt: start)
            if (0xD800..<0xDC00).contains(value), peek() == UInt8(ascii: "\\"), peek(1) == UInt8(ascii: "u") {
                let save = index
                index += 2
                let low = try readHex(digits: 4, escapeAt: save)
                if (0xDC00..<0xE000).contains(low) {
                    value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    index = save
                }
            }
            try append(scalar: value, into: &buffer, escapeAt: start)
        default:
            throw error(.syntax, "invalid escape '\\\(Character(Unicode.Scalar(byte)))' in a JSON string", at: start)
        }
    }

    private mutating func readHex(digits: Int, escapeAt start: Int) throws(RecordedResultError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<digits {
            guard let byte = peek(), let digit = hexValue(byte) else {
                throw error(.syntax, "truncated escape: expected \(digits) hexadecimal digits", at: start)
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private func append(scalar value: UInt32, into buffer: inout [UInt8], escapeAt start: Int)
        throws(RecordedResultError)
    {
        guard let scalar = Unicode.Scalar(value) else {
            let reason =
                value > 0x10FFFF ? "is beyond U+10FFFF" : "is a lone surrogate, which a Swift string cannot hold"
            throw error(.syntax, "the escape \\u{\(String(value, radix: 16))} \(reason)", at: start)
        }
        buffer.append(contentsOf: Array(String(Character(scalar)).utf8))
    }

    // MARK: - Numbers

    /// A number literal.
    ///
    /// Python: decimal, `0x`/`0o`/`0b` integers, `_` separators, floats with exponents; JSON: its
    /// stricter grammar. An integer beyond 64 bits is an error.
    mutating func parseNumber(negative: Bool, start: Int) throws(RecordedResultError) -> LiteralNode {
        let numberStart = index
        if syntax == .python, peek() == UInt8(ascii: "0"), let radixByte = peek(1),
            let radix = ["x": 16, "o": 8, "b": 2][Character(Unicode.Scalar(radixByte | 0x20))]
        {
            index += 2
            let digitsStart = index
            while let byte = peek(), isIdentifierByte(byte) { index += 1 }
            let digits = String(decoding: bytes[digitsStart..<index], as: UTF8.self).filter { $0 != "_" }
            guard !digits.isEmpty, let value = Int(digits, radix: radix) else {
                throw error(.syntax, "invalid integer literal", at: numberStart)
            }
            return LiteralNode(.int(negative ? -value : value), at: start)
        }
        var isFloat = false
        var text = negative ? "-" : ""
        let digit = UInt8(ascii: "0")...UInt8(ascii: "9")
        func take(_ byte: UInt8) { text.append(Character(Unicode.Scalar(byte))) }
        while let byte = peek() {
            if digit.contains(byte) {
                take(byte)
            } else if byte == UInt8(ascii: "_"), syntax == .python, let next = peek(1), digit.contains(next) {
                // a separator between digits: dropped
            } else if byte == UInt8(ascii: "."), !isFloat, !text.contains("e") {
                isFloat = true
                take(byte)
            } else if byte | 0x20 == UInt8(ascii: "e"), !text.contains("e") {
                isFloat = true
                text.append("e")
                if let sign = peek(1), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                    index += 1
                    take(sign)
                }
            } else {
                break
            }
            index += 1
        }
        if let byte = peek(), byte | 0x20 == UInt8(ascii: "j"), syntax == .python {
            throw error(.wrongType, "complex numbers are not allowed", at: numberStart)
        }
        if let byte = peek(), isIdentifierByte(byte) {
            throw error(.syntax, "invalid number literal", at: numberStart)
        }
        let unsigned = negative ? String(text.dropFirst()) : text
        if syntax == .json, !Self.isJSONNumber(unsigned) {
            throw error(.syntax, "invalid JSON number", at: numberStart)
        }
        if isFloat {
            guard let value = Double(text) else { throw error(.syntax, "invalid float literal", at: numberStart) }
            return LiteralNode(.float(value), at: start)
        }
        if syntax == .python, unsigned.count > 1, unsigned.hasPrefix("0"), unsigned.contains(where: { $0 != "0" }) {
            throw error(.syntax, "leading zeros in a decimal integer are not allowed", at: numberStart)
        }
        guard let value = Int(text) else {
            throw error(.syntax, "integer literal out of the 64-bit range", at: numberStart)
        }
        return LiteralNode(.int(value), at: start)
    }

    private static func isJSONNumber(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var index = 0
        func digits() -> Int {
            let start = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return index - start
        }
        let integerStart = index
        let integerDigits = digits()
        guard integerDigits > 0, integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else { return false }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return false }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard digits() > 0 else { return false }
        }
        return index == bytes.count
    }
}
