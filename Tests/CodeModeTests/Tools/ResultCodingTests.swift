import Foundation
import Testing
@testable import CodeMode

/// The tool-call path encodes results and decodes arguments without Foundation's coders; these
/// pin it to what `JSONEncoder` (`.convertToSnakeCase`, unescaped slashes) and `JSONDecoder`
/// (`.convertFromSnakeCase`) produced. Foundation on Linux writes object keys in hash order, which
/// changes from one process to the next, so objects are compared as values; ours are in field order.
@Suite(.timeLimit(.minutes(1)))
struct ResultCodingTests {
    static let awkwardText = "a/b \"q\" \\ \u{08}\u{0C}\n\r\t\u{01}\u{1F}\u{7F} é 🙂 \u{2028}"

    private func foundationJSON<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    private func expectSameJSON<T: Encodable>(_ value: T) throws {
        let ours = try ResultEncoder.encode(value)
        let foundation = try foundationJSON(value)
        // The parser tells `1` from `1.0`, so numbers must also be spelled as Foundation spelled them.
        let oursValue = try #require(JSONParser.parse(ours).value)
        let foundationValue = try #require(JSONParser.parse(foundation).value)
        #expect(
            canonical(oursValue) == canonical(foundationValue),
            "\(String(decoding: ours, as: UTF8.self)) != \(String(decoding: foundation, as: UTF8.self))")
    }

    /// The value with every object's keys sorted.
    private func canonical(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let elements): .array(elements.map(canonical))
        case .object(let object):
            .object(JSONObject(object.sorted { $0.key < $1.key }.map { ($0.key, canonical($0.value)) }))
        default: value
        }
    }

    @Test func keysAreInFieldOrder() throws {
        let json = String(
            decoding: try ResultEncoder.encode(GitStatusResult(success: true, clean: true, fileCount: 0, files: [])),
            as: UTF8.self)
        #expect(json == #"{"success":true,"clean":true,"file_count":0,"files":[]}"#)
    }

    @Test func resultsEncodeAsJSONEncoderDid() throws {
        try expectSameJSON(
            GitStatusResult(
                success: true, clean: false, fileCount: 2,
                files: [
                    GitFileStatus(file: "src/a.py", status: "modified", staged: true),
                    GitFileStatus(file: Self.awkwardText, status: "added", staged: false),
                ]))
        try expectSameJSON(GitStatusResult(success: false, clean: true, fileCount: 0, files: [], parseError: "bad"))
        try expectSameJSON(
            GitDiffResult(
                success: true, fileCount: 1, additions: 3, deletions: -1,
                files: [DiffFile(file: "x", additions: 3, deletions: 0, hunks: ["@@ -1 +1 @@\n-a\n+b"])]))
        try expectSameJSON(
            GitLogResult(
                success: true, commits: [GitCommit(hash: "abc", message: "m", author: nil, date: "2026")],
                commitCount: 1))
        try expectSameJSON(
            RuffResult(
                success: false, violationCount: 1, fixableCount: 1,
                violations: [RuffViolation(file: "a.py", line: 1, column: 8, code: "F401", message: "m", fixable: true)]))
        try expectSameJSON(
            TypeCheckResult(
                success: false, errorCount: 1, warningCount: 0,
                errors: [
                    TypeCheckError(file: "a.py", line: 2, column: 3, severity: "error", code: "x", message: "y")
                ]))
        try expectSameJSON(Self.awkwardText)
        try expectSameJSON("")
    }

    @Test(arguments: [0.0, 0.5, 1.0, 2.25, 1e-7, 123456.789, 1e21, 0.1 + 0.2, -3.0])
    func doublesEncodeAsJSONEncoderDid(duration: Double) throws {
        try expectSameJSON(
            TestResult(
                success: true, passed: 1, failed: 0, errors: 0, skipped: 0, duration: duration,
                tests: [TestCase(name: "t", outcome: "passed", duration: duration)]))
    }

    @Test func nonFiniteNumbersAreRefused() {
        #expect(throws: EncodingError.self) {
            _ = try ResultEncoder.encode(TestCase(name: "t", outcome: "passed", duration: .infinity))
        }
    }

    /// An object with one key spelled as given, to compare key conversions.
    struct OneKey: Encodable {
        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        let key: String

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(1, forKey: Key(stringValue: key))
        }
    }

    @Test func snakeCaseKeysMatchFoundation() throws {
        for key in ["fileCount", "parseError", "myURLValue", "a", "isHTTP2Ready", "already_snake", "aB"] {
            try expectSameJSON(OneKey(key: key))
        }
        #expect(SnakeCaseKeys.snakeCased("fileCount") == "file_count")
        #expect(SnakeCaseKeys.snakeCased("myURLValue") == "my_url_value")
        #expect(SnakeCaseKeys.camelCased("max_count") == "maxCount")
        #expect(SnakeCaseKeys.camelCased("_private_key_") == "_privateKey_")
        #expect(SnakeCaseKeys.camelCased("plain") == "plain")
    }

    /// ASCII keys take a byte-level path: it must spell every shape of key as Foundation does
    /// (runs of capitals, digits, underscores, a capital at either end).
    @Test func asciiKeysMatchFoundationInEveryShape() throws {
        let pieces = ["a", "B", "cd", "EF", "g1", "H2", "_", "URL", "x", "Yz"]
        for first in pieces {
            for second in pieces {
                for third in pieces { try expectSameJSON(OneKey(key: first + second + third)) }
            }
        }
    }

    /// The samples the host prepares its coding paths with (built from the stubs) decode into every
    /// tool's Swift argument and result types, so no tool's first call pays that one-time work.
    @Test func everyToolsCodingIsPreparedFromTheStubSamples() {
        let registry = ToolRegistry.standard()
        #expect(registry.prepareCoding() == [])
        #expect(registry.implementedTools.count == 15)
    }

    /// A one-shot run prepares only the tools its program names (aliases count for their tool).
    @Test func theToolsAProgramNamesAreTheOnesPrepared() {
        let registry = ToolRegistry.standard()
        let program = "r = git_status('.')\ntext = read_text_file('a.py')\nprint(r.clean, len(text))\n"
        #expect(registry.toolsNamed(in: program) == ["git_status", "read_file"])
        #expect(registry.toolsNamed(in: "print(1)\n").isEmpty)
        #expect(registry.prepareCoding(calledIn: program) == [])
    }

    @Test func argumentsDecodeFromSnakeCase() throws {
        let value = try #require(JSONParser.parse(#"{"command": "grep", "args": ["-n", "x"], "cwd": null}"#).value)
        let decoded = try JSONValueDecoder().decode(RunCommandTool.Arguments.self, from: value)
        #expect(decoded.command == "grep")
        #expect(decoded.args == ["-n", "x"])
        #expect(decoded.cwd == nil)
        let log = try JSONValueDecoder().decode(
            GitLogTool.Arguments.self, from: try #require(JSONParser.parse(#"{"path": ".", "count": 5.0}"#).value))
        #expect(log.count == 5)
        #expect(throws: DecodingError.self) {
            _ = try JSONValueDecoder().decode(
                GitLogTool.Arguments.self, from: try #require(JSONParser.parse(#"{"path": "."}"#).value))
        }
        #expect(throws: DecodingError.self) {
            _ = try JSONValueDecoder().decode(
                GitLogTool.Arguments.self, from: try #require(JSONParser.parse(#"{"path": 1, "count": 1}"#).value))
        }
    }
}
