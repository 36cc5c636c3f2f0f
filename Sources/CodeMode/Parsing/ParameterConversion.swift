// Converting Qwen3 XML parameter text to the types declared in stubs/.

extension ParserEngine {
    struct ConversionProblem {
        var code: ParseDiagnostic.Code
        var message: String
    }

    /// Converts the text of a `<parameter=…>` to the declared type of that parameter.
    ///
    /// Unknown tools and undeclared parameters keep the text; so does a value that does not fit its
    /// declared type (with a `type_mismatch` problem), rather than guessing.
    func convertParameter(_ name: String, raw: String, function: String) -> (
        value: JSONValue, problem: ConversionProblem?
    ) {
        let type: StubType
        if function == ToolCall.executeCodeName {
            guard name == "code" else {
                return (
                    .string(raw),
                    ConversionProblem(
                        code: .unknownParameter,
                        message: "execute_code takes only 'code'; parameter '\(name)' is kept as a string")
                )
            }
            return (.string(raw), nil)  // code is a string, kept as written
        } else if let tool = catalog.tool(named: function) {
            guard let parameter = tool.parameter(named: name) else {
                return (
                    .string(raw),
                    ConversionProblem(
                        code: .unknownParameter,
                        message: "\(tool.name) declares no parameter '\(name)'; the value is kept as a string")
                )
            }
            type = parameter.type
        } else {
            return (.string(raw), nil)
        }
        if let value = Self.convert(raw, to: type) { return (value, nil) }
        return (
            .string(raw),
            ConversionProblem(
                code: .typeMismatch, message: "parameter '\(name)' is not a valid \(type); the value is kept as a string")
        )
    }

    static func convert(_ raw: String, to type: StubType) -> JSONValue? {
        // Strings are kept as written: only the other types need the trimmed text.
        if case .string = type { return .string(raw) }
        if case .model = type { return .string(raw) }
        let trimmed = raw.trimmingASCIIWhitespace()
        switch type {
        case .string, .model:
            return .string(raw)
        case .optional(let wrapped):
            if trimmed == "None" || trimmed == "null" { return .null }
            return convert(raw, to: wrapped)
        case .int:
            return Int(trimmed).map(JSONValue.int)
        case .float:
            guard let value = Double(trimmed), value.isFinite else { return nil }
            return .double(value)
        case .bool:
            switch trimmed.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: return nil
            }
        case .list:
            let outcome = JSONParser.parse(Array(trimmed.utf8), options: .python)
            guard case .array? = outcome.value else { return nil }
            return outcome.value
        }
    }
}

extension String {
    /// The string without leading and trailing ASCII whitespace.
    func trimmingASCIIWhitespace() -> String {
        let utf8 = self.utf8
        guard let first = utf8.firstIndex(where: { !$0.isASCIIWhitespace }),
            let last = utf8.lastIndex(where: { !$0.isASCIIWhitespace })
        else { return "" }
        return String(self[first...last])
    }
}
