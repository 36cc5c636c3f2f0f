/// How `ToolCallParser` and `StreamingToolCallParser` read model output.
public struct ParseOptions: Sendable, Hashable {
    /// Only accept calls in this format; nil (the default) detects the format of each call.
    ///
    /// A call written in another format is not returned; a `format_mismatch` diagnostic says where it was.
    public var format: ToolCallFormat?
    /// Treat ```` ```python ```` (and ```` ```py ````) fenced blocks as `execute_code` calls.
    ///
    /// Off by default, because answers quote Python in fences all the time; forcing `.fence` turns it on.
    /// Fenced ```` ```json ```` blocks holding a `{"name": …, "arguments": …}` object are always calls.
    public var fencedCode: Bool

    /// Creates options.
    public init(format: ToolCallFormat? = nil, fencedCode: Bool = false) {
        self.format = format
        self.fencedCode = fencedCode
    }

    // MARK: - Which syntaxes are scanned

    var scansTags: Bool {
        switch format {
        case nil, .qwen3XML, .hermesJSON, .bare: true
        default: false
        }
    }

    var scansMistral: Bool { format == nil || format == .mistral }

    var scansFences: Bool { format == nil || format == .fence }

    var acceptsPythonFences: Bool { fencedCode || format == .fence }

    var scansLeadingJSON: Bool { format == nil || format == .openai || format == .hermesJSON }
}
