import Foundation

/// Reads declarations out of stub sources written in the restricted style of stubs/.
///
/// This is not a Python parser: it understands top-level `def name(params) -> Type:` headers with
/// their docstrings, `class Name(BaseModel):` bodies of `field: type [= default]` lines, and the
/// `ALIASES = {...}` dictionary. Tests check that it agrees with Python's own reading of the stubs.
enum StubSourceReader {
    static func tools(in source: String) -> [ToolSignature] {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var result: [ToolSignature] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            guard line.hasPrefix("def ") else {
                index += 1
                continue
            }
            // A header may wrap over several lines until the closing `:`.
            var header = line
            while !header.trimmingWhitespace().hasSuffix(":"), index + 1 < lines.count {
                index += 1
                header += " " + lines[index].trimmingWhitespace()
            }
            index += 1
            let docstring = readDocstring(lines, from: &index)
            if let signature = parseHeader(header, docstring: docstring) { result.append(signature) }
        }
        return result
    }

    static func models(in source: String) -> [ModelSchema] {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var result: [ModelSchema] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            index += 1
            guard line.hasPrefix("class "), let open = line.firstIndex(of: "(") else { continue }
            let name = String(line[line.index(line.startIndex, offsetBy: 6)..<open])
            let docstring = readDocstring(lines, from: &index)
            var fields: [ModelField] = []
            while index < lines.count, lines[index].isEmpty || lines[index].hasPrefix(" ") {
                let body = stripComment(lines[index]).trimmingWhitespace()
                index += 1
                guard let colon = body.firstIndex(of: ":") else { continue }
                let fieldName = String(body[..<colon]).trimmingWhitespace()
                var rest = String(body[body.index(after: colon)...])
                var defaultValue: JSONValue?
                if let equals = rest.firstIndex(of: "=") {
                    defaultValue = parseLiteral(String(rest[rest.index(after: equals)...]).trimmingWhitespace())
                    rest = String(rest[..<equals])
                }
                guard let type = parseType(rest.trimmingWhitespace()) else { continue }
                fields.append(ModelField(name: fieldName, type: type, defaultValue: defaultValue))
            }
            result.append(ModelSchema(name: name, fields: fields, docstring: docstring))
        }
        return result
    }

    static func aliases(in source: String) -> [String: String] {
        guard let line = source.split(separator: "\n").first(where: { $0.hasPrefix("ALIASES") }),
            let open = line.firstIndex(of: "{"), let close = line.lastIndex(of: "}")
        else { return [:] }
        var aliases: [String: String] = [:]
        for pair in line[line.index(after: open)..<close].split(separator: ",") {
            let parts = pair.split(separator: ":").map { unquote(String($0).trimmingWhitespace()) }
            if parts.count == 2 { aliases[parts[0]] = parts[1] }
        }
        return aliases
    }

    // MARK: - Pieces

    private static func parseHeader(_ header: String, docstring: String) -> ToolSignature? {
        guard let open = header.firstIndex(of: "("), let close = header.lastIndex(of: ")"),
            let arrow = header.range(of: "->", range: close..<header.endIndex)
        else { return nil }
        let name = String(header[header.index(header.startIndex, offsetBy: 4)..<open]).trimmingWhitespace()
        let returnType = String(header[arrow.upperBound...]).trimmingWhitespace().trimmingSuffix(":")
        var parameters: [ToolParameter] = []
        for piece in splitTopLevel(String(header[header.index(after: open)..<close])) {
            let text = piece.trimmingWhitespace()
            guard !text.isEmpty, let colon = text.firstIndex(of: ":") else { continue }
            let parameterName = String(text[..<colon]).trimmingWhitespace()
            var rest = String(text[text.index(after: colon)...])
            var defaultValue: JSONValue?
            if let equals = rest.firstIndex(of: "=") {
                defaultValue = parseLiteral(String(rest[rest.index(after: equals)...]).trimmingWhitespace())
                rest = String(rest[..<equals])
            }
            guard let type = parseType(rest.trimmingWhitespace()) else { return nil }
            parameters.append(ToolParameter(name: parameterName, type: type, defaultValue: defaultValue))
        }
        return ToolSignature(name: name, parameters: parameters, returnType: returnType, docstring: docstring)
    }

    /// Parses `str`, `list[str]`, `int | None`, `Model`, `list[Model]`.
    static func parseType(_ text: String) -> StubType? {
        let text = text.trimmingWhitespace()
        if text.hasSuffix("| None") {
            return parseType(String(text.dropLast(6))).map { .optional($0) }
        }
        if text.hasPrefix("list["), text.hasSuffix("]") {
            return parseType(String(text.dropFirst(5).dropLast())).map { .list($0) }
        }
        switch text {
        case "str": return .string
        case "int": return .int
        case "float": return .float
        case "bool": return .bool
        case "": return nil
        default:
            guard text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
            return .model(text)
        }
    }

    private static func parseLiteral(_ text: String) -> JSONValue? {
        switch text {
        case "None": return .null
        case "True": return .bool(true)
        case "False": return .bool(false)
        case "[]": return .array([])
        default:
            if let value = Int(text) { return .int(value) }
            if let value = Double(text) { return .double(value) }
            if text.count >= 2, text.first == "\"" || text.first == "'" { return .string(unquote(text)) }
            return nil
        }
    }

    private static func readDocstring(_ lines: [String], from index: inout Int) -> String {
        guard index < lines.count else { return "" }
        let first = lines[index].trimmingWhitespace()
        guard first.hasPrefix("\"\"\"") else { return "" }
        var body = String(first.dropFirst(3))
        if let end = body.range(of: "\"\"\"") {
            index += 1
            return String(body[..<end.lowerBound])
        }
        var collected = [body]
        index += 1
        while index < lines.count {
            let line = lines[index]
            index += 1
            if let end = line.range(of: "\"\"\"") {
                body = String(line[..<end.lowerBound])
                if !body.trimmingWhitespace().isEmpty { collected.append(body) }
                break
            }
            collected.append(line)
        }
        return dedent(collected).joined(separator: "\n").trimmingWhitespace()
    }

    private static func dedent(_ lines: [String]) -> [String] {
        let indents = lines.dropFirst().filter { !$0.trimmingWhitespace().isEmpty }
            .map { $0.prefix(while: { $0 == " " }).count }
        let indent = indents.min() ?? 0
        return lines.enumerated().map { offset, line in
            offset == 0 ? line : String(line.dropFirst(min(indent, line.prefix(while: { $0 == " " }).count)))
        }
    }

    private static func splitTopLevel(_ text: String) -> [String] {
        var pieces: [String] = []
        var depth = 0
        var current = ""
        for character in text {
            switch character {
            case "[", "(": depth += 1
            case "]", ")": depth -= 1
            case "," where depth == 0:
                pieces.append(current)
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        pieces.append(current)
        return pieces
    }

    private static func stripComment(_ line: String) -> String {
        guard let hash = line.firstIndex(of: "#") else { return line }
        return String(line[..<hash])
    }

    private static func unquote(_ text: String) -> String {
        guard text.count >= 2, let first = text.first, first == "\"" || first == "'", text.last == first else {
            return text
        }
        return String(text.dropFirst().dropLast())
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[start...end])
    }

    /// The string without one trailing `suffix`, if present.
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
