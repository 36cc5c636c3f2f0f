/// A human-readable rendering of a parse result, for `punie-exec parse` without `--json`.
public enum ParseReport {
    /// One block per call (format, name, source range, arguments, diagnostics), then diagnostics
    /// outside calls and the length of the message text.
    public static func text(_ result: ParseResult) -> String {
        var lines: [String] = []
        if result.calls.isEmpty { lines.append("no tool calls") }
        for (index, call) in result.calls.enumerated() {
            lines.append(
                "call \(index + 1): \(call.name.isEmpty ? "(no name)" : call.name) [\(call.format.rawValue)] "
                    + "bytes \(call.range.lowerBound)..<\(call.range.upperBound)")
            for (key, value) in call.arguments {
                if call.isExecuteCode, key == "code", let code = value.stringValue {
                    lines.append("  code:")
                    lines.append(contentsOf: code.split(separator: "\n", omittingEmptySubsequences: false).map { "    | \($0)" })
                } else {
                    lines.append("  \(key) = \(value.pythonLiteral)")
                }
            }
            lines.append(contentsOf: call.diagnostics.map { "  \(describe($0))" })
        }
        lines.append(contentsOf: result.diagnostics.map(describe))
        let text = result.text.trimmingWhitespace()
        if !text.isEmpty { lines.append("message text: \(text.count) characters") }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func describe(_ diagnostic: ParseDiagnostic) -> String {
        "\(diagnostic.severity.rawValue) [\(diagnostic.code.rawValue)] line \(diagnostic.line), column \(diagnostic.column): \(diagnostic.message)"
    }
}
