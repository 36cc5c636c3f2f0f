import CodeMode
import Foundation
import Testing

/// Every tool-call turn of the Punie sample corpus parses, with the code the model wrote.
@Suite struct PunieCorpusTests {
    struct Message: Decodable {
        var role: String
        var content: String
    }

    struct Conversation: Decodable {
        var messages: [Message]
    }

    static func assistantTurns() throws -> [String] {
        let url = ParsingTestSupport.testsFolder.appendingPathComponent("Fixtures/punie-sample.jsonl")
        let data = try #require(FileManager.default.contents(atPath: url.path))
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").flatMap { line in
            try JSONDecoder().decode(Conversation.self, from: Data(line.utf8)).messages
                .filter { $0.role == "assistant" }.map(\.content)
        }
    }

    /// The text between two markers, with the documented whitespace contract applied.
    static func between(_ text: String, _ open: String, _ close: String) -> String? {
        guard let start = text.range(of: open), let end = text.range(of: close, range: start.upperBound..<text.endIndex)
        else { return nil }
        var value = String(text[start.upperBound..<end.lowerBound])
        if value.hasPrefix("\n") { value.removeFirst() }
        if value.hasSuffix("\n") { value.removeLast() }
        return value
    }

    @Test func everyToolCallTurnParses() throws {
        let turns = try Self.assistantTurns()
        var counts: [ToolCallFormat: Int] = [:]
        var answerTurns = 0
        for turn in turns {
            let result = ToolCallParser().parse(turn)
            let hasCall = turn.contains("<tool_call>") || turn.contains("```json")
            guard hasCall else {
                answerTurns += 1
                #expect(result.calls.isEmpty, "an answer turn yielded a call: \(turn.prefix(200))")
                continue
            }
            #expect(result.calls.count == 1, "\(turn.prefix(300))")
            #expect(!result.hasErrors, "\(result.allDiagnostics) in \(turn.prefix(300))")
            guard let call = result.calls.first else { continue }
            counts[call.format, default: 0] += 1
            switch call.format {
            case .qwen3XML:
                #expect(call.code == Self.between(turn, "<parameter=code>", "</parameter>"))
            case .bare:
                #expect(call.code == Self.between(turn, "<tool_call>", "</tool_call>"))
            default:
                #expect(!call.name.isEmpty)
            }
        }
        // The corpus README's counts: 237 XML, 31 bare, 16 fenced JSON, 3 JSON in tags + 1 malformed.
        #expect(counts == [.qwen3XML: 237, .bare: 31, .fence: 16, .hermesJSON: 4])
        #expect(answerTurns == 143)
    }
}
