import Foundation
import Testing

@testable import CodeMode

/// Reading every transcript shape, and reporting malformed lines without stopping.
@Suite struct ReplayTranscriptReaderTests {
    func read(_ text: String) -> TranscriptReadResult {
        TranscriptReader().read(Array(text.utf8), source: "t.jsonl")
    }

    @Test func messagesWithToolResponses() throws {
        let line = #"{"messages": [{"role": "user", "content": "go"}, {"role": "assistant", "content": "<tool_call>print(1)</tool_call>"}, {"role": "user", "content": "<tool_response>\n1\n</tool_response>"}, {"role": "assistant", "content": "done"}]}"#
        let result = read(line + "\n")
        let transcript = try #require(result.transcripts.first)
        #expect(transcript.format == .messages)
        #expect(transcript.line == 1)
        #expect(transcript.turns.map(\.index) == [1, 3])
        #expect(transcript.turns[0].responses == [ToolResponse(body: "1")])
        #expect(transcript.turns[1].responses.isEmpty)
    }

    @Test func toolResultPrefixAndToolRole() throws {
        let line = #"{"messages": [{"role": "assistant", "content": "a"}, {"role": "user", "content": "Tool result: x = 1"}, {"role": "assistant", "content": "b"}, {"role": "tool", "content": "raw"}]}"#
        let transcript = try #require(read(line).transcripts.first)
        #expect(transcript.turns[0].responses.map(\.body) == ["x = 1"])
        #expect(transcript.turns[1].responses.map(\.body) == ["raw"])
    }

    @Test func openAIToolCallsAnsweredByID() throws {
        let line = #"{"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "execute_code", "arguments": "{\"code\": \"print(2)\"}"}}]}, {"role": "tool", "tool_call_id": "c1", "content": "2"}]}"#
        let transcript = try #require(read(line).transcripts.first)
        #expect(transcript.format == .openai)
        let turn = try #require(transcript.turns.first)
        #expect(turn.responses == [ToolResponse(callID: "c1", body: "2")])
        let parse = ToolCallParser().parse(turn.output)
        #expect(parse.calls.map(\.format) == [.openai])
        #expect(parse.calls.first?.program == "print(2)")
        #expect(ReplayEngine.response(for: parse.calls.first, at: 0, in: turn.responses)?.body == "2")
    }

    @Test func chatMLText() throws {
        let text = "<|im_start|>system\\nS<|im_end|>\\n<|im_start|>user\\nQ<|im_end|>\\n<|im_start|>assistant\\n<tool_call>print(3)</tool_call><|im_end|>\\n<|im_start|>user\\n<tool_response>\\n3\\n</tool_response><|im_end|>\\n"
        let transcript = try #require(read(#"{"text": ""# + text + #""}"#).transcripts.first)
        #expect(transcript.format == .chatml)
        #expect(transcript.turns.count == 1)
        #expect(transcript.turns[0].output == "<tool_call>print(3)</tool_call>")
        #expect(transcript.turns[0].responses.map(\.body) == ["3"])
    }

    @Test func runRecordsRoundTrip() throws {
        let record = RunRecord(
            modelOutput: "<tool_call>print(read_file('a'))</tool_call>", program: "print(read_file('a'))",
            toolCalls: [
                RunRecordCall(name: "read_file", arguments: .object(JSONObject([("path", .string("a"))])), result: .string("x\n"), error: nil),
                RunRecordCall(name: "git_status", arguments: .object(JSONObject()), result: nil, error: .init(code: "not_found", message: "no")),
            ],
            status: .ok, response: "x\n\n")
        let result = read(String(decoding: record.line, as: UTF8.self))
        let transcript = try #require(result.transcripts.first)
        #expect(transcript.format == .record)
        #expect(transcript.turns.first?.recorded == record)
        #expect(transcript.turns.first?.responses.first?.body == "x\n\n")
    }

    @Test func malformedLinesAreReportedWithTheirNumberAndSkipped() {
        let good = #"{"messages": [{"role": "assistant", "content": "hi"}]}"#
        let text = [good, "{not json", "", #"{"other": 1}"#, #"{"messages": [{"content": "no role"}]}"#, good].joined(separator: "\n")
        let result = read(text)
        #expect(result.transcripts.map(\.line) == [1, 6])
        #expect(result.malformed.map(\.line) == [2, 4, 5])
        #expect(result.malformed.allSatisfy { $0.source == "t.jsonl" && !$0.message.isEmpty })
    }

    @Test func responseComparison() {
        #expect(ResponseMatch.compare("a\n", "a", exactBytes: false) == .exact)
        #expect(ResponseMatch.compare("a\n", "a", exactBytes: true) == .whitespace)
        #expect(ResponseMatch.compare("a  b\n", "a b", exactBytes: false) == .whitespace)
        #expect(ResponseMatch.compare("a", "b", exactBytes: false) == .different)
    }
}
