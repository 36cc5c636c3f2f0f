/// Reads `ruff check --output-format json` (a JSON array, `[]` when clean) into violations.
///
/// `filename` is absolute in ruff's output and becomes relative to the workspace root. Lines and
/// columns are ruff's `location`, 1-based in Unicode scalars. `fixable` is True when ruff has a
/// *safe* fix, the ones `ruff check --fix` applies; unsafe fixes need `--unsafe-fixes`.
///
/// The report is read with `JSONParser` (a 40 KB report took ~1 ms through `JSONDecoder`).
enum RuffOutputParser {
    /// The violations in `bytes`, or nil when the bytes are not ruff's JSON report.
    static func parse(_ bytes: [UInt8], root: String) -> [RuffViolation]? {
        guard let entries = JSONParser.parse(bytes).value?.arrayValue else { return nil }
        let prefix = root.hasSuffix("/") ? root : root + "/"
        var violations: [RuffViolation] = []
        violations.reserveCapacity(entries.count)
        for entry in entries {
            guard let violation = violation(entry, prefix: prefix) else { return nil }
            violations.append(violation)
        }
        return violations
    }

    /// One entry; nil when it lacks the `message` and `filename` strings every entry has, or has a
    /// `location` without its `row` and `column`.
    private static func violation(_ entry: JSONValue, prefix: String) -> RuffViolation? {
        guard let fields = entry.objectValue, let message = fields["message"]?.stringValue,
            let filename = fields["filename"]?.stringValue
        else { return nil }
        let file = filename.hasPrefix(prefix) ? String(filename.dropFirst(prefix.count)) : filename
        var line = 1
        var column = 1
        if let location = fields["location"], location != .null {
            guard let row = location.objectValue?["row"]?.intValue, let found = location.objectValue?["column"]?.intValue
            else { return nil }
            line = row
            column = found
        }
        return RuffViolation(
            file: file, line: line, column: column,
            code: fields["code"]?.stringValue ?? fields["name"]?.stringValue ?? "", message: message,
            fixable: fields["fix"]?.objectValue?["applicability"]?.stringValue == "safe")
    }
}
