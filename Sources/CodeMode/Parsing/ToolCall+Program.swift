// The Python program that runs a call: execute_code's code, or a direct typed call as one line.

extension ToolCall {
    /// The Python program that performs this call, or nil when it cannot be run.
    ///
    /// `execute_code` runs its code. A direct call to a typed tool (`typecheck(path="src/")` written as
    /// Qwen3 XML, JSON, …) runs as the one-line program `print(typecheck(path='src/'))`, with the
    /// arguments as Python literals in the order written, so both paths share one runtime.
    /// Nil for calls with error diagnostics, and for names that are not Python identifiers.
    public var program: String? {
        guard !hasErrors else { return nil }
        if isExecuteCode { return code }
        guard name.isPythonIdentifier else { return nil }
        let arguments = self.arguments.map { key, value in
            key.isPythonIdentifier ? "\(key)=\(value.pythonLiteral)" : nil
        }
        guard arguments.allSatisfy({ $0 != nil }) else { return nil }
        return "print(\(name)(\(arguments.compactMap { $0 }.joined(separator: ", "))))"
    }
}

extension ParseResult {
    /// The programs of the calls that can run, in order (see `ToolCall.program`).
    public var programs: [String] { calls.compactMap(\.program) }
}

extension JSONValue {
    /// The value in Python literal syntax: `'text'`, `3`, `2.5`, `True`, `None`, `[…]`, `{…}`.
    ///
    /// Strings use single quotes and Python escapes, as `repr` writes them.
    public var pythonLiteral: String {
        switch self {
        case .null: return "None"
        case .bool(let value): return value ? "True" : "False"
        case .int(let value): return String(value)
        case .double(let value):
            if value.isNaN { return "float('nan')" }
            if value.isInfinite { return value < 0 ? "float('-inf')" : "float('inf')" }
            if value == value.rounded(), abs(value) < 1e16 { return String(format: value) }
            return "\(value)"
        case .string(let value): return value.pythonRepr
        case .array(let values): return "[" + values.map(\.pythonLiteral).joined(separator: ", ") + "]"
        case .object(let object):
            return "{" + object.map { "\($0.key.pythonRepr): \($0.value.pythonLiteral)" }.joined(separator: ", ") + "}"
        }
    }
}

extension String {
    /// A single-quoted Python string literal for this text, escaped like `repr`.
    var pythonRepr: String {
        var result = "'"
        for scalar in unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "'": result += "\\'"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\x" + (hex.count == 1 ? "0" + hex : hex)
                } else if scalar.properties.generalCategory == .lineSeparator
                    || scalar.properties.generalCategory == .paragraphSeparator
                    || scalar.value == 0x85
                {
                    result += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                        + String(scalar.value, radix: 16)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "'"
    }

    /// True for an ASCII Python identifier that is not a keyword.
    var isPythonIdentifier: Bool {
        guard let first = utf8.first, first == UInt8(ascii: "_") || (first | 0x20 >= 0x61 && first | 0x20 <= 0x7A)
        else { return false }
        let valid = utf8.allSatisfy {
            $0 == UInt8(ascii: "_") || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39)
        }
        return valid && !pythonKeywords.contains(self)
    }
}

private let pythonKeywords: Set<String> = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
]

extension String {
    /// A whole-valued double as Python writes it: `3.0`.
    fileprivate init(format value: Double) {
        self = String(Int64(value)) + ".0"
    }
}
