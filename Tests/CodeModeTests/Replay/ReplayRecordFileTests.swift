import Foundation
import Testing

@testable import CodeMode

/// The `--out` file: whole lines, resume truncating a partial last line.
@Suite struct ReplayRecordFileTests {
    func record(_ key: String) -> ReplayRecord {
        ReplayRecord(
            key: key, source: "s", line: 1, transcriptFormat: .messages, turn: 0, call: 0, format: .bare,
            tool: "execute_code", diagnostics: [], status: "ok")
    }

    @Test func appendsWholeLinesAndResumesAfterAPartialLine() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/out.jsonl"
        let file = try ReplayRecordFile(path: path, resume: false)
        try file.append(record("a"))
        try file.append(record("b"))
        file.close()
        // A kill in the middle of a write: half a line at the end.
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"key":"c","sou"#.utf8))
        try handle.close()
        let existing = try ReplayRecordFile.existingRecords(at: path)
        #expect(existing.map(\.key) == ["a", "b"])
        let text = try directory.read("out.jsonl")
        #expect(text.hasSuffix("\n"))
        #expect(text.split(separator: "\n").count == 2)
        let resumed = try ReplayRecordFile(path: path, resume: true)
        try resumed.append(record("c"))
        resumed.close()
        #expect(try ReplayRecordFile.existingRecords(at: path).map(\.key) == ["a", "b", "c"])
        // Without --resume the file starts again.
        try ReplayRecordFile(path: path, resume: false).close()
        #expect(try ReplayRecordFile.existingRecords(at: path).isEmpty)
    }

    @Test func everyKeyIsWrittenEvenWhenAbsent() throws {
        let line = String(decoding: ReplayRecordFile.line(record("k")), as: UTF8.self)
        #expect(line.contains(#""error_class":null"#))
        #expect(line.contains(#""response_match":null"#))
        #expect(line.hasSuffix("}\n"))
        #expect(line.dropLast().contains("\n") == false)
    }

    @Test func runRecordsKeepIntsFloatsAndKeyOrder() throws {
        let value = JSONValue.object(JSONObject([("b", .double(1.0)), ("a", .int(1)), ("s", .string("q\"\n\u{1}é"))]))
        let text = JSONText.string(value)
        #expect(text == #"{"b":1.0,"a":1,"s":"q\"\n\u0001é"}"#)
        #expect(JSONParser.parse(text).value == value)
    }
}
