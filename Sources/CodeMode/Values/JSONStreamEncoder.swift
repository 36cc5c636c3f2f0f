import Synchronization

/// Encodes an `Encodable` value straight to compact JSON bytes, as it goes: no tree of nodes, no
/// `JSONValue`, no second pass. The bytes are those of `JSONValueEncoder().encode(value).jsonBytes`.
///
/// Tool results take this path on every call. Streaming needs each value finished before the next
/// one starts, which synthesized `encode(to:)` always does; a value that asks for a nested
/// container, a super encoder, or writes through a container after its value is done cannot be
/// streamed, and `encode` answers nil for it (the caller then uses `JSONValueEncoder`).
struct JSONStreamEncoder {
    /// Key spellings, possibly shared between calls (see `JSONKeyCache`).
    var keys: JSONKeyCache

    init(keys: JSONKeyCache = JSONKeyCache()) {
        self.keys = keys
    }

    /// The value as compact JSON, or nil when it cannot be streamed.
    /// - Throws: `EncodingError.invalidValue` for a non-finite number or an integer beyond `Int`.
    func encode<T: Encodable>(_ value: T) throws -> [UInt8]? {
        let sink = JSONSink(keys: keys)
        try sink.write(value, codingPath: [])
        return sink.streamable ? sink.bytes : nil
    }
}

/// The spelled keys (`"file_count":` as bytes, quotes and colon included) of the coding keys seen,
/// by their Swift name; kept for the life of the cache, which a tool keeps across its calls. The
/// first 256 names are kept (a model's field names; a dictionary's keys could be any number).
final class JSONKeyCache: Sendable {
    private static let capacity = 256
    private let spelled = Mutex<[String: [UInt8]]>([:])
    /// Whether keys are spelled snake_case (`fileCount` → `file_count`).
    let snakeCase: Bool

    init(snakeCase: Bool = true) { self.snakeCase = snakeCase }

    /// The bytes that introduce `key`'s member in an object.
    func member(_ key: any CodingKey) -> [UInt8] {
        let name = key.stringValue
        if let known = spelled.withLock({ $0[name] }) { return known }
        var bytes: [UInt8] = []
        JSONValue.writeString(snakeCase ? SnakeCaseKeys.snakeCased(name) : name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        spelled.withLock { if $0.count < Self.capacity { $0[name] = bytes } }
        return bytes
    }
}

/// The output being written, and the values open in it (innermost last).
private final class JSONSink {
    /// What the value being written has become so far.
    enum Shape {
        case undecided, object, array, single
    }

    struct Frame {
        var serial: Int
        var shape: Shape = .undecided
        var count = 0
    }

    var bytes: [UInt8] = []
    let keys: JSONKeyCache
    var frames: [Frame] = []
    var nextSerial = 0
    /// False once the value did something that cannot be streamed.
    var streamable = true

    init(keys: JSONKeyCache) {
        self.keys = keys
        bytes.reserveCapacity(512)
    }

