/// A problem found in model output, with its position.
///
/// Malformed output is data, not an exception: the parsers recover what they honestly can and
/// describe the rest with diagnostics. `docs/parsing.md` lists every code with an example.
public struct ParseDiagnostic: Sendable, Hashable, Codable {
    /// What kind of problem this is; stable strings for JSON output and tests.
    public var code: Code
    /// `.error` when the affected call is incomplete or unreliable, `.warning` when it was recovered.
    public var severity: Severity
    /// A human-readable explanation naming the problem.
    public var message: String
    /// UTF-8 byte offset of the problem in the source.
    public var offset: Int
    /// 1-based line of `offset`.
    public var line: Int
    /// 1-based column of `offset`, counted in UTF-8 bytes.
    public var column: Int

    /// Creates a diagnostic.
    public init(code: Code, severity: Severity, message: String, offset: Int, line: Int, column: Int) {
        self.code = code
        self.severity = severity
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Hashable, Codable {
        /// The content was recovered faithfully; the output just did not follow the format exactly.
        case warning
        /// Content is missing or unreliable (truncation, unparseable JSON, empty code).
        case error
    }

    /// The kinds of problems the parsers report.
    public enum Code: String, Sendable, Hashable, Codable, CaseIterable {
        /// `<function=…>` without a preceding `<tool_call>`.
        case missingToolCallOpen = "missing_tool_call_open"
        /// A `<tool_call>` with no `</tool_call>`.
        case unclosedToolCall = "unclosed_tool_call"
        /// A `<function=…>` with no `</function>`.
        case unclosedFunction = "unclosed_function"
        /// A `<parameter=…>` with no `</parameter>`.
        case unclosedParameter = "unclosed_parameter"
        /// The output ends in the middle of a call.
        case truncated
        /// JSON that could not be parsed, even leniently.
        case invalidJSON = "invalid_json"
        /// JSON that parsed only after tolerating a mistake (trailing comma, bad escape, …).
        case repairedJSON = "repaired_json"
        /// Text after a JSON call body, before its closing tag.
        case trailingText = "trailing_text"
        /// Literal `\n` escape sequences around a JSON body, as if the text had been escaped twice.
        case escapedWhitespace = "escaped_whitespace"
        /// A closing tag inside a Python string literal, kept as code.
        case closingTagInString = "closing_tag_in_string"
        /// A function that is neither `execute_code` nor a tool declared in stubs/.
        case unknownFunction = "unknown_function"
        /// A parameter the tool does not declare.
        case unknownParameter = "unknown_parameter"
        /// A parameter given twice; the last value is kept.
        case duplicateParameter = "duplicate_parameter"
        /// A value that does not convert to the declared type; kept as a string.
        case typeMismatch = "type_mismatch"
        /// `execute_code` whose code is empty or whitespace.
        case emptyCode = "empty_code"
        /// `execute_code` without a `code` argument.
        case missingCode = "missing_code"
        /// A call whose arguments are not an object.
        case invalidArguments = "invalid_arguments"
        /// A call without a usable function name.
        case missingFunctionName = "missing_function_name"
        /// `<tool_call></tool_call>` with nothing inside.
        case emptyToolCall = "empty_tool_call"
        /// A closing tag with nothing open (`</tool_call>`, `</function>`, `</think>`, …).
        case strayClosingTag = "stray_closing_tag"
        /// Text inside a call where only tags belong; ignored.
        case strayText = "stray_text"
        /// `<think>` without `</think>`; the rest of the output is reasoning.
        case unclosedThink = "unclosed_think"
        /// A fenced block without its closing fence.
        case unclosedFence = "unclosed_fence"
        /// Bytes that are not valid UTF-8, replaced with U+FFFD.
        case invalidUTF8 = "invalid_utf8"
        /// A call in another format than the one forced by `ParseOptions.format`; not returned.
        case formatMismatch = "format_mismatch"
    }
}
