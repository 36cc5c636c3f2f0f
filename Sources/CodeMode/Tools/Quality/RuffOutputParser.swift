/// Reads `ruff check --output-format json` (a JSON array, `[]` when clean) into violations.
///
/// `filename` is absolute in ruff's output and becomes relative to the workspace root. Lines and
/// columns are ruff's `location`, 1-based in Unicode scalars. `fixable` is True when ruff has a
/// *safe* fix, the ones `ruff check --fix` applies; unsafe fixes need `--unsafe-fixes`.
///
/// The report is read in one pass that builds only the members a violation needs and skips the
/// rest (urls, end locations, the fixes' edits): a 40 KB report took ≈ 0.7 ms as a whole `JSONValue`
/// tree (and ≈ 1 ms through `JSONDecoder`), most of it making strings nobody reads.
enum RuffOutputParser {
    /// The members of an entry that a violation needs (`violation` switches on their index).
    private static let entryKeys: [StaticString] = ["message", "filename", "code", "name", "location", "fix"]
    /// The member of a `fix` that a violation needs.
    private static let fixKeys: [StaticString] = ["applicability"]

    /// The violations in `bytes`, or nil when the bytes are not ruff's JSON report.
    static func parse(_ bytes: [UInt8], root: String) -> [RuffViolation]? {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return bytes.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(buffer: buffer, start: 0, end: buffer.count, options: .strict)
            return try? report(&reader, prefix: prefix)
        }
    }

    private static func report(_ reader: inout JSONReader, prefix: String) throws(JSONParseError) -> [RuffViolation]? {
        reader.skipWhitespace()
        guard reader.consume(UInt8(ascii: "[")) else { return nil }
        var violations: [RuffViolation] = []
        reader.skipWhitespace()
        if !reader.consume(UInt8(ascii: "]")) {
            repeat {
                reader.skipWhitespace()
                guard let violation = try violation(&reader, prefix: prefix) else { return nil }
                violations.append(violation)
                reader.skipWhitespace()
            } while reader.consume(UInt8(ascii: ","))
            guard reader.consume(UInt8(ascii: "]")) else { return nil }
        }
        reader.skipWhitespace()
        return reader.position == reader.end ? violations : nil
    }

    /// One entry; nil (or a thrown error) when it is not an object with the `message` and `filename`
    /// strings every entry has, or has a `location` without its `row` and `column`. A repeated
    /// member counts once, last.
    private static func violation(_ reader: inout JSONReader, prefix: String) throws(JSONParseError)
        -> RuffViolation?
    {
        var message: JSONValue?
        var filename: JSONValue?
        var code: JSONValue?
        var name: JSONValue?
        var location: JSONValue?
        var applicability: String?
        try reader.readObject(keys: entryKeys, depth: 1) { reader, key throws(JSONParseError) in
            switch key {
            case 0: message = try reader.parseValue(depth: 1)
            case 1: filename = try reader.parseValue(depth: 1)
            case 2: code = try reader.parseValue(depth: 1)
            case 3: name = try reader.parseValue(depth: 1)
            case 4: location = try reader.parseValue(depth: 1)
            case 5: applicability = try fixApplicability(&reader)
            default: try reader.skipValue(depth: 1)
            }
        }
        guard let message = message?.stringValue, let filename = filename?.stringValue else { return nil }
        let file = filename.hasPrefix(prefix) ? String(filename.dropFirst(prefix.count)) : filename
        var line = 1
        var column = 1
        if let location, location != .null {
            guard let row = location.objectValue?["row"]?.intValue, let found = location.objectValue?["column"]?.intValue
            else { return nil }
            line = row
            column = found
        }
        return RuffViolation(
            file: file, line: line, column: column, code: code?.stringValue ?? name?.stringValue ?? "",
            message: message, fixable: applicability == "safe")
    }

    /// The `applicability` of a `fix` member (an object, or null when there is no fix); its edits are
    /// skipped.
    private static func fixApplicability(_ reader: inout JSONReader) throws(JSONParseError) -> String? {
        guard reader.position < reader.end, reader.buffer[reader.position] == UInt8(ascii: "{") else {
            try reader.skipValue(depth: 1)
            return nil
        }
        var applicability: String?
        try reader.readObject(keys: fixKeys, depth: 2) { reader, key throws(JSONParseError) in
            if key == 0 {
                applicability = try reader.parseValue(depth: 2).stringValue
            } else {
                try reader.skipValue(depth: 2)
            }
        }
        return applicability
    }
}
