/// Builds a plausible, schema-valid result for a typed tool call that has no recorded result, so replay can
/// still run the program; the value is flagged as synthesized.
///
/// The defaults (docs/tracing.md, "Synthesized results"): `success`, `valid` and `clean` are True, every
/// other bool False; ints 0 and floats 0.0; lists empty; fields with a declared default keep it (`None`,
/// `[]`, `symbol_count=0`); strings are taken from the call's argument of the same name (`symbol`, `query`,
/// `file_path`, `path`, with the parameter's default when the call left it out), DomainValidationResult's
/// `domain` from the validator's family (`tdom`, `svcs`, `tdom-svcs`), and are empty otherwise. Such a
/// result keeps every invariant `ResultInvariants` checks: an empty, successful, clean result.
public struct ResultSynthesizer: Sendable {
    /// The tools and models results are built from.
    public let catalog: StubCatalog

    /// Creates a synthesizer over `catalog`.
    public init(catalog: StubCatalog = .standard) {
        self.catalog = catalog
    }

    /// A synthesized result for a call of `tool` (a name or alias) with `arguments` (a JSON object of
    /// parameter name → value; other values are treated as no arguments).
    /// - Returns: nil when the tool is not declared or returns plain text rather than a model.
    public func synthesize(tool: String, arguments: JSONValue = .object(JSONObject())) -> SynthesizedResult? {
        guard let signature = catalog.tool(named: tool), signature.returnsModel,
            let schema = catalog.model(named: signature.returnType)
        else { return nil }
        var strings: [String: String] = [:]
        for parameter in signature.parameters {
            if let value = (arguments.objectValue?[parameter.name] ?? parameter.defaultValue)?.stringValue {
                strings[parameter.name] = value
            }
        }
        if schema.name == "DomainValidationResult", let domain = Self.domain(of: signature.name) {
            strings["domain"] = domain
        }
        let value = build(schema, strings: strings, depth: 0)
        return SynthesizedResult(tool: signature.name, model: schema.name, value: value)
    }

    /// The validator family of a domain tool (stubs/tools.py groups them the same way), or nil.
    static func domain(of tool: String) -> String? {
        switch tool {
        case "validate_component", "check_render_tree", "validate_escape_context": "tdom"
        case "validate_service_registration", "check_dependency_graph", "validate_injection_site": "svcs"
        case "validate_middleware_chain", "check_di_template_binding", "validate_route_pattern": "tdom-svcs"
        default: nil
        }
    }

    private func build(_ schema: ModelSchema, strings: [String: String], depth: Int) -> JSONValue {
        var object = JSONObject()
        for field in schema.fields {
            object[field.name] = field.defaultValue ?? value(for: field, strings: strings, depth: depth)
        }
        return .object(object)
    }

    private func value(for field: ModelField, strings: [String: String], depth: Int) -> JSONValue {
        switch field.type {
        case .bool: .bool(["success", "valid", "clean"].contains(field.name))
        case .int: .int(0)
        case .float: .double(0)
        case .string: .string(strings[field.name] ?? "")
        case .list: .array([])
        case .optional: .null
        case .model(let name):
            // Only reachable for a required nested model, which stubs/ does not declare today.
            if depth < 8, let nested = catalog.model(named: name) {
                build(nested, strings: [:], depth: depth + 1)
            } else {
                .object(JSONObject())
            }
        }
    }
}

/// A result made up for replay, with the flag that says so.
public struct SynthesizedResult: Sendable, Codable, Equatable {
    /// The tool's canonical name.
    public var tool: String
    /// The result model's class name.
    public var model: String
    /// The result as the tool would return it (fields in declaration order).
    public var value: JSONValue
    /// Always true: the value was not recorded or produced by a real tool.
    public var synthesized: Bool

    public init(tool: String, model: String, value: JSONValue, synthesized: Bool = true) {
        self.tool = tool
        self.model = model
        self.value = value
        self.synthesized = synthesized
    }
}
