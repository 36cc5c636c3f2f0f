/// A JSON value: the Sendable currency for tool arguments and results at every boundary.
///
/// Objects keep their key order, because tool-call arguments and Pydantic dumps are ordered.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

/// An ordered JSON object (keys unique, insertion order kept).
///
/// Most objects in tool calls and results have a handful of keys, so they are kept as an array of
/// pairs searched linearly; an index is built only for large objects.
public struct JSONObject: Sendable, Hashable, Sequence {
    private var entries: [(key: String, value: JSONValue)] = []
    private var index: [String: Int]?

    /// Objects with more keys than this get a hash index.
    private static let indexThreshold = 16

    /// Creates an empty object.
    public init() {}

    /// Creates an object from ordered pairs; a repeated key keeps its first position and last value.
    public init(_ pairs: [(String, JSONValue)]) {
        entries.reserveCapacity(pairs.count)
        for (key, value) in pairs { self[key] = value }
    }

    /// The keys in order.
    public var keys: [String] { entries.map(\.key) }

    /// The value for `key`, or nil. Setting nil removes the key.
    public subscript(key: String) -> JSONValue? {
        get { position(of: key).map { entries[$0].value } }
        set {
            if let found = position(of: key) {
                if let newValue {
                    entries[found].value = newValue
                } else {
                    entries.remove(at: found)
                    index = nil
                    rebuildIndexIfLarge()
                }
            } else if let newValue {
                entries.append((key, newValue))
                if index != nil {
                    index?[key] = entries.count - 1
                } else {
                    rebuildIndexIfLarge()
                }
            }
        }
    }

    /// The number of keys.
    public var count: Int { entries.count }

    public func makeIterator() -> AnyIterator<(key: String, value: JSONValue)> {
        var iterator = entries.makeIterator()
        return AnyIterator { iterator.next() }
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.entries.count == rhs.entries.count
            && zip(lhs.entries, rhs.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(entries.count)
        for entry in entries {
            hasher.combine(entry.key)
            hasher.combine(entry.value)
        }
    }

    private func position(of key: String) -> Int? {
        if let index { return index[key] }
        return entries.firstIndex { $0.key == key }
    }

    private mutating func rebuildIndexIfLarge() {
        guard entries.count > Self.indexThreshold else { return }
        var built = [String: Int](minimumCapacity: entries.count)
        for (offset, entry) in entries.enumerated() { built[entry.key] = offset }
        index = built
    }
}

extension JSONValue {
    /// The string payload, if this is a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The object payload, if this is an object.
    public var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The integer payload, if this is an integer.
    public var intValue: Int? {
        if case .int(let value) = self { return value }
        return nil
    }

    /// The number as a Double, for an integer or a float.
    public var numberValue: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }

    /// The array payload, if this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }
}