    /// Writes one value: scalars directly, anything else through its `encode(to:)`.
    func write<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws {
        switch value {
        case let text as String: JSONValue.writeString(text, to: &bytes)
        case let number as Int: writeInteger(number)
        case let flag as Bool: writeBool(flag)
        case let number as Double: try writeDouble(number, codingPath: codingPath)
        default:
            nextSerial += 1
            frames.append(Frame(serial: nextSerial))
            try value.encode(to: StreamEncoder(sink: self, serial: nextSerial, codingPath: codingPath))
            guard let frame = frames.popLast() else { return }
            switch frame.shape {
            case .undecided: bytes.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "}")])  // as JSONEncoder
            case .object: bytes.append(UInt8(ascii: "}"))
            case .array: bytes.append(UInt8(ascii: "]"))
            case .single: break
            }
        }
    }

    /// Whether the frame `serial` is the innermost open one, so that its container may write;
    /// marks the value unstreamable when it is not.
    func isCurrent(_ serial: Int) -> Bool {
        guard frames.last?.serial == serial else {
            streamable = false
            return false
        }
        return true
    }

    /// Makes the innermost frame `shape` (writing its opening bracket once); false when it already
    /// became something else.
    func open(_ serial: Int, as shape: Shape) -> Bool {
        guard isCurrent(serial), let last = frames.indices.last else { return false }
        let current = frames[last].shape
        if current == .undecided {
            frames[last].shape = shape
            if shape == .object { bytes.append(UInt8(ascii: "{")) }
            if shape == .array { bytes.append(UInt8(ascii: "[")) }
            return true
        }
        if current == shape, shape != .single { return true }  // the same container asked for again
        streamable = false
        return false
    }

    /// Starts the next member or element of the innermost frame: a comma after the first, and the
    /// key of a member. False when the frame may not write.
    func startElement(_ serial: Int, key: (any CodingKey)?) -> Bool {
        guard isCurrent(serial), let last = frames.indices.last else { return false }
        if frames[last].count > 0 { bytes.append(UInt8(ascii: ",")) }
        frames[last].count += 1
        if let key { bytes.append(contentsOf: keys.member(key)) }
        return true
    }

    /// Starts the single value of the innermost frame; false when it may not write.
    func startSingle(_ serial: Int) -> Bool {
        guard open(serial, as: .single), let last = frames.indices.last else { return false }
        guard frames[last].count == 0 else {
            streamable = false
            return false
        }
        frames[last].count = 1
        return true
    }

    func writeNull() { bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C]) }

    func writeBool(_ flag: Bool) {
        if flag {
            bytes.append(contentsOf: [0x74, 0x72, 0x75, 0x65])
        } else {
            bytes.append(contentsOf: [0x66, 0x61, 0x6C, 0x73, 0x65])
        }
    }

    func writeInteger(_ number: Int) { JSONValue.writeInteger(number, to: &bytes) }

    func writeDouble(_ number: Double, codingPath: [any CodingKey]) throws {
        try JSONValue.writeDouble(number, codingPath: codingPath, to: &bytes)
    }

    func writeFloat(_ number: Float, codingPath: [any CodingKey]) throws {
        try writeDouble(Double("\(number)") ?? Double(number), codingPath: codingPath)
    }

    func writeInteger<T: BinaryInteger>(_ number: T, codingPath: [any CodingKey]) throws {
        guard let value = Int(exactly: number) else {
            throw EncodingError.invalidValue(
                number, EncodingError.Context(codingPath: codingPath, debugDescription: "\(number) does not fit an Int"))
        }
        writeInteger(value)
    }
}

/// The `Encoder` handed to one value's `encode(to:)`.
private struct StreamEncoder: Encoder {
    let sink: JSONSink
    let serial: Int
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        _ = sink.open(serial, as: .object)
        return KeyedEncodingContainer(KeyedStreamContainer<Key>(sink: sink, serial: serial, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        _ = sink.open(serial, as: .array)
        return UnkeyedStreamContainer(sink: sink, serial: serial, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueStreamContainer(sink: sink, serial: serial, codingPath: codingPath)
    }
}

/// A container that cannot be streamed: it marks the value so, and its writes go nowhere.
private func unstreamable(_ sink: JSONSink, codingPath: [any CodingKey]) -> StreamEncoder {
    sink.streamable = false
    return StreamEncoder(sink: sink, serial: -1, codingPath: codingPath)
}

private struct KeyedStreamContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let sink: JSONSink
    let serial: Int
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws {
        if sink.startElement(serial, key: key) { sink.writeNull() }
    }
    mutating func encode(_ value: Bool, forKey key: Key) throws {
        if sink.startElement(serial, key: key) { sink.writeBool(value) }
    }
    mutating func encode(_ value: String, forKey key: Key) throws {
        if sink.startElement(serial, key: key) { JSONValue.writeString(value, to: &sink.bytes) }
    }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        if sink.startElement(serial, key: key) { try sink.writeDouble(value, codingPath: codingPath + [key]) }
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        if sink.startElement(serial, key: key) { try sink.writeFloat(value, codingPath: codingPath + [key]) }
    }
    mutating func encode(_ value: Int, forKey key: Key) throws {
        if sink.startElement(serial, key: key) { sink.writeInteger(value) }
    }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try integer(value, key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        if sink.startElement(serial, key: key) { try sink.write(value, codingPath: codingPath + [key]) }
    }

