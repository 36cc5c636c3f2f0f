/// Decodes a `Decodable` value straight from a `JSONValue`, without Foundation's `JSONDecoder`.
///
/// Tool arguments take this path on every call. It accepts what `JSONDecoder` with
/// `.convertFromSnakeCase` keys accepts for the argument structs: integers from whole numbers,
/// doubles from any number, missing keys and `null` as nil for optionals.
struct JSONValueDecoder {
    /// Whether snake_case JSON keys match camelCase coding keys (`max_count` → `maxCount`).
    var snakeCaseKeys = true

    /// Decodes `type` from `value`.
    func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try T(from: ValueDecoder(value: value, codingPath: [], snakeCaseKeys: snakeCaseKeys))
    }
}

/// The `Decoder` handed to `init(from:)`, reading one value.
private struct ValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    let snakeCaseKeys: Bool
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = value else {
            throw mismatch(JSONObject.self, value, codingPath, "an object")
        }
        var members: [String: JSONValue] = [:]
        for (key, member) in object {
            members[snakeCaseKeys ? SnakeCaseKeys.camelCased(key) : key] = member
        }
        return KeyedDecodingContainer(
            KeyedValueContainer<Key>(members: members, codingPath: codingPath, snakeCaseKeys: snakeCaseKeys))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else {
            throw mismatch([JSONValue].self, value, codingPath, "an array")
        }
        return UnkeyedValueContainer(elements: elements, codingPath: codingPath, snakeCaseKeys: snakeCaseKeys)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValueContainer(value: value, codingPath: codingPath, snakeCaseKeys: snakeCaseKeys)
    }
}

private func mismatch(_ type: Any.Type, _ value: JSONValue, _ codingPath: [any CodingKey], _ expected: String)
    -> DecodingError
{
    DecodingError.typeMismatch(
        type, DecodingError.Context(codingPath: codingPath, debugDescription: "Expected \(expected) but found \(value)"))
}

/// Reads one value as `T`: scalars directly, anything else through its `init(from:)`.
private func decodeValue<T: Decodable>(
    _ type: T.Type, from value: JSONValue, codingPath: [any CodingKey], snakeCaseKeys: Bool
) throws -> T {
    if type == String.self {
        guard case .string(let text) = value, let result = text as? T else {
            throw mismatch(type, value, codingPath, "a string")
        }
        return result
    }
    if type == Int.self {
        guard let number = integer(value), let result = number as? T else {
            throw mismatch(type, value, codingPath, "an integer")
        }
        return result
    }
    if type == Bool.self {
        guard case .bool(let flag) = value, let result = flag as? T else {
            throw mismatch(type, value, codingPath, "a boolean")
        }
        return result
    }
    if type == Double.self {
        guard let number = value.numberValue, let result = number as? T else {
            throw mismatch(type, value, codingPath, "a number")
        }
        return result
    }
    return try T(from: ValueDecoder(value: value, codingPath: codingPath, snakeCaseKeys: snakeCaseKeys))
}

/// An integer from an `.int`, or a `.double` holding a whole number (as `JSONDecoder` allows).
private func integer(_ value: JSONValue) -> Int? {
    switch value {
    case .int(let number): number
    case .double(let number): Int(exactly: number)
    default: nil
    }
}

/// A fixed-width integer from a JSON number, nil when it is not whole or does not fit.
private func fixedWidth<T: FixedWidthInteger>(_ value: JSONValue) -> T? {
    integer(value).flatMap { T(exactly: $0) }
}

