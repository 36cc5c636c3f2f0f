/// The key spellings of Foundation's `.convertToSnakeCase` / `.convertFromSnakeCase` strategies, for
/// `JSONValueEncoder` and `JSONValueDecoder`.
enum SnakeCaseKeys {
    /// `fileCount` → `file_count`, `myURLValue` → `my_url_value`, as Foundation splits a key: a word
    /// ends before each capital; a capital directly followed by a lowercase letter starts a word,
    /// and a run up to the last capital before the next lowercase letter is a word of its own
    /// (`isHTTP2Ready` → `is_http2_ready`, `sizeH2x` → `size_h_2x`). Capitals are Unicode's
    /// uppercase and titlecase letters, lowercase letters its lowercase ones; each word is lowercased.
    static func snakeCased(_ key: String) -> String {
        // Most keys are one lowercase ASCII word: nothing to split or lowercase.
        if key.utf8.allSatisfy({ $0 < 0x80 && !($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) }) { return key }
        let scalars = Array(key.unicodeScalars)
        var words: [Range<Int>] = []
        var wordStart = 0
        var searchFrom = 1
        while let upper = (searchFrom..<scalars.count).first(where: { isCapital(scalars[$0]) }) {
            words.append(wordStart..<upper)
            guard let lower = (upper..<scalars.count).first(where: { isLowercase(scalars[$0]) }) else {
                wordStart = upper
                break
            }
            if lower == upper + 1 {
                wordStart = upper
            } else {
                words.append(upper..<(lower - 1))
                wordStart = lower - 1
            }
            searchFrom = lower + 1
        }
        words.append(wordStart..<scalars.count)
        return words.map { lowercased(scalars[$0]) }.joined(separator: "_")
    }

    private static func isCapital(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar >= "A" && scalar <= "Z" }
        let category = scalar.properties.generalCategory
        return category == .uppercaseLetter || category == .titlecaseLetter
    }

    private static func isLowercase(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar >= "a" && scalar <= "z" }
        return scalar.properties.generalCategory == .lowercaseLetter
    }

    private static func lowercased(_ word: ArraySlice<Unicode.Scalar>) -> String {
        if word.allSatisfy(\.isASCII) {
            let bytes = word.map { UInt8($0.value) | ($0 >= "A" && $0 <= "Z" ? 0x20 : 0) }
            return String(decoding: bytes, as: UTF8.self)
        }
        return String(String.UnicodeScalarView(word)).lowercased()
    }

    /// `max_count` → `maxCount`: underscores at either end are kept, the words between are joined,
    /// each after the first capitalized (its other letters lowercased), as Foundation does.
    static func camelCased(_ key: String) -> String {
        guard key.contains("_") else { return key }
        let scalars = Array(key.unicodeScalars)
        guard let first = scalars.firstIndex(where: { $0 != "_" }),
            let last = scalars.lastIndex(where: { $0 != "_" })
        else { return key }
        let words = String(String.UnicodeScalarView(scalars[first...last])).split(separator: "_")
        guard let head = words.first else { return key }
        var result = String(String.UnicodeScalarView(scalars[..<first])) + head
        for word in words.dropFirst() {
            result += word.prefix(1).uppercased() + word.dropFirst().lowercased()
        }
        return result + String(String.UnicodeScalarView(scalars[(last + 1)...]))
    }
}
