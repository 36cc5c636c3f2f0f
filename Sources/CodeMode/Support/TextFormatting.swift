#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Text helpers the library needs beyond the standard library (it links FoundationEssentials only,
/// which leaves out Foundation's string formatting and trimming).
extension StringProtocol {
    /// The text without leading and trailing spaces and tabs (Unicode space separators included).
    func trimmingSpaces() -> String {
        trimmed { $0 == "\t" || $0.unicodeScalars.allSatisfy { $0.properties.generalCategory == .spaceSeparator } }
    }

    /// The text without leading and trailing white space, line breaks included.
    func trimmingWhitespace() -> String {
        trimmed(where: \.isWhitespace)
    }

    /// The text padded with spaces on the right to `width` characters (never cut).
    func padded(to width: Int) -> String {
        count >= width ? String(self) : String(self) + String(repeating: " ", count: width - count)
    }

    private func trimmed(where isTrimmed: (Character) -> Bool) -> String {
        guard let first = firstIndex(where: { !isTrimmed($0) }), let last = lastIndex(where: { !isTrimmed($0) })
        else { return "" }
        return String(self[first...last])
    }
}

extension Double {
    /// The number in fixed notation with `digits` digits after the point, like C's `%.Nf`.
    func fixed(_ digits: Int) -> String {
        let format = "%.\(max(0, min(digits, 17)))f"
        func render(capacity: Int) -> (text: String, needed: Int) {
            var buffer = [CChar](repeating: 0, count: capacity)
            let written = withVaList([self]) { vsnprintf(&buffer, capacity, format, $0) }
            let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return (text, Int(written))
        }
        let first = render(capacity: 64)
        return first.needed < 64 ? first.text : render(capacity: first.needed + 1).text
    }
}
