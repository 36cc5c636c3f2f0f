/// Validates parsed literals against the stub schema and builds the JSON a tool would have returned.
///
/// Types are checked strictly, with the two widenings Pydantic's lax mode and JSON both need: an int is
/// accepted for a float field, and a float with an integral value (`3.0`) for an int field. A bool is
/// never an int, a string never a number. Lists accept tuples. A model field accepts a constructor of
/// that model or a dict with string keys. Missing fields with a default get it; the output object lists
/// the fields in declaration order.
struct ModelValidator {
    let catalog: StubCatalog
    /// The text the nodes were parsed from, for positions; nil for values converted from JSONValue.
    let bytes: [UInt8]?
    /// The top-level model, named in every error.
    let rootModel: String

    /// Validates the arguments of a model (constructor keywords, dict entries or str() pairs).
    func model(
        _ schema: ModelSchema, arguments: [LiteralArgument], at position: Int?, path: String
    ) throws(RecordedResultError) -> JSONValue {
        var given: [String: JSONValue] = [:]
        for argument in arguments {
            let fieldPath = join(path, argument.name)
            guard let field = schema.field(named: argument.name) else {
                var problem = "unknown field '\(argument.name)'"
                if path.isEmpty == false { problem += " on \(schema.name)" }
                if let suggestion = Self.closest(to: argument.name, in: schema.fields.map(\.name)) {
                    problem += " (did you mean '\(suggestion)'?)"
                }
                throw error(.unknownField, problem, field: fieldPath, at: argument.position)
            }
            guard given[field.name] == nil else {
                throw error(
                    .duplicateField, "field '\(field.name)' is given twice", field: fieldPath, at: argument.position)
            }
            given[field.name] = try value(argument.value, as: field.type, path: fieldPath)
        }
        var object = JSONObject()
        for field in schema.fields {
            if let value = given[field.name] ?? field.defaultValue {
                object[field.name] = value
            } else {
                let owner = path.isEmpty ? "" : " of \(schema.name)"
                throw error(
                    .missingField, "missing required field '\(field.name)'\(owner)", field: join(path, field.name),
                    at: position)
            }
        }
        return .object(object)
    }

    /// Validates one value against a declared type.
    func value(_ node: LiteralNode, as type: StubType, path: String) throws(RecordedResultError) -> JSONValue {
        switch (type, node.kind) {
        case (.optional, .none):
            return .null
        case (.optional(let wrapped), _):
            do {
                return try value(node, as: wrapped, path: path)
            } catch  where error.code == .wrongType && error.field == path {
                throw wrongType(node, expected: type, path: path)
            }
        case (.string, .string(let text)):
            return .string(text)
        case (.int, .int(let number)):
            return .int(number)
        case (.int, .float(let number)):
            guard number.isFinite, number.rounded() == number, let exact = Int(exactly: number) else {
                throw wrongType(node, expected: type, path: path)
            }
            return .int(exact)
        case (.float, .float(let number)):
            return .double(number)
        case (.float, .int(let number)):
            return .double(Double(number))
        case (.bool, .bool(let flag)):
            return .bool(flag)
        case (.list(let element), .list(let items)), (.list(let element), .tuple(let items)):
            var values: [JSONValue] = []
            values.reserveCapacity(items.count)
            for (offset, item) in items.enumerated() {
                values.append(try value(item, as: element, path: path + "[\(offset)]"))
            }
            return .array(values)
        case (.model(let name), .model(let given, let arguments)):
            guard given == name, let schema = catalog.model(named: name) else {
                throw error(.wrongType, "expected \(name), got \(given)", field: path, at: node.position)
            }
            return try model(schema, arguments: arguments, at: node.position, path: path)
        case (.model(let name), .dict(let entries)):
            guard let schema = catalog.model(named: name) else {
                throw error(.unknownModel, "'\(name)' is not a known result model", field: path, at: node.position)
            }
            let arguments = entries.map { LiteralArgument(name: $0.key, value: $0.value, position: $0.position) }
            return try model(schema, arguments: arguments, at: node.position, path: path)
        default:
            throw wrongType(node, expected: type, path: path)
        }
    }

    // MARK: - Errors

    private func wrongType(_ node: LiteralNode, expected: StubType, path: String) -> RecordedResultError {
        var got = node.typeDescription
        switch node.kind {
        case .string(let text): got += " " + Self.shortRepr(text)
        case .int(let number): got += " \(number)"
        case .float(let number): got += " \(number)"
        default: break
        }
        return error(.wrongType, "expected \(expected), got \(got)", field: path, at: node.position)
    }

    func error(_ code: RecordedResultError.Code, _ problem: String, field: String, at offset: Int?)
        -> RecordedResultError
    {
        let position: SourcePosition? =
            if let offset, let bytes { SourcePosition(offset: offset, in: bytes) } else { nil }
        return RecordedResultError(code: code, problem: problem, model: rootModel, field: field, position: position)
    }

    private func join(_ path: String, _ name: String) -> String { path.isEmpty ? name : path + "." + name }

    private static func shortRepr(_ text: String) -> String {
        let clipped = text.count > 40 ? String(text.prefix(40)) + "…" : text
        return "'" + clipped + "'"
    }

    // MARK: - Suggestions

    /// The declared name closest to `name`: a case-insensitive match, or the best similarity ≥ 0.6
    /// (2 × longest common subsequence ÷ total length, close to Python's difflib ratio).
    static func closest(to name: String, in candidates: [String]) -> String? {
        if let match = candidates.first(where: { $0.lowercased() == name.lowercased() }) { return match }
        var best: (name: String, score: Double)?
        let target = Array(name.lowercased().utf8)
        for candidate in candidates {
            let other = Array(candidate.lowercased().utf8)
            let score = 2 * Double(commonSubsequence(target, other)) / Double(max(1, target.count + other.count))
            if score >= 0.6, score > (best?.score ?? 0) { best = (candidate, score) }
        }
        return best?.name
    }

    private static func commonSubsequence(_ a: [UInt8], _ b: [UInt8]) -> Int {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        var previous = [Int](repeating: 0, count: b.count + 1)
        var current = previous
        for x in a {
            for (j, y) in b.enumerated() {
                current[j + 1] = x == y ? previous[j] + 1 : max(previous[j + 1], current[j])
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

extension LiteralNode {
    /// The literal form of a JSON value (no positions), so JSON values validate through the same path.
    init(_ json: JSONValue) {
        switch json {
        case .null: self.init(.none, at: nil)
        case .bool(let flag): self.init(.bool(flag), at: nil)
        case .int(let number): self.init(.int(number), at: nil)
        case .double(let number): self.init(.float(number), at: nil)
        case .string(let text): self.init(.string(text), at: nil)
        case .array(let items): self.init(.list(items.map(LiteralNode.init)), at: nil)
        case .object(let object):
            self.init(
                .dict(object.map { LiteralDictEntry(key: $0.key, value: LiteralNode($0.value), position: nil) }),
                at: nil)
        }
    }
}
