import CodeMode
import Foundation
import Testing

/// Property tests: no input crashes the parser, streaming equals whole-text parsing for any chunking,
/// and concatenated valid outputs yield all their calls.
@Suite struct ToolCallPropertyTests {
    /// Fragments that exercise every format's edge, for random and mutated inputs.
    static let fragments: [String] = [
        "<tool_call>", "</tool_call>", "<function=", "execute_code>", "typecheck>", "</function>", "<parameter=",
        "code>", "path>", "</parameter>", "<think>", "</think>", "[TOOL_CALLS]", "[ARGS]", "[CALL_ID]", "```json\n",
        "```python\n", "```\n", "{", "}", "[", "]", "\"", "'", "'''", "\"\"\"", "\\", "\\n", ",", ":", "\n", " ",
        "#", "print(1)", "\"name\": \"read_file\"", "\"arguments\": {", "<", ">", "é", "🎉", "null", "42",
    ]

    static func randomInput(_ generator: inout SplitMix64) -> [UInt8] {
        var bytes: [UInt8] = []
        let pieces = Int.random(in: 0...60, using: &generator)
        for _ in 0..<pieces {
            if Int.random(in: 0..<5, using: &generator) == 0 {
                bytes.append(UInt8.random(in: 0...255, using: &generator))
            } else {
                bytes += Array(fragments[Int.random(in: 0..<fragments.count, using: &generator)].utf8)
            }
        }
        return bytes
    }

    static func randomChunks(_ generator: inout SplitMix64) -> [Int] {
        (0..<8).map { _ in Int.random(in: 1...12, using: &generator) }
    }

    static func goldenInputs() -> [(name: String, bytes: [UInt8])] {
        ToolCallGoldenCase.all.compactMap { golden in
            FileManager.default.contents(atPath: golden.inputURL.path).map { (golden.id, Array($0)) }
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func randomInputsNeverCrashAndStreamLikeWholeText() {
        var generator = SplitMix64(seed: 0x5EED)
        for _ in 0..<1500 {
            let input = Self.randomInput(&generator)
            let whole = ToolCallParser().parse(input)
            let streamed = ParsingTestSupport.parseStreaming(input, chunkSizes: Self.randomChunks(&generator))
            #expect(streamed.result == whole, "input: \(Array(input))")
            for call in whole.calls { #expect(call.range.upperBound <= input.count) }
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func mutatedGoldensNeverCrashAndStreamLikeWholeText() {
        var generator = SplitMix64(seed: 42)
        for (name, original) in Self.goldenInputs() {
            for _ in 0..<25 {
                var input = original
                for _ in 0..<Int.random(in: 1...3, using: &generator) {
                    Self.mutate(&input, &generator)
                }
                let fenced = ParseOptions(fencedCode: Bool.random(using: &generator))
                let whole = ToolCallParser(options: fenced).parse(input)
                let streamed = ParsingTestSupport.parseStreaming(
                    input, options: fenced, chunkSizes: Self.randomChunks(&generator))
                #expect(streamed.result == whole, "mutated \(name): \(String(decoding: input, as: UTF8.self))")
            }
        }
    }

    static func mutate(_ input: inout [UInt8], _ generator: inout SplitMix64) {
        guard !input.isEmpty else {
            input = Array(fragments[0].utf8)
            return
        }
        let position = Int.random(in: 0..<input.count, using: &generator)
        switch Int.random(in: 0..<6, using: &generator) {
        case 0: input.removeSubrange(position..<min(input.count, position + Int.random(in: 1...12, using: &generator)))
        case 1: input.insert(contentsOf: fragments[Int.random(in: 0..<fragments.count, using: &generator)].utf8, at: position)
        case 2: input[position] = UInt8.random(in: 0...255, using: &generator)
        case 3: input.removeSubrange(position...)
        case 4:
            let end = min(input.count, position + Int.random(in: 1...40, using: &generator))
            input.insert(contentsOf: input[position..<end], at: position)
        default: input.insert(contentsOf: [0xE2, 0x82], at: position)  // a cut UTF-8 sequence
        }
    }

    @Test func concatenatedValidOutputsYieldAllTheirCalls() {
        // Valid outputs: goldens that parse without any diagnostic (leading-JSON formats excluded,
        // because an OpenAI message or bare JSON call is only recognised at the start).
        let valid = Self.goldenInputs().filter { name, bytes in
            !name.hasPrefix("openai") && !name.hasPrefix("bare-json") && !name.hasPrefix("forced")
                && !name.hasPrefix("fence-python-forced") && ToolCallParser().parse(bytes).allDiagnostics.isEmpty
        }
        #expect(valid.count >= 15)
        var generator = SplitMix64(seed: 7)
        for _ in 0..<200 {
            let picks = (0..<Int.random(in: 2...6, using: &generator)).map { _ in
                valid[Int.random(in: 0..<valid.count, using: &generator)]
            }
            let combined = Array(picks.map(\.bytes).joined(separator: Array("\n".utf8)))
            let expected = picks.flatMap { ToolCallParser().parse($0.bytes).calls }
            let actual = ToolCallParser().parse(combined)
            #expect(actual.calls.map(\.name) == expected.map(\.name), "\(picks.map(\.name))")
            #expect(actual.calls.map(\.arguments) == expected.map(\.arguments), "\(picks.map(\.name))")
            #expect(actual.calls.map(\.format) == expected.map(\.format), "\(picks.map(\.name))")
            #expect(actual.allDiagnostics.isEmpty, "\(picks.map(\.name))")
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func megabyteOutputs() throws {
        let line = "    total += compute(value, \"</parameter>\" if flag else '<tool_call>')  # it's fine\n"
        let code = String(repeating: line, count: 15_000)
        let text = "<tool_call><function=execute_code><parameter=code>\n\(code)</parameter></function></tool_call>"
        let whole = ToolCallParser().parse(text)
        let call = try #require(whole.calls.first)
        #expect(call.code == String(code.dropLast()))
        // One-byte chunks of a megabyte call still finish promptly: no rescanning per chunk.
        let streamed = ParsingTestSupport.parseStreaming(Array(text.utf8), chunkSizes: [1, 3, 2])
        #expect(streamed.result == whole)

        let garbage = Array(repeating: UInt8(ascii: "<"), count: 1_000_000) + Array(repeating: 0xFF, count: 1000)
        #expect(ToolCallParser().parse(garbage).calls.isEmpty)
        let nested = "<tool_call>" + String(repeating: "[", count: 500_000) + "</tool_call>"
        #expect(ToolCallParser().parse(nested).calls.isEmpty)
        let unclosed = "<tool_call>" + String(repeating: "x = '''", count: 100_000)
        #expect(ToolCallParser().parse(unclosed).calls.count == 1)
    }
}
