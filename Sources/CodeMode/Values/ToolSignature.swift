/// The declared signature of one Code Mode tool, read from stubs/tools.py.
public struct ToolSignature: Sendable, Hashable {
    /// The tool's name as Python code calls it.
    public var name: String
    /// Parameters in declaration order.
    public var parameters: [ToolParameter]
    /// The return annotation as written: `str` or a model name such as `TypeCheckResult`.
    public var returnType: String
    /// The docstring, without indentation.
    public var docstring: String

    public init(name: String, parameters: [ToolParameter], returnType: String, docstring: String) {
        self.name = name
        self.parameters = parameters
        self.returnType = returnType
        self.docstring = docstring
    }

    /// The parameter named `name`, if declared.
    public func parameter(named name: String) -> ToolParameter? {
        parameters.first { $0.name == name }
    }

    /// True when the tool returns a result model rather than plain text.
    public var returnsModel: Bool { returnType != "str" }
}

/// One declared tool parameter.
public struct ToolParameter: Sendable, Hashable {
    /// The parameter name.
    public var name: String
    /// The declared type.
    public var type: StubType
    /// The default value, or nil when the parameter is required.
    public var defaultValue: JSONValue?

    public init(name: String, type: StubType, defaultValue: JSONValue?) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
    }

    /// True when a caller must pass this parameter.
    public var isRequired: Bool { defaultValue == nil }
}

/// The types stubs may declare for parameters and model fields.
public indirect enum StubType: Sendable, Hashable, CustomStringConvertible {
    case string
    case int
    case float
    case bool
    case list(StubType)
    case optional(StubType)
    /// A result model declared in stubs/models.py, by class name.
    case model(String)

    /// The annotation as Python spells it (`list[str] | None`).
    public var description: String {
        switch self {
        case .string: "str"
        case .int: "int"
        case .float: "float"
        case .bool: "bool"
        case .list(let element): "list[\(element)]"
        case .optional(let wrapped): "\(wrapped) | None"
        case .model(let name): name
        }
    }
}
