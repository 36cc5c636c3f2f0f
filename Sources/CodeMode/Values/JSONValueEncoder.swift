/// Encodes an `Encodable` value straight into a `JSONValue`, without Foundation's `JSONEncoder`.
///
/// Tool results take this path on every call. The output is what `JSONEncoder` with
/// `.convertToSnakeCase` keys wrote for the result models, as a value: nil optionals left out (the
/// synthesized `encodeIfPresent`), whole doubles without a fraction, non-finite numbers an error.
/// Keys come in encoding order, the stub's field order (`JSONEncoder` on Linux used hash order).
struct JSONValueEncoder {
    /// Whether keys are spelled snake_case (`fileCount` → `file_count`).
    var snakeCaseKeys = true

    /// The value as JSON.
    func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        if let text = value as? String { return .string(text) }
        let root = EncodedNode()
        try value.encode(to: NodeEncoder(node: root, codingPath: [], keys: KeySpelling(snakeCase: snakeCaseKeys)))
        return root.resolved
    }
}

/// Key spellings, converted once per encode call.
final class KeySpelling {
    private let snakeCase: Bool
    private var converted: [String: String] = [:]

    init(snakeCase: Bool) { self.snakeCase = snakeCase }

    /// The JSON key for a coding key.
    func key(_ codingKey: any CodingKey) -> String {
        let name = codingKey.stringValue
        guard snakeCase else { return name }
        if let known = converted[name] { return known }
        let spelled = SnakeCaseKeys.snakeCased(name)
        converted[name] = spelled
        return spelled
    }
}

/// One value under construction: a scalar, an object or an array, filled in by containers.
final class EncodedNode {
    /// A slot in an object or array: a finished scalar, or a node still being filled in.
    enum Child {
        case value(JSONValue)
        case node(EncodedNode)

        var resolved: JSONValue {
            switch self {
            case .value(let value): value
            case .node(let node): node.resolved
            }
        }
    }

    var value: JSONValue?
    var members: [(key: String, child: Child)]?
    var elements: [Child]?

    /// The finished value; a node nothing was encoded into is an empty object, as with `JSONEncoder`.
    var resolved: JSONValue {
        if let members { return .object(JSONObject(members.map { ($0.key, $0.child.resolved) })) }
        if let elements { return .array(elements.map(\.resolved)) }
        return value ?? .object(JSONObject())
    }
}

/// The `Encoder` handed to `encode(to:)`, writing into one node.
private struct NodeEncoder: Encoder {
    let node: EncodedNode
    let codingPath: [any CodingKey]
    let keys: KeySpelling
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if node.members == nil { node.members = [] }
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(node: node, codingPath: codingPath, keys: keys))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if node.elements == nil { node.elements = [] }
        return UnkeyedNodeContainer(node: node, codingPath: codingPath, keys: keys)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueNodeContainer(node: node, codingPath: codingPath, keys: keys)
    }
}

/// Converts one value to a child slot: scalars directly, anything else through its `encode(to:)`.
private func encodedChild<T: Encodable>(_ value: T, codingPath: [any CodingKey], keys: KeySpelling) throws
    -> EncodedNode.Child
{
    switch value {
    case let text as String: return .value(.string(text))
    case let number as Int: return .value(.int(number))
    case let flag as Bool: return .value(.bool(flag))
    case let number as Double: return .value(try JSONValueEncoder.number(number, codingPath: codingPath))
    default:
        let node = EncodedNode()
        try value.encode(to: NodeEncoder(node: node, codingPath: codingPath, keys: keys))
        return .node(node)
    }
}

extension JSONValueEncoder {
    /// A finite double as JSON; `JSONEncoder` refuses the others by default, and so does this.
    ///
    /// A whole number below 2^53 is written without a fraction (`1`, not `1.0`), as `JSONEncoder` does.
    static func number(_ number: Double, codingPath: [any CodingKey]) throws -> JSONValue {
        guard number.isFinite else {
            throw EncodingError.invalidValue(
                number, EncodingError.Context(codingPath: codingPath, debugDescription: "\(number) is not valid JSON"))
        }
        if number.magnitude < 0x1p53, number.rounded(.towardZero) == number, let whole = Int(exactly: number) {
            return .int(whole)
        }
        return .double(number)
    }
}

