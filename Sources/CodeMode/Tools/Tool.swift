/// A Code Mode tool implemented in Swift, declared once in stubs/tools.py.
///
/// Arguments arrive already checked against the stub signature (names, types, defaults) and are
/// decoded into `Arguments`; the result is encoded to JSON and becomes an instance of the stub's
/// model class in Python (or a `str` for text tools).
public protocol Tool: Sendable {
    /// The tool's arguments, decoded from the validated JSON object.
    associatedtype Arguments: Decodable & Sendable
    /// The tool's result: a result model, or `String` for text tools.
    associatedtype Output: Encodable & Sendable

    /// The canonical name, as declared in stubs/tools.py.
    static var name: String { get }

    /// Runs the tool.
    /// - Throws: `ToolError` for anything that keeps the tool from producing a result; the program
    ///   sees it as a Python `ToolError` with the same message.
    func run(_ arguments: Arguments, in context: ToolContext) throws(ToolError) -> Output
}
