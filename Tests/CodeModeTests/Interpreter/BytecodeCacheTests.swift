import Foundation
import Testing

@testable import CodeMode

/// The bytecode cache's key and its file reads.
@Suite struct BytecodeCacheTests {
    /// Any one changed bit, anywhere in the source (within an 8-byte word, in the high bits of one,
    /// in the tail), and any change of length give another key.
    @Test func everyBitOfTheSourceCounts() {
        var generator = SystemRandomNumberGenerator()
        let source = (0..<203).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let key = BytecodeCache.fingerprint(source)
        #expect(BytecodeCache.fingerprint(source) == key)
        var keys: Set<String> = [key]
        for index in source.indices {
            for bit in [0, 3, 7] {
                var changed = source
                changed[index] ^= 1 << bit
                keys.insert(BytecodeCache.fingerprint(changed))
            }
        }
        #expect(keys.count == 1 + source.count * 3)
        #expect(BytecodeCache.fingerprint(source + [0]) != key)
        #expect(BytecodeCache.fingerprint(Array(source.dropLast())) != key)
        #expect(BytecodeCache.fingerprint([]) != BytecodeCache.fingerprint([0]))
    }

    @Test func readAllReadsWholeFilesOnly() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("punie-read-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let file = directory.appendingPathComponent("data")
        try Data(bytes).write(to: file)
        #expect(DescriptorIO.readAll(path: file.path) == bytes)
        #expect(DescriptorIO.readAll(path: directory.path) == nil)  // a directory
        #expect(DescriptorIO.readAll(path: directory.appendingPathComponent("missing").path) == nil)
        try Data().write(to: file)
        #expect(DescriptorIO.readAll(path: file.path) == [])
    }
}
