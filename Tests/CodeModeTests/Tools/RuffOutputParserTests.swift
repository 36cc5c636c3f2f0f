import Foundation
import Testing

@testable import CodeMode

/// ruff's JSON report read in one pass: the members a violation needs, everything else skipped with
/// the same checks a full parse makes.
@Suite struct RuffOutputParserTests {
    /// A workspace root as ruff would print it (nothing is made there).
    static let root = FileManager.default.temporaryDirectory.appendingPathComponent("ruff-report-root").path

    static func entry(
        code: String = #""F401""#, message: String = #""`os` imported but unused""#,
        file: String = #""\#(root)/src/a.py""#, location: String = #"{"column": 8, "row": 1}"#,
        fix: String = #"{"applicability": "safe", "edits": [{"content": "x\n\"y\"\u00e9", "end_location": {"column": 10, "row": 1}, "location": {"column": 1, "row": 1}}], "message": "Remove"}"#
    ) -> String {
        #"{"cell": null, "code": \#(code), "end_location": {"column": 10, "row": 1}, "filename": \#(file), "fix": \#(fix), "location": \#(location), "message": \#(message), "noqa_row": 1, "url": "https://docs.astral.sh/ruff/rules/unused-import"}"#
    }

    static func parse(_ text: String) -> [RuffViolation]? { RuffOutputParser.parse(Array(text.utf8), root: root) }

    /// The same rules over a whole parsed tree: what the one-pass reader must agree with.
    static func reference(_ text: String) -> [RuffViolation]? {
        guard let entries = JSONParser.parse(text).value?.arrayValue else { return nil }
        var violations: [RuffViolation] = []
        for entry in entries {
            guard let fields = entry.objectValue, let message = fields["message"]?.stringValue,
                let filename = fields["filename"]?.stringValue
            else { return nil }
            var line = 1
            var column = 1
            if let location = fields["location"], location != .null {
                guard let row = location.objectValue?["row"]?.intValue, let col = location.objectValue?["column"]?.intValue
                else { return nil }
                (line, column) = (row, col)
            }
            let file = filename.hasPrefix(root + "/") ? String(filename.dropFirst(root.count + 1)) : filename
            violations.append(
                RuffViolation(
                    file: file, line: line, column: column,
                    code: fields["code"]?.stringValue ?? fields["name"]?.stringValue ?? "", message: message,
                    fixable: fields["fix"]?.objectValue?["applicability"]?.stringValue == "safe"))
        }
        return violations
    }

    @Test func readsTheMembersAViolationNeeds() throws {
        let text = "[\n" + Self.entry() + ",\n"
            + Self.entry(code: "null", message: #""bad \"x\" \u00e9""#, location: "null", fix: "null")
                .replacingOccurrences(of: #""cell": null"#, with: #""name": "invalid-syntax""#) + "\n]\n"
        let violations = try #require(Self.parse(text))
        #expect(
            violations == [
                RuffViolation(
                    file: "src/a.py", line: 1, column: 8, code: "F401", message: "`os` imported but unused",
                    fixable: true),
                RuffViolation(
                    file: "src/a.py", line: 1, column: 1, code: "invalid-syntax", message: "bad \"x\" é", fixable: false),
            ])
        #expect(violations == Self.reference(text))
        #expect(Self.parse(" [ ] \n") == [])
    }

    @Test(arguments: [
        Self.entry(fix: #"{"applicability": "unsafe", "edits": []}"#),
        Self.entry(fix: #"{"edits": [], "applicability": "safe", "applicability": "display-only"}"#),
        Self.entry(fix: #""safe""#),
        Self.entry(code: #""E501", "code": "E502""#),
        Self.entry(file: #""/elsewhere/b.py""#),
        Self.entry(location: #"{"row": 3, "column": 4, "extra": [[{}], "\\"]}"#),
        Self.entry().replacingOccurrences(of: #""filename""#, with: #""file\u006eame""#),  // a key with an escape
    ])
    func agreesWithAFullParse(entry: String) throws {
        let text = "[" + entry + "]"
        let violations = try #require(Self.parse(text))
        #expect(violations == Self.reference(text))
    }

    @Test(arguments: [
        "", "{}", "[1]", "[{}]", #"[{"message": 1, "filename": "a"}]"#, #"[{"message": "m"}]"#,
        "[" + Self.entry(location: #"{"row": 1}"#) + "]",
        "[" + Self.entry() + "] trailing",
        "[" + Self.entry() + ",]",
        "[" + Self.entry(fix: "{\"edits\": [\"a\u{01}b\"]}") + "]",
        "[" + Self.entry(fix: #"{"edits": ["\q"]}"#) + "]",
        "[" + Self.entry(fix: #"{"edits": ["\u12"]}"#) + "]",
        "[" + Self.entry(fix: #"{"edits": [1.]}"#) + "]",
        "[" + String(Self.entry().dropLast(20)),
        "[" + Self.entry(fix: String(repeating: "[", count: 600) + String(repeating: "]", count: 600)) + "]",
    ])
    func whatIsNotARuffReportIsRefused(text: String) {
        #expect(Self.parse(text) == nil)
        #expect(Self.reference(text) == nil)
    }
}