    private func integer<T: BinaryInteger>(_ value: T, _ key: Key) throws {
        if sink.startElement(serial, key: key) { try sink.writeInteger(value, codingPath: codingPath + [key]) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        unstreamable(sink, codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        unstreamable(sink, codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { unstreamable(sink, codingPath: codingPath) }

    mutating func superEncoder(forKey key: Key) -> any Encoder { unstreamable(sink, codingPath: codingPath + [key]) }
}

private struct UnkeyedStreamContainer: UnkeyedEncodingContainer {
    let sink: JSONSink
    let serial: Int
    let codingPath: [any CodingKey]
    private(set) var count = 0

    init(sink: JSONSink, serial: Int, codingPath: [any CodingKey]) {
        self.sink = sink
        self.serial = serial
        self.codingPath = codingPath
    }

    private mutating func start() -> Bool {
        guard sink.startElement(serial, key: nil) else { return false }
        count += 1
        return true
    }

    mutating func encodeNil() throws { if start() { sink.writeNull() } }
    mutating func encode(_ value: Bool) throws { if start() { sink.writeBool(value) } }
    mutating func encode(_ value: String) throws { if start() { JSONValue.writeString(value, to: &sink.bytes) } }
    mutating func encode(_ value: Double) throws { if start() { try sink.writeDouble(value, codingPath: codingPath) } }
    mutating func encode(_ value: Float) throws { if start() { try sink.writeFloat(value, codingPath: codingPath) } }
    mutating func encode(_ value: Int) throws { if start() { sink.writeInteger(value) } }
    mutating func encode(_ value: Int8) throws { if start() { try sink.writeInteger(value, codingPath: codingPath) } }
    mutating func encode(_ value: Int16) throws { if start() { try sink.writeInteger(value, codingPath: codingPath) } }
    mutating func encode(_ value: Int32) throws { if start() { try sink.writeInteger(value, codingPath: codingPath) } }
    mutating func encode(_ value: Int64) throws { if start() { try sink.writeInteger(value, codingPath: codingPath) } }
    mutating func encode(_ value: UInt) throws { if start() { try sink.writeInteger(value, codingPath: codingPath) } }
    mutating func encode(_ value: UInt8) throws { if start() { try sink.writeInteger(value, codingPath: codingPath) } }
    mutating func encode(_ value: UInt16) throws { if start() { try sink.writeInteger(value, codingPath: codingPath) } }
    mutating func encode(_ value: UInt32) throws { if start() { try sink.writeInteger(value, codingPath: codingPath) } }
    mutating func encode(_ value: UInt64) throws { if start() { try sink.writeInteger(value, codingPath: codingPath) } }

    mutating func encode<T: Encodable>(_ value: T) throws {
        if start() { try sink.write(value, codingPath: codingPath) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        unstreamable(sink, codingPath: codingPath).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        unstreamable(sink, codingPath: codingPath).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { unstreamable(sink, codingPath: codingPath) }
}

private struct SingleValueStreamContainer: SingleValueEncodingContainer {
    let sink: JSONSink
    let serial: Int
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { if sink.startSingle(serial) { sink.writeNull() } }
    mutating func encode(_ value: Bool) throws { if sink.startSingle(serial) { sink.writeBool(value) } }
    mutating func encode(_ value: String) throws {
        if sink.startSingle(serial) { JSONValue.writeString(value, to: &sink.bytes) }
    }
    mutating func encode(_ value: Double) throws {
        if sink.startSingle(serial) { try sink.writeDouble(value, codingPath: codingPath) }
    }
    mutating func encode(_ value: Float) throws {
        if sink.startSingle(serial) { try sink.writeFloat(value, codingPath: codingPath) }
    }
    mutating func encode(_ value: Int) throws { if sink.startSingle(serial) { sink.writeInteger(value) } }
    mutating func encode(_ value: Int8) throws { try integer(value) }
    mutating func encode(_ value: Int16) throws { try integer(value) }
    mutating func encode(_ value: Int32) throws { try integer(value) }
    mutating func encode(_ value: Int64) throws { try integer(value) }
    mutating func encode(_ value: UInt) throws { try integer(value) }
    mutating func encode(_ value: UInt8) throws { try integer(value) }
    mutating func encode(_ value: UInt16) throws { try integer(value) }
    mutating func encode(_ value: UInt32) throws { try integer(value) }
    mutating func encode(_ value: UInt64) throws { try integer(value) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        if sink.startSingle(serial) { try sink.write(value, codingPath: codingPath) }
    }

    private func integer<T: BinaryInteger>(_ value: T) throws {
        if sink.startSingle(serial) { try sink.writeInteger(value, codingPath: codingPath) }
    }
}
