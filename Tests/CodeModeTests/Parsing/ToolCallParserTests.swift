import CodeMode
import Testing

@Suite struct ToolCallParserTests {
    let parser = ToolCallParser()

    // MARK: - Whitespace contract

    struct WhitespaceCase: Sendable, CustomTestStringConvertible {
        var id: String
        var value: String
        var expected: String
        var testDescription: String { id }
    }

    static let whitespaceCases: [WhitespaceCase] = [
        WhitespaceCase(id: "one newline each side", value: "\nx = 1\n", expected: "x = 1"),
        WhitespaceCase(id: "only the first and last newline", value: "\n\nx = 1\n\n", expected: "\nx = 1\n"),
        WhitespaceCase(id: "no newlines", value: "x = 1", expected: "x = 1"),
        WhitespaceCase(id: "crlf counts as one newline", value: "\r\nx = 1\r\n", expected: "x = 1"),
        WhitespaceCase(id: "spaces are kept", value: "  x = 1  ", expected: "  x = 1  "),
        WhitespaceCase(id: "indentation is kept", value: "\n    if x:\n        y()\n", expected: "    if x:\n        y()"),
        WhitespaceCase(id: "trailing spaces after the newline are kept", value: "\nx\n  ", expected: "x\n  "),
        WhitespaceCase(id: "a lone newline becomes empty", value: "\n", expected: ""),
    ]

    @Test(arguments: whitespaceCases)
    func parameterWhitespace(_ testCase: WhitespaceCase) throws {
        let text = "<tool_call><function=execute_code><parameter=code>\(testCase.value)</parameter></function></tool_call>"
        let call = try #require(parser.parse(text).calls.first)
        #expect(call.code == testCase.expected)
    }

    @Test func bareCodeFollowsTheSameContract() throws {
        let call = try #require(parser.parse("<tool_call>\n\n  x = 1\n\n</tool_call>").calls.first)
        #expect(call.code == "\n  x = 1\n")
        #expect(call.format == .bare)
    }

    // MARK: - Detection

    @Test func formatsAreDetectedPerCall() {
        let text = """
            <tool_call><function=typecheck><parameter=path>src/</parameter></function></tool_call>
            <tool_call>{"name": "ruff_check", "arguments": {"path": "src/"}}</tool_call>
            <tool_call>print(1)</tool_call>
            [TOOL_CALLS]pytest_run[ARGS]{"path": "tests/"}
            """
        let result = parser.parse(text)
        #expect(result.calls.map(\.format) == [.qwen3XML, .hermesJSON, .bare, .mistral])
        #expect(result.calls.map(\.name) == ["typecheck", "ruff_check", "execute_code", "pytest_run"])
        #expect(result.allDiagnostics.isEmpty)
    }

    @Test func forcedFormatDropsOtherFormats() {
        let text = "<tool_call>{\"name\": \"git_status\", \"arguments\": {}}</tool_call>[TOOL_CALLS]git_status[ARGS]{}"
        let result = ToolCallParser(options: ParseOptions(format: .mistral)).parse(text)
        #expect(result.calls.map(\.format) == [.mistral])
        let forcedHermes = ToolCallParser(options: ParseOptions(format: .hermesJSON)).parse(text)
        #expect(forcedHermes.calls.map(\.format) == [.hermesJSON])
        #expect(forcedHermes.text.contains("[TOOL_CALLS]"))
    }

    @Test func pythonFencesAreCallsOnlyWhenAskedFor() {
        let text = "Run this:\n```python\nprint(git_status().clean)\n```\n"
        #expect(parser.parse(text).calls.isEmpty)
        let fenced = ToolCallParser(options: ParseOptions(fencedCode: true)).parse(text)
        #expect(fenced.calls.first?.code == "print(git_status().clean)")
        #expect(fenced.calls.first?.format == .fence)
        #expect(fenced.text == "Run this:\n\n")
    }

