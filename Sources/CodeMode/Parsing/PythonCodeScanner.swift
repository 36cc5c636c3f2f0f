/// Finds where a Python code value ends, skipping closing tags that sit inside string literals.
///
/// The scanner knows just enough Python lexing for that: comments, and '…', "…", '''…''', """…"""
/// literals (any prefix; a backslash always escapes the next character). It is resumable: when the
/// buffer ends before a decision it reports `.needMore` and continues from where it stopped.
///
/// A closing tag inside a literal counts as code only if the literal closes: before the end of the
/// line for '…' and "…" (Python does not let them span lines), before the end of the output for
/// triple-quoted ones. Otherwise the model most likely left the quote open, and the tag ends the code.
struct PythonCodeScanner {
    enum Outcome {
        case terminator(at: Int, tag: AngleTag)
        case needMore
        case endOfInput
    }

    private enum Mode {
        case code
        case comment
        case string(quote: UInt8, triple: Bool)
    }

    private(set) var position: Int
    private var mode: Mode = .code
    /// The first terminator seen inside the current literal, not yet known to be inside it for sure.
    private var pendingTag: (offset: Int, tag: AngleTag)?
    /// Terminators confirmed inside closed literals (reported as `closing_tag_in_string`).
    private(set) var skippedTags: [(offset: Int, tag: AngleTag)] = []

    init(start: Int) {
        position = start
    }

    /// Scans `position..<end` for the first of `terminators` outside a string literal.
    mutating func scan(
        _ buffer: UnsafeBufferPointer<UInt8>, end: Int, isFinal: Bool, terminators: TagSet
    ) -> Outcome {
        var index = position
        defer { position = index }
        guard let base = buffer.baseAddress else { return isFinal ? .endOfInput : .needMore }
        scanning: while index < end {
            switch mode {
            case .code:
                // Only # ' " < matter here: skip everything else a word at a time.
                index = ByteScan.first(of: 0x23, 0x27, 0x22, 0x3C, in: base, from: index, to: end)
                guard index < end else { break scanning }
                let byte = base[index]
                switch byte {
                case UInt8(ascii: "#"):
                    mode = .comment
                    index += 1
                case UInt8(ascii: "'"), UInt8(ascii: "\""):
                    if index + 2 >= end, !isFinal { return .needMore }
                    if index + 2 < end, base[index + 1] == byte, base[index + 2] == byte {
                        mode = .string(quote: byte, triple: true)
                        index += 3
                    } else {
                        mode = .string(quote: byte, triple: false)
                        index += 1
                    }
                default:  // <
                    switch buffer.angleTag(at: index, end: end, isFinal: isFinal) {
                    case .partial: return .needMore
                    case .tag(let tag) where terminators.contains(tag): return .terminator(at: index, tag: tag)
                    default: index += 1
                    }
                }
            case .comment:
                index = ByteScan.first(of: 0x0A, 0x3C, in: base, from: index, to: end)
                guard index < end else { break scanning }
                if base[index] == 0x0A {
                    mode = .code
                    index += 1
                } else {
                    // A tag ends the code even after `#`: models close tags right after a comment.
                    switch buffer.angleTag(at: index, end: end, isFinal: isFinal) {
                    case .partial: return .needMore
                    case .tag(let tag) where terminators.contains(tag): return .terminator(at: index, tag: tag)
                    default: index += 1
                    }
                }
            case .string(let quote, let triple):
                // Only the quote, \\, a newline and < matter inside a literal.
                index = ByteScan.first(of: quote, 0x5C, 0x0A, 0x3C, in: base, from: index, to: end)
                guard index < end else { break scanning }
                let byte = base[index]
                switch byte {
                case UInt8(ascii: "\\"):
                    if index + 1 >= end, !isFinal { return .needMore }
                    index += 2
                case quote:
                    if triple {
                        if index + 2 >= end, !isFinal { return .needMore }
                        if index + 2 < end, base[index + 1] == quote, base[index + 2] == quote {
                            closeLiteral()
                            index += 3
                        } else {
                            index += 1
                        }
                    } else {
                        closeLiteral()
                        index += 1
                    }
                case 0x0A:
                    guard !triple else {
                        index += 1
                        continue scanning
                    }
                    // An unterminated one-line literal: a tag seen inside it was really a tag.
                    if let pending = pendingTag {
                        pendingTag = nil
                        mode = .code
                        index = pending.offset
                        return .terminator(at: pending.offset, tag: pending.tag)
                    }
                    mode = .code
                    index += 1
                default:  // <
                    switch buffer.angleTag(at: index, end: end, isFinal: isFinal) {
                    case .partial: return .needMore
                    case .tag(let tag) where terminators.contains(tag):
                        if pendingTag == nil { pendingTag = (index, tag) }
                        index += tag.length
                    default: index += 1
                    }
                }
            }
        }
        index = min(index, end)
        guard isFinal else { return .needMore }
        if let pending = pendingTag {
            pendingTag = nil
            mode = .code
            index = pending.offset
            return .terminator(at: pending.offset, tag: pending.tag)
        }
        return .endOfInput
    }

    private mutating func closeLiteral() {
        if let pending = pendingTag { skippedTags.append(pending) }
        pendingTag = nil
        mode = .code
    }
}
