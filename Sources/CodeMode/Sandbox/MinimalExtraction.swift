import Foundation

/// The Qwen3-Coder `execute_code` form only: `<tool_call><function=execute_code><parameter=code>
/// …</parameter></function></tool_call>`. Replaced by the full parser family.
enum MinimalExtraction {
    /// The code of the first execute_code call, with one leading and one trailing newline removed.
    static func executeCode(in text: String) -> String? {
        guard let call = text.range(of: "<tool_call>"),
            let function = text.range(of: "<function=execute_code>", range: call.upperBound..<text.endIndex),
            let parameter = text.range(of: "<parameter=code>", range: function.upperBound..<text.endIndex)
        else { return nil }
        let end = text.range(of: "</parameter>", range: parameter.upperBound..<text.endIndex)?.lowerBound ?? text.endIndex
        var code = Substring(text[parameter.upperBound..<end])
        if code.hasPrefix("\n") { code = code.dropFirst() }
        if code.hasSuffix("\n") { code = code.dropLast() }
        return String(code)
    }
}
