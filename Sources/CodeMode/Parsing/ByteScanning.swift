// Byte-level helpers shared by the format parsers: tag recognition, searching, line numbers, UTF-8.

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The angle-bracket tags of the Qwen3 and Hermes formats.
enum AngleTag: Int, CaseIterable {
    case toolCallOpen, toolCallClose, functionOpen, functionClose, parameterOpen, parameterClose
    case thinkOpen, thinkClose

    /// The tag's bytes; `functionOpen` and `parameterOpen` stop before the name.
    var spelling: StaticString {
        switch self {
        case .toolCallOpen: "<tool_call>"
        case .toolCallClose: "</tool_call>"
        case .functionOpen: "<function="
        case .functionClose: "</function>"
        case .parameterOpen: "<parameter="
        case .parameterClose: "</parameter>"
        case .thinkOpen: "<think>"
        case .thinkClose: "</think>"
        }
    }

    var length: Int { spelling.utf8CodeUnitCount }

    /// The tag as written, for messages.
    var display: String { spelling.description + (self == .functionOpen || self == .parameterOpen ? "…>" : "") }
}

/// A small set of tags, cheap to pass around in scanning loops.
struct TagSet {
    let bits: UInt16

    init(_ tags: [AngleTag]) {
        bits = tags.reduce(0) { $0 | 1 << UInt16($1.rawValue) }
    }

    func contains(_ tag: AngleTag) -> Bool { bits & 1 << UInt16(tag.rawValue) != 0 }

    /// What ends a Qwen3 XML parameter value (the last three mean a closer is missing).
    static let parameterValueEnd = TagSet([
        .parameterClose, .parameterOpen, .functionClose, .toolCallClose, .toolCallOpen, .functionOpen,
    ])
    /// What ends bare code between `<tool_call>` tags.
    static let bareCodeEnd = TagSet([.toolCallClose, .toolCallOpen])
}

/// The outcome of matching a tag at a position.
enum TagMatch {
    case tag(AngleTag)
    /// The bytes so far are a prefix of a tag, but the buffer ends (more input may follow).
    case partial
    case none
}

/// The outcome of matching a literal at a position.
enum LiteralMatch {
    case match
    case partial
    case mismatch
}

extension UnsafeBufferPointer<UInt8> {
    /// Classifies the tag starting at `index` (which holds `<`).
    func angleTag(at index: Int, end: Int, isFinal: Bool) -> TagMatch {
        guard index + 1 < end else { return isFinal ? .none : .partial }
        let first: AngleTag
        var second: AngleTag?
        switch self[index + 1] {
        case UInt8(ascii: "t"):
            first = .toolCallOpen
            second = .thinkOpen
        case UInt8(ascii: "f"): first = .functionOpen
        case UInt8(ascii: "p"): first = .parameterOpen
        case UInt8(ascii: "/"):
            guard index + 2 < end else { return isFinal ? .none : .partial }
            switch self[index + 2] {
            case UInt8(ascii: "t"):
                first = .toolCallClose
                second = .thinkClose
            case UInt8(ascii: "f"): first = .functionClose
            case UInt8(ascii: "p"): first = .parameterClose
            default: return .none
            }
        default: return .none
        }
        var sawPartial = false
        switch literal(first.spelling, at: index, end: end) {
        case .match: return .tag(first)
        case .partial: sawPartial = true
        case .mismatch: break
        }
        if let second {
            switch literal(second.spelling, at: index, end: end) {
            case .match: return .tag(second)
            case .partial: sawPartial = true
            case .mismatch: break
            }
        }
        return sawPartial && !isFinal ? .partial : .none
    }

    /// Compares the literal with the bytes at `index`.
    @inline(__always)
    func literal(_ literal: StaticString, at index: Int, end: Int) -> LiteralMatch {
        let count = literal.utf8CodeUnitCount
        if count >= 8, end - index >= count, let base = baseAddress {
            // Two (possibly overlapping) eight-byte comparisons cover literals of 8 to 16 bytes.
            let expected = UnsafeRawPointer(literal.utf8Start)
            let actual = UnsafeRawPointer(base + index)
            var equal = actual.loadUnaligned(as: UInt64.self) == expected.loadUnaligned(as: UInt64.self)
            if count > 8 {
                equal = equal
                    && actual.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
                        == expected.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            }
            if count <= 16 { return equal ? .match : .mismatch }
        }
        return literal.withUTF8Buffer { bytes in
            let available = Swift.min(bytes.count, end - index)
            for offset in 0..<Swift.max(available, 0) where self[index + offset] != bytes[offset] { return .mismatch }
            return available == bytes.count ? .match : .partial
        }
    }

    /// The index of the first `byte` in `start..<end`, or nil.
    func firstIndex(of byte: UInt8, from start: Int, to end: Int) -> Int? {
        guard start < end, let base = baseAddress else { return nil }
        guard let found = memchr(base + start, Int32(byte), end - start) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// The index of the first occurrence of `needle` starting in `start..<end`, or nil.
    ///
    /// An occurrence must fit entirely before `end`.
    func firstIndex(of needle: StaticString, from start: Int, to end: Int) -> Int? {
        needle.withUTF8Buffer { needleBytes in
            guard let first = needleBytes.first else { return nil }
            var index = start
            while let candidate = firstIndex(of: first, from: index, to: end - needleBytes.count + 1) {
                var matches = true
                for offset in 1..<needleBytes.count where self[candidate + offset] != needleBytes[offset] {
                    matches = false
                    break
                }
                if matches { return candidate }
                index = candidate + 1
            }
            return nil
        }
    }

    /// The index of the first byte in `start..<end` that is not ASCII whitespace (or `end`).
    func skippingWhitespace(from start: Int, to end: Int) -> Int {
        var index = start
        while index < end, self[index].isASCIIWhitespace { index += 1 }
        return index
    }

    /// The bytes in `range` as a string, invalid UTF-8 replaced (the engine reports it once).
    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: self[range]), as: UTF8.self)
    }
}

