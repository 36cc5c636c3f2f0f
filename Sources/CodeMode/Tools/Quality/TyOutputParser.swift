/// Reads `ty check --output-format gitlab` (a JSON array, `[]` when clean) into diagnostics.
///
/// Severity `major` is an error and `minor` a warning; `info` diagnostics (such as `reveal_type`)
/// are left out. The message is the description without its `"<rule>: "` prefix. Lines and columns
/// are ty's own, 1-based; an `io` diagnostic on a path ty could not read has line 1, column 1.
///
/// The report is read with `JSONParser` rather than `JSONDecoder`, which is several times slower.
enum TyOutputParser {
    /// The diagnostics in `bytes`, or nil when the bytes are not a gitlab report.
    static func parse(_ bytes: [UInt8]) -> [TypeCheckError]? {
        guard let entries = JSONParser.parse(bytes).value?.arrayValue else { return nil }
        var diagnostics: [TypeCheckError] = []
        for entry in entries {
            guard let fields = Entry(entry) else { return nil }
            if let diagnostic = fields.diagnostic { diagnostics.append(diagnostic) }
        }
        return diagnostics
    }

    /// The fields of one gitlab entry that the result uses.
    private struct Entry {
        var checkName: String
        var description: String
        var severity: String
        var path: String
        var begin: JSONObject?

        /// Nil when a required field is missing, or a present `positions.begin` lacks its numbers.
        init?(_ value: JSONValue) {
            guard let fields = value.objectValue, let checkName = fields["check_name"]?.stringValue,
                let description = fields["description"]?.stringValue,
                let severity = fields["severity"]?.stringValue,
                let location = fields["location"]?.objectValue, let path = location["path"]?.stringValue
            else { return nil }
            let positions = location["positions"]
            var begin: JSONObject?
            if let positions, positions != .null {
                guard let found = positions.objectValue?["begin"]?.objectValue, found["line"]?.intValue != nil,
                    found["column"]?.intValue != nil
                else { return nil }
                begin = found
            }
            self.checkName = checkName
            self.description = description
            self.severity = severity
            self.path = path
            self.begin = begin
        }

        /// The diagnostic, or nil for a severity the result leaves out.
        var diagnostic: TypeCheckError? {
            let level: String
            switch severity {
            case "major", "critical", "blocker": level = "error"
            case "minor": level = "warning"
            default: return nil
            }
            let prefix = checkName + ": "
            let message = description.hasPrefix(prefix) ? String(description.dropFirst(prefix.count)) : description
            return TypeCheckError(
                file: path, line: begin?["line"]?.intValue ?? 1, column: begin?["column"]?.intValue ?? 1,
                severity: level, code: checkName, message: message)
        }
    }
}