private struct KeyedValueContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: JSONValue]
    let codingPath: [any CodingKey]
    let snakeCaseKeys: Bool

    var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    private func member(_ key: Key) throws -> JSONValue {
        guard let value = members[key.stringValue] else {
            throw DecodingError.keyNotFound(
                key,
                DecodingError.Context(
                    codingPath: codingPath, debugDescription: "No value associated with key \(key.stringValue)"))
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool { try member(key) == .null }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decodeMember(type, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decodeMember(type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decodeMember(type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decodeMember(type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try decode(Double.self, forKey: key)) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decodeInteger(key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decodeInteger(key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decodeInteger(key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decodeInteger(key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decodeInteger(key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decodeInteger(key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decodeInteger(key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decodeInteger(key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decodeInteger(key) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decodeMember(type, key) }

    private func decodeMember<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T {
        try decodeValue(type, from: try member(key), codingPath: codingPath + [key], snakeCaseKeys: snakeCaseKeys)
    }

    private func decodeInteger<T: FixedWidthInteger>(_ key: Key) throws -> T {
        let value = try member(key)
        guard let number: T = fixedWidth(value) else { throw mismatch(T.self, value, codingPath + [key], "an integer") }
        return number
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try decoder(for: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder(for: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        ValueDecoder(value: members["super"] ?? .null, codingPath: codingPath, snakeCaseKeys: snakeCaseKeys)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder { try decoder(for: key) }

    private func decoder(for key: Key) throws -> ValueDecoder {
        ValueDecoder(value: try member(key), codingPath: codingPath + [key], snakeCaseKeys: snakeCaseKeys)
    }
}

private struct UnkeyedValueContainer: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let codingPath: [any CodingKey]
    let snakeCaseKeys: Bool
    var currentIndex = 0

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private func current<T>(_ type: T.Type) throws -> JSONValue {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                type, DecodingError.Context(codingPath: codingPath, debugDescription: "Unkeyed container is at end."))
        }
        return elements[currentIndex]
    }

    mutating func decodeNil() throws -> Bool {
        guard try current(JSONValue.self) == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try decodeScalar(type) }
    mutating func decode(_ type: String.Type) throws -> String { try decodeScalar(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try decodeScalar(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try decodeScalar(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { Float(try decodeScalar(Double.self)) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try decodeInteger() }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try decodeInteger() }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try decodeInteger() }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try decodeInteger() }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try decodeInteger() }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeInteger() }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeInteger() }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeInteger() }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeInteger() }

    private mutating func decodeScalar<T: Decodable>(_ type: T.Type) throws -> T {
        let value = try decodeValue(type, from: try current(type), codingPath: codingPath, snakeCaseKeys: snakeCaseKeys)
        currentIndex += 1
        return value
    }

    private mutating func decodeInteger<T: FixedWidthInteger>() throws -> T {
        let value = try current(T.self)
        guard let number: T = fixedWidth(value) else { throw mismatch(T.self, value, codingPath, "an integer") }
        currentIndex += 1
        return number
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let value = try decodeValue(
            type, from: try current(type), codingPath: codingPath, snakeCaseKeys: snakeCaseKeys)
        currentIndex += 1
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        let container = try ValueDecoder(
            value: try current(JSONObject.self), codingPath: codingPath, snakeCaseKeys: snakeCaseKeys
        ).container(keyedBy: type)
        currentIndex += 1
        return container
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let container = try ValueDecoder(
            value: try current([JSONValue].self), codingPath: codingPath, snakeCaseKeys: snakeCaseKeys
        ).unkeyedContainer()
        currentIndex += 1
        return container
    }

    mutating func superDecoder() throws -> any Decoder {
        let decoder = ValueDecoder(value: try current(JSONValue.self), codingPath: codingPath, snakeCaseKeys: snakeCaseKeys)
        currentIndex += 1
        return decoder
    }
}

private struct SingleValueContainer: SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]
    let snakeCaseKeys: Bool

    func decodeNil() -> Bool { value == .null }

    func decode(_ type: Bool.Type) throws -> Bool { try scalar(type) }
    func decode(_ type: String.Type) throws -> String { try scalar(type) }
    func decode(_ type: Double.Type) throws -> Double { try scalar(type) }
    func decode(_ type: Int.Type) throws -> Int { try scalar(type) }
    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decodeInteger() }
    func decode(_ type: Int16.Type) throws -> Int16 { try decodeInteger() }
    func decode(_ type: Int32.Type) throws -> Int32 { try decodeInteger() }
    func decode(_ type: Int64.Type) throws -> Int64 { try decodeInteger() }
    func decode(_ type: UInt.Type) throws -> UInt { try decodeInteger() }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeInteger() }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeInteger() }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeInteger() }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeInteger() }

    private func scalar<T: Decodable>(_ type: T.Type) throws -> T {
        try decodeValue(type, from: value, codingPath: codingPath, snakeCaseKeys: snakeCaseKeys)
    }

    private func decodeInteger<T: FixedWidthInteger>() throws -> T {
        guard let number: T = fixedWidth(value) else { throw mismatch(T.self, value, codingPath, "an integer") }
        return number
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try decodeValue(type, from: value, codingPath: codingPath, snakeCaseKeys: snakeCaseKeys)
    }
}
