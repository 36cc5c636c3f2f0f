/// Renders the system-prompt text that tells a model which tools and models exist.
///
/// Generated from the catalog (stubs/): the result models as Pydantic class declarations, then
/// every tool as a Python stub with its docstring. Aliases are listed after the tools.
public enum StubText {
    /// The full stub text for `catalog`.
    public static func render(_ catalog: StubCatalog = .standard) -> String {
        var lines = [
            "# Code Mode: write Python that calls these functions inside execute_code.",
            "# They return the result models below; read their fields and print what matters.",
            "",
            "from pydantic import BaseModel",
            "",
        ]
        for model in catalog.models {
            lines.append("")
            lines.append("class \(model.name)(BaseModel):")
            lines.append("    \"\"\"\(model.docstring)\"\"\"")
            for field in model.fields {
                let defaultText = field.defaultValue.map { " = \(pythonLiteral($0))" } ?? ""
                lines.append("    \(field.name): \(field.type)\(defaultText)")
            }
            lines.append("")
        }
        for tool in catalog.tools {
            let parameters = tool.parameters.map { parameter in
                let defaultText = parameter.defaultValue.map { " = \(pythonLiteral($0))" } ?? ""
                return "\(parameter.name): \(parameter.type)\(defaultText)"
            }
            lines.append("")
            lines.append("def \(tool.name)(\(parameters.joined(separator: ", "))) -> \(tool.returnType):")
            let docLines = tool.docstring.split(separator: "\n", omittingEmptySubsequences: false)
            if docLines.count <= 1 {
                lines.append("    \"\"\"\(tool.docstring)\"\"\"")
            } else {
                lines.append("    \"\"\"\(docLines[0])")
                for line in docLines.dropFirst() { lines.append(line.isEmpty ? "" : "    \(line)") }
                lines.append("    \"\"\"")
            }
            lines.append("    ...")
            lines.append("")
        }
        for (alias, canonical) in catalog.aliases.sorted(by: { $0.key < $1.key }) {
            lines.append("\(alias) = \(canonical)  # the same tool under a second name")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A JSON value as a Python literal (for defaults).
    static func pythonLiteral(_ value: JSONValue) -> String {
        switch value {
        case .null: "None"
        case .bool(let flag): flag ? "True" : "False"
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .string(let text): "\"\(text)\""
        case .array(let items): "[" + items.map(pythonLiteral).joined(separator: ", ") + "]"
        case .object: "{}"
        }
    }
}
