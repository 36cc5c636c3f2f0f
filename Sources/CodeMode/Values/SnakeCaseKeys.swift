/// The key spellings of Foundation's `.convertToSnakeCase` / `.convertFromSnakeCase` strategies, for
/// `JSONValueEncoder` and `JSONValueDecoder`.
enum SnakeCaseKeys {
    /// `fileCount` → `file_count`, `myURLValue` → `my_url_value`: a word starts at an uppercase
    /// letter after a lowercase one, and at the last capital of a run that a lowercase letter follows.
    static func snakeCased(_ key: String) -> String {
        let scalars = Array(key.unicodeScalars)
        guard scalars.contains(where: isUppercase) else { return key }
        var result = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            if index > 0, isUppercase(scalar) {
                let previous = scalars[index - 1]
                let nextIsLowercase = index + 1 < scalars.count && isLowercase(scalars[index + 1])
                if !isUppercase(previous) || nextIsLowercase { result.append("_") }
            }
            result.append(contentsOf: String(scalar).lowercased().unicodeScalars)
        }
        return String(result)
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

    private static func isUppercase(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isUppercase }

    private static func isLowercase(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isLowercase }
}
