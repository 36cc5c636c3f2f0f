/// Sample values built from the stub declarations, for running code paths once ahead of real use: a
/// tool's arguments as the harness sends them (every parameter, defaults filled in) and a result
/// with every field set (three items per list, two levels deep).
enum StubSamples {
    /// The arguments object of a call of `tool`: required parameters get a sample of their type,
    /// the others their default.
    static func arguments(for tool: ToolSignature, catalog: StubCatalog) -> JSONValue {
        var object = JSONObject()
        for parameter in tool.parameters {
            object[parameter.name] =
                parameter.defaultValue ?? value(parameter.type, name: parameter.name, catalog: catalog, depth: 0)
        }
        return .object(object)
    }

    /// A result of `tool`: a model with every field set, or a line of text for text tools.
    static func result(for tool: ToolSignature, catalog: StubCatalog) -> JSONValue {
        guard tool.returnsModel, let schema = catalog.model(named: tool.returnType) else {
            return .string("line one\nline two\n")
        }
        return object(schema, catalog: catalog, depth: 0)
    }

    private static func object(_ schema: ModelSchema, catalog: StubCatalog, depth: Int) -> JSONValue {
        var object = JSONObject()
        for field in schema.fields {
            object[field.name] = value(field.type, name: field.name, catalog: catalog, depth: depth)
        }
        return .object(object)
    }

    private static func value(_ type: StubType, name: String, catalog: StubCatalog, depth: Int) -> JSONValue {
        switch type {
        case .bool: .bool(true)
        case .int: .int(3)
        case .float: .double(0.5)
        case .string: .string("\(name) text")
        case .optional(let wrapped): value(wrapped, name: name, catalog: catalog, depth: depth)
        case .list(let element):
            depth < 2
                ? .array((0..<3).map { _ in value(element, name: name, catalog: catalog, depth: depth + 1) })
                : .array([])
        case .model(let model):
            catalog.model(named: model).map { object($0, catalog: catalog, depth: depth + 1) } ?? .object(JSONObject())
        }
    }
}
