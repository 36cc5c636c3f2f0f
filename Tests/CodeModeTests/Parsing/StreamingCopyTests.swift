import CodeMode
import Testing

/// A streaming parser is a value: a copy taken in the middle of a call continues independently.
/// (The engine keeps large per-call states in copy-on-write boxes; this checks they are never shared.)
@Suite struct StreamingCopyTests {
    static let formats: [(prefix: String, first: String, second: String)] = [
        ("<tool_call>\n<function=execute_code>\n<parameter=code>\nx = 1\n", "print(x)\n</parameter>\n</function>\n</tool_call>",
            "print('copy')\n</parameter>\n</function>\n</tool_call>"),
        ("<tool_call>\nx = 1\n", "print(x)\n</tool_call>", "print('copy')\n</tool_call>"),
        ("<tool_call>\n{\"name\": \"read_file\", \"arguments\": {\"path\": \"a", ".py\"}}\n</tool_call>",
            "_copy.py\"}}\n</tool_call>"),
        ("[TOOL_CALLS]read_file[ARGS]{\"path\": \"a", ".py\"}", "_copy.py\"}"),
    ]

    @Test func copiesTakenMidCallAreIndependent() {
        for (prefix, first, second) in Self.formats {
            var original = StreamingToolCallParser()
            _ = original.feed(prefix)
            var copy = original
            _ = original.feed(first)
            _ = copy.feed(second)
            _ = original.finish()
            _ = copy.finish()
            #expect(original.result == ToolCallParser().parse(prefix + first), "\(prefix + first)")
            #expect(copy.result == ToolCallParser().parse(prefix + second), "\(prefix + second)")
        }
    }
}
