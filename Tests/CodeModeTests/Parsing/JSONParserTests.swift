import CodeMode
import Testing

@Suite struct JSONParserTests {
    @Test func keepsKeyOrder() throws {
        let value = try #require(JSONParser.parse(#"{"b": 1, "a": [true, null, 2.5, "x"], "c": {"z": 0, "y": -3}}"#).value)
        let object = try #require(value.objectValue)
        #expect(object.keys == ["b", "a", "c"])
        #expect(object["c"]?.objectValue?.keys == ["z", "y"])
        #expect(object["a"] == .array([.bool(true), .null, .double(2.5), .string("x")]))
        #expect(object["c"]?.objectValue?["y"] == .int(-3))
    }

    @Test func strictRejectsWhatLenientRepairs() {
        let text = #"{"a": [1, 2,], "b": "it\'s",}  trailing"#
        let strict = JSONParser.parse(text)
        #expect(strict.value == nil)
        #expect(strict.error?.offset == 12)
        let lenient = JSONParser.parse(text, options: .lenient)
        #expect(lenient.value?.objectValue?["b"] == .string("it's"))
        #expect(Set(lenient.issues.map(\.kind)) == [.trailingComma, .invalidEscape, .trailingText])
    }

    @Test func reportsErrorPositions() {
        let outcome = JSONParser.parse(#"{"a": tru}"#)
        #expect(outcome.value == nil)
        #expect(outcome.error?.offset == 6)
        #expect(JSONParser.parse(#"{"a": "unterminated"#).error?.message == "unterminated string")
    }

    @Test func escapesAndSurrogates() {
        let outcome = JSONParser.parse(#"["\u00e9\n\t\"\\\/", "\ud83c\udf89", "\ud800x"]"#)
        #expect(outcome.value == .array([.string("é\n\t\"\\/"), .string("🎉"), .string("\u{FFFD}x")]))
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let outcome = JSONParser.parse(deep)
        #expect(outcome.value == nil)
        #expect(outcome.error?.message == "JSON nested too deeply")
    }

    @Test func pythonLiterals() {
        let outcome = JSONParser.parse("['a', True, None, 3,]", options: .python)
        #expect(outcome.value == .array([.string("a"), .bool(true), .null, .int(3)]))
    }

    @Test func numbers() {
        #expect(JSONParser.parse("[0, -12, 1.5e3, 1E-2, 99999999999999999999]").value
            == .array([.int(0), .int(-12), .double(1500), .double(0.01), .double(1e20)]))
        #expect(JSONParser.parse("01").error != nil)
        #expect(JSONParser.parse("-").error != nil)
    }

    @Test func invalidUTF8IsReplacedAndReported() {
        let outcome = JSONParser.parse([0x22, 0x61, 0xFF, 0x22])
        #expect(outcome.value == .string("a\u{FFFD}"))
        #expect(outcome.issues.map(\.kind) == [.invalidUTF8])
    }
}