extension UInt8 {
    var isASCIIWhitespace: Bool { self == 0x20 || self == 0x0A || self == 0x0D || self == 0x09 || self == 0x0C }
}

// MARK: - Whitespace contract

/// Applies the parameter-value whitespace contract: one leading and one trailing line break are
/// removed (`\n` or `\r\n`), nothing else. See docs/parsing.md.
func strippingOneNewline(_ range: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int> {
    var lower = range.lowerBound
    var upper = range.upperBound
    if lower < upper, buffer[lower] == 0x0A {
        lower += 1
    } else if lower + 1 < upper, buffer[lower] == 0x0D, buffer[lower + 1] == 0x0A {
        lower += 2
    }
    if upper > lower, buffer[upper - 1] == 0x0A {
        upper -= 1
        if upper > lower, buffer[upper - 1] == 0x0D { upper -= 1 }
    }
    return lower..<upper
}

// MARK: - Line numbers

/// Newline offsets, discovered lazily up to the largest offset asked about, for line/column lookup.
struct LineIndex {
    private var newlines: [Int] = []
    private var scannedUpTo = 0

    /// 1-based line and byte column of `offset`.
    mutating func location(of offset: Int, in buffer: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        let target = min(max(offset, 0), buffer.count)
        if target > scannedUpTo {
            var index = scannedUpTo
            while let newline = buffer.firstIndex(of: 0x0A, from: index, to: target) {
                newlines.append(newline)
                index = newline + 1
            }
            scannedUpTo = target
        }
        // Number of newlines before `target`.
        var low = 0
        var high = newlines.count
        while low < high {
            let middle = (low + high) / 2
            if newlines[middle] < target { low = middle + 1 } else { high = middle }
        }
        let lineStart = low == 0 ? 0 : newlines[low - 1] + 1
        return (low + 1, target - lineStart + 1)
    }
}

// MARK: - UTF-8 validation

/// The offset of the first byte that is not part of valid UTF-8, or nil when all of it is valid.
func firstInvalidUTF8(in buffer: UnsafeBufferPointer<UInt8>) -> Int? {
    guard let base = buffer.baseAddress else { return nil }
    let count = buffer.count
    var index = 0
    while index < count {
        // ASCII fast path, 32 then 8 bytes at a time.
        while index + 32 <= count {
            let raw = UnsafeRawPointer(base + index)
            let word = raw.loadUnaligned(as: UInt64.self) | raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                | raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
                | raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
            if word & 0x8080_8080_8080_8080 != 0 { break }
            index += 32
        }
        while index + 8 <= count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            if word & 0x8080_8080_8080_8080 != 0 { break }
            index += 8
        }
        guard index < count else { return nil }
        let lead = buffer[index]
        if lead < 0x80 {
            index += 1
            continue
        }
        let length: Int
        var lowerBound: UInt8 = 0x80
        var upperBound: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            lowerBound = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            upperBound = 0x9F
        case 0xF0:
            length = 4
            lowerBound = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            upperBound = 0x8F
        default: return index
        }
        guard index + length <= count else { return index }
        let second = buffer[index + 1]
        guard second >= lowerBound, second <= upperBound else { return index }
        for offset in 2..<max(length, 2) where buffer[index + offset] & 0xC0 != 0x80 { return index }
        index += length
    }
    return nil
}

// MARK: - Word-at-a-time searches

/// Searches for the first of a few bytes eight bytes at a time (SWAR), for the hot scanning loops.
enum ByteScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// High bit set in each byte of `word` that equals `byte`; exact up to the lowest match, which is all
    /// the searches below use (a borrow can only mark bytes above a real match).
    @inline(__always)
    private static func matches(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let x = word ^ (ones &* UInt64(byte))
        return (x &- ones) & ~x & highs
    }

    @inline(__always)
    private static func load(_ base: UnsafePointer<UInt8>, _ index: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
    }

    /// The index of the first `a` or `b` in `start..<end`, or `end`.
    @inline(__always)
    static func first(of a: UInt8, _ b: UInt8, in base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        var index = start
        while index + 8 <= end {
            let word = load(base, index)
            let found = matches(word, a) | matches(word, b)
            if found != 0 { return index + found.trailingZeroBitCount >> 3 }
            index += 8
        }
        while index < end {
            let byte = base[index]
            if byte == a || byte == b { return index }
            index += 1
        }
        return end
    }

    /// The index of the first `a`, `b`, `c` or `d` in `start..<end`, or `end`.
    @inline(__always)
    static func first(
        of a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, in base: UnsafePointer<UInt8>, from start: Int, to end: Int
    ) -> Int {
        var index = start
        while index + 8 <= end {
            let word = load(base, index)
            let found = matches(word, a) | matches(word, b) | matches(word, c) | matches(word, d)
            if found != 0 { return index + found.trailingZeroBitCount >> 3 }
            index += 8
        }
        while index < end {
            let byte = base[index]
            if byte == a || byte == b || byte == c || byte == d { return index }
            index += 1
        }
        return end
    }
}
