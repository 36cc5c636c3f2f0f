/// Reading only part of a document: a reader that wants a few members of large objects skips the
/// rest without building values (no strings, arrays or objects are made), with the same checks
/// as `parseValue` in strict mode (escapes, control characters, nesting depth, number syntax).
extension JSONReader {
    /// Moves past `byte` when it is next; false (and nothing moved) otherwise.
    mutating func consume(_ byte: UInt8) -> Bool {
        guard position < end, buffer[position] == byte else { return false }
        position += 1
        return true
    }

    /// Reads the object at `position` member by member: `body` gets the reader at each member's
    /// value and the index of its key in `keys` (nil for any other key), and must move past the value.
    mutating func readObject(
        keys: [StaticString], depth: Int, _ body: (inout JSONReader, Int?) throws(JSONParseError) -> Void
    ) throws(JSONParseError) {
        guard depth <= JSONParser.maximumDepth else {
            throw JSONParseError(offset: position, message: "JSON nested too deeply")
        }
        guard consume(UInt8(ascii: "{")) else { throw JSONParseError(offset: position, message: "expected an object") }
        skipWhitespace()
        if consume(UInt8(ascii: "}")) { return }
        repeat {
            skipWhitespace()
            let key = try matchKey(keys)
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else {
                throw JSONParseError(offset: position, message: "expected ':' after an object key")
            }
            skipWhitespace()
            try body(&self, key)
            skipWhitespace()
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "}")) else {
            throw JSONParseError(offset: position, message: "expected ',' or '}' in an object")
        }
    }

    /// Reads an object key (a string starting at `position`) and tells whether it is one of `names`:
    /// its index there, or nil. A key without escapes is compared as bytes, never made into a string.
    private mutating func matchKey(_ names: [StaticString]) throws(JSONParseError) -> Int? {
        guard position < end, buffer[position] == UInt8(ascii: "\"") else {
            throw JSONParseError(offset: position, message: "expected a string key")
        }
        let start = position + 1
        var index = start
        while index < end, buffer[index] != UInt8(ascii: "\""), buffer[index] != UInt8(ascii: "\\"),
            buffer[index] >= 0x20
        {
            index += 1
        }
        guard index < end, buffer[index] == UInt8(ascii: "\"") else {
            // Escapes (or an error): the slow way, which reports errors as a full parse does.
            guard !names.isEmpty else {
                try skipString()
                return nil
            }
            let key = try parseString(quote: UInt8(ascii: "\""))
            return names.firstIndex { $0.description == key }
        }
        position = index + 1
        let key = UnsafeBufferPointer(rebasing: buffer[start..<index])
        return names.firstIndex { name in
            name.utf8CodeUnitCount == key.count && name.withUTF8Buffer { bytes in bytes.elementsEqual(key) }
        }
    }

    /// Moves past one value, which starts at `position`.
    mutating func skipValue(depth: Int) throws(JSONParseError) {
        guard position < end else { throw JSONParseError(offset: position, message: "unexpected end of JSON") }
        switch buffer[position] {
        case UInt8(ascii: "{"):
            try readObject(keys: [], depth: depth + 1) { reader, _ throws(JSONParseError) in
                try reader.skipValue(depth: depth + 1)
            }
        case UInt8(ascii: "["): try skipArray(depth: depth + 1)
        case UInt8(ascii: "\""): try skipString()
        default: _ = try parseValue(depth: depth)  // a number or a literal: nothing to allocate
        }
    }

    private mutating func skipArray(depth: Int) throws(JSONParseError) {
        guard depth <= JSONParser.maximumDepth else {
            throw JSONParseError(offset: position, message: "JSON nested too deeply")
        }
        position += 1
        skipWhitespace()
        if consume(UInt8(ascii: "]")) { return }
        repeat {
            skipWhitespace()
            try skipValue(depth: depth)
            skipWhitespace()
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "]")) else {
            throw JSONParseError(offset: position, message: "expected ',' or ']' in an array")
        }
    }

    private mutating func skipString() throws(JSONParseError) {
        let start = position
        position += 1
        while position < end {
            let byte = buffer[position]
            position += 1
            if byte == UInt8(ascii: "\"") { return }
            if byte < 0x20 {
                throw JSONParseError(offset: position - 1, message: "control character inside a string")
            }
            guard byte == UInt8(ascii: "\\") else { continue }
            guard position < end else { break }
            let escaped = buffer[position]
            position += 1
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                continue
            case UInt8(ascii: "u"):
                guard end - position >= 4,
                    (0..<4).allSatisfy({ isHexDigit(buffer[position + $0]) })
                else { throw JSONParseError(offset: position, message: "invalid \\u escape") }
                position += 4
            default:
                throw JSONParseError(offset: position - 2, message: "invalid escape in a string")
            }
        }
        throw JSONParseError(offset: start, message: "unterminated string")
    }

    private func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x66)
    }
}