/// An integer of any width as JSON.
private func integer<T: BinaryInteger>(_ number: T, codingPath: [any CodingKey]) throws -> JSONValue {
    guard let value = Int(exactly: number) else {
        throw EncodingError.invalidValue(
            number, EncodingError.Context(codingPath: codingPath, debugDescription: "\(number) does not fit an Int"))
    }
    return .int(value)
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodedNode
    let codingPath: [any CodingKey]
    let keys: KeySpelling

    private func put(_ child: EncodedNode.Child, _ key: Key) {
        node.members?.append((keys.key(key), child))
    }

    mutating func encodeNil(forKey key: Key) throws { put(.value(.null), key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { put(.value(.bool(value)), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { put(.value(.string(value)), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        put(.value(try JSONValueEncoder.number(value, codingPath: codingPath + [key])), key)
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        put(.value(try JSONValueEncoder.number(Double("\(value)") ?? Double(value), codingPath: codingPath + [key])), key)
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { put(.value(.int(value)), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try encodeInteger(value, key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try encodeInteger(value, key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try encodeInteger(value, key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try encodeInteger(value, key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try encodeInteger(value, key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try encodeInteger(value, key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try encodeInteger(value, key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try encodeInteger(value, key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try encodeInteger(value, key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        put(try encodedChild(value, codingPath: codingPath + [key], keys: keys), key)
    }

    private func encodeInteger<T: BinaryInteger>(_ value: T, _ key: Key) throws {
        put(.value(try integer(value, codingPath: codingPath + [key])), key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        let child = EncodedNode()
        child.members = []
        put(.node(child), key)
        return KeyedEncodingContainer(
            KeyedNodeContainer<NestedKey>(node: child, codingPath: codingPath + [key], keys: keys))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = EncodedNode()
        child.elements = []
        put(.node(child), key)
        return UnkeyedNodeContainer(node: child, codingPath: codingPath + [key], keys: keys)
    }

    mutating func superEncoder() -> any Encoder {
        let child = EncodedNode()
        node.members?.append(("super", .node(child)))
        return NodeEncoder(node: child, codingPath: codingPath, keys: keys)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let child = EncodedNode()
        put(.node(child), key)
        return NodeEncoder(node: child, codingPath: codingPath + [key], keys: keys)
    }
}

private struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let node: EncodedNode
    let codingPath: [any CodingKey]
    let keys: KeySpelling

    var count: Int { node.elements?.count ?? 0 }

    private func put(_ child: EncodedNode.Child) { node.elements?.append(child) }

    mutating func encodeNil() throws { put(.value(.null)) }
    mutating func encode(_ value: Bool) throws { put(.value(.bool(value))) }
    mutating func encode(_ value: String) throws { put(.value(.string(value))) }
    mutating func encode(_ value: Double) throws { put(.value(try JSONValueEncoder.number(value, codingPath: codingPath))) }
    mutating func encode(_ value: Int) throws { put(.value(.int(value))) }
    mutating func encode(_ value: Int8) throws { put(.value(try integer(value, codingPath: codingPath))) }
    mutating func encode(_ value: Int16) throws { put(.value(try integer(value, codingPath: codingPath))) }
    mutating func encode(_ value: Int32) throws { put(.value(try integer(value, codingPath: codingPath))) }
    mutating func encode(_ value: Int64) throws { put(.value(try integer(value, codingPath: codingPath))) }
    mutating func encode(_ value: UInt) throws { put(.value(try integer(value, codingPath: codingPath))) }
    mutating func encode(_ value: UInt8) throws { put(.value(try integer(value, codingPath: codingPath))) }
    mutating func encode(_ value: UInt16) throws { put(.value(try integer(value, codingPath: codingPath))) }
    mutating func encode(_ value: UInt32) throws { put(.value(try integer(value, codingPath: codingPath))) }
    mutating func encode(_ value: UInt64) throws { put(.value(try integer(value, codingPath: codingPath))) }
    mutating func encode(_ value: Float) throws {
        put(.value(try JSONValueEncoder.number(Double("\(value)") ?? Double(value), codingPath: codingPath)))
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        put(try encodedChild(value, codingPath: codingPath, keys: keys))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        let child = EncodedNode()
        child.members = []
        put(.node(child))
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(node: child, codingPath: codingPath, keys: keys))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = EncodedNode()
        child.elements = []
        put(.node(child))
        return UnkeyedNodeContainer(node: child, codingPath: codingPath, keys: keys)
    }

    mutating func superEncoder() -> any Encoder {
        let child = EncodedNode()
        put(.node(child))
        return NodeEncoder(node: child, codingPath: codingPath, keys: keys)
    }
}

private struct SingleValueNodeContainer: SingleValueEncodingContainer {
    let node: EncodedNode
    let codingPath: [any CodingKey]
    let keys: KeySpelling

    mutating func encodeNil() throws { node.value = .null }
    mutating func encode(_ value: Bool) throws { node.value = .bool(value) }
    mutating func encode(_ value: String) throws { node.value = .string(value) }
    mutating func encode(_ value: Double) throws { node.value = try JSONValueEncoder.number(value, codingPath: codingPath) }
    mutating func encode(_ value: Int) throws { node.value = .int(value) }
    mutating func encode(_ value: Int8) throws { node.value = try integer(value, codingPath: codingPath) }
    mutating func encode(_ value: Int16) throws { node.value = try integer(value, codingPath: codingPath) }
    mutating func encode(_ value: Int32) throws { node.value = try integer(value, codingPath: codingPath) }
    mutating func encode(_ value: Int64) throws { node.value = try integer(value, codingPath: codingPath) }
    mutating func encode(_ value: UInt) throws { node.value = try integer(value, codingPath: codingPath) }
    mutating func encode(_ value: UInt8) throws { node.value = try integer(value, codingPath: codingPath) }
    mutating func encode(_ value: UInt16) throws { node.value = try integer(value, codingPath: codingPath) }
    mutating func encode(_ value: UInt32) throws { node.value = try integer(value, codingPath: codingPath) }
    mutating func encode(_ value: UInt64) throws { node.value = try integer(value, codingPath: codingPath) }
    mutating func encode(_ value: Float) throws {
        node.value = try JSONValueEncoder.number(Double("\(value)") ?? Double(value), codingPath: codingPath)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        switch try encodedChild(value, codingPath: codingPath, keys: keys) {
        case .value(let value): node.value = value
        case .node(let child):
            node.value = child.value
            node.members = child.members
            node.elements = child.elements
        }
    }
}
