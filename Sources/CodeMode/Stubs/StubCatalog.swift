/// The tools and result models declared in stubs/, parsed once from the embedded stub sources.
///
/// stubs/ is the single source of truth: argument conversion in the parsers, the sandbox bindings,
/// the Swift result types (checked by tests) and the system-prompt text all derive from it.
public struct StubCatalog: Sendable {
    /// Every declared tool, in declaration order.
    public let tools: [ToolSignature]
    /// Alternative spellings: alias → canonical tool name.
    public let aliases: [String: String]
    /// Every declared result model, in declaration order.
    public let models: [ModelSchema]
    /// The source text of stubs/tools.py.
    public let toolsSource: String
    /// The source text of stubs/models.py.
    public let modelsSource: String

    private let toolIndex: [String: Int]
    private let modelIndex: [String: Int]

    /// The catalog of the stubs compiled into this build.
    public static let standard: StubCatalog = {
        let tools = String(decoding: PackageResources.tools_py, as: UTF8.self)
        let models = String(decoding: PackageResources.models_py, as: UTF8.self)
        return StubCatalog(toolsSource: tools, modelsSource: models)
    }()

    /// Parses stub sources written in the restricted style of stubs/ (see its header comments).
    public init(toolsSource: String, modelsSource: String) {
        self.toolsSource = toolsSource
        self.modelsSource = modelsSource
        let parsedTools = StubSourceReader.tools(in: toolsSource)
        tools = parsedTools
        aliases = StubSourceReader.aliases(in: toolsSource)
        models = StubSourceReader.models(in: modelsSource)
        toolIndex = Dictionary(parsedTools.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        modelIndex = Dictionary(models.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The canonical name for `name`, resolving aliases.
    public func canonicalName(_ name: String) -> String { aliases[name] ?? name }

    /// The signature of a tool, by name or alias.
    public func tool(named name: String) -> ToolSignature? {
        toolIndex[canonicalName(name)].map { tools[$0] }
    }

    /// The schema of a result model, by class name.
    public func model(named name: String) -> ModelSchema? {
        modelIndex[name].map { models[$0] }
    }

    /// Every name a program may call: tool names and aliases.
    public var callableNames: [String] { tools.map(\.name) + aliases.keys.sorted() }
}

/// A result model declared in stubs/models.py.
public struct ModelSchema: Sendable, Hashable {
    /// The class name.
    public var name: String
    /// Fields in declaration order.
    public var fields: [ModelField]
    /// The class docstring.
    public var docstring: String

    /// The field named `name`, if declared.
    public func field(named name: String) -> ModelField? { fields.first { $0.name == name } }
}

/// One field of a result model.
public struct ModelField: Sendable, Hashable {
    /// The field name.
    public var name: String
    /// The declared type.
    public var type: StubType
    /// The default, or nil when the field is required.
    public var defaultValue: JSONValue?
}