    @Test func sourceRangesAreUTF8ByteOffsets() throws {
        let text = "héllo <tool_call>print(1)</tool_call>"
        let call = try #require(parser.parse(text).calls.first)
        let bytes = Array(text.utf8)
        #expect(String(decoding: bytes[call.range], as: UTF8.self) == "<tool_call>print(1)</tool_call>")
    }

    @Test func thinkSectionsAreSkipped() {
        let result = parser.parse("<think>use <tool_call>print(0)</tool_call>?</think>Answer.")
        #expect(result.calls.isEmpty)
        #expect(result.text == "Answer.")
        #expect(result.reasoning == "use <tool_call>print(0)</tool_call>?")
    }

    @Test func typedParametersAreConverted() throws {
        let text = """
            <tool_call><function=git_log><parameter=path>
            .
            </parameter><parameter=count>
            7
            </parameter></function></tool_call>
            """
        let call = try #require(parser.parse(text).calls.first)
        #expect(call.arguments["count"] == .int(7))
        #expect(call.arguments["path"] == .string("."))
        #expect(call.arguments.keys == ["path", "count"])
    }

    // MARK: - Programs

    @Test func directCallsBecomeOneLinePrograms() throws {
        let text = "<tool_call><function=typecheck><parameter=path>src/</parameter></function></tool_call>"
        let call = try #require(parser.parse(text).calls.first)
        #expect(call.program == "print(typecheck(path='src/'))")
    }

    @Test func programLiteralsAreEscaped() {
        var arguments = JSONObject()
        arguments["command"] = .string("echo 'hi'\n\\")
        arguments["args"] = .array([.string("-n"), .int(3), .bool(true), .null, .double(2.5)])
        let call = ToolCall(name: "run_command", arguments: arguments, format: .hermesJSON, range: 0..<0)
        #expect(call.program == #"print(run_command(command='echo \'hi\'\n\\', args=['-n', 3, True, None, 2.5]))"#)
    }

    @Test func callsWithErrorsHaveNoProgram() {
        let result = parser.parse("<tool_call><function=execute_code><parameter=code>print(")
        #expect(result.calls.count == 1)
        #expect(result.calls.first?.hasErrors == true)
        #expect(result.programs.isEmpty)
    }

    // MARK: - Streaming

    @Test func streamingEmitsEachCallAsSoonAsItIsComplete() {
        var streaming = StreamingToolCallParser()
        var update = streaming.feed("Checking.\n<tool_call><function=execute_code><parameter=code>\nprint(1)\n")
        #expect(update.calls.isEmpty)
        #expect(update.text == "Checking.\n")
        update = streaming.feed("</parameter></function></tool_call>")
        #expect(update.calls.map(\.code) == ["print(1)"])
        update = streaming.feed(" and <tool_call>print(2)</tool_")
        #expect(update.calls.isEmpty)
        #expect(update.text == " and ")
        update = streaming.feed("call>")
        #expect(update.calls.map(\.code) == ["print(2)"])
        update = streaming.finish()
        #expect(update.calls.isEmpty)
        #expect(streaming.result.calls.count == 2)
    }

    @Test func streamingNeverSplitsUTF8() {
        let text = Array("naïve 日本 🎉 <tool_call>print('é')</tool_call>".utf8)
        let streamed = ParsingTestSupport.parseStreaming(text, chunkSizes: [1])
        #expect(streamed.updates.allSatisfy { !$0.text.contains("\u{FFFD}") })
        #expect(streamed.updates.map(\.text).joined() == "naïve 日本 🎉 ")
    }

    // MARK: - JSON rendering

    @Test func resultRoundTripsThroughCodable() throws {
        let result = parser.parse("<tool_call>{\"name\": \"read_file\", \"arguments\": {\"path\": \"a\"}}</tool_call>")
        let json = try ParsingTestSupport.goldenJSON(result)
        #expect(json.contains("\"format\" : \"hermes_json\""))
        #expect(json.contains("\"start\" : 0"))
    }
}
