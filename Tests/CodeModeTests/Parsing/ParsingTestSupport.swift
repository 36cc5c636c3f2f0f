import CodeMode
import Foundation

/// Helpers shared by the parsing suites.
enum ParsingTestSupport {
    /// Tests/CodeModeTests, found from this file's path.
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

    /// The tool-call golden folder.
    static let goldenFolder = testsFolder.appendingPathComponent("Golden/ToolCalls")

    /// The golden JSON rendering of a parse result.
    static func goldenJSON(_ result: ParseResult) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(result), as: UTF8.self) + "\n"
    }

    /// Feeds `bytes` to a streaming parser in chunks of the given sizes (cycled) and finishes.
    static func parseStreaming(
        _ bytes: [UInt8], options: ParseOptions = ParseOptions(), chunkSizes: [Int]
    ) -> (result: ParseResult, updates: [StreamingUpdate]) {
        var parser = StreamingToolCallParser(options: options)
        var updates: [StreamingUpdate] = []
        var index = 0
        var sizeIndex = 0
        while index < bytes.count {
            let size = max(1, chunkSizes.isEmpty ? bytes.count : chunkSizes[sizeIndex % chunkSizes.count])
            sizeIndex += 1
            let end = min(bytes.count, index + size)
            updates.append(parser.feed(bytes: Array(bytes[index..<end])))
            index = end
        }
        updates.append(parser.finish())
        return (parser.result, updates)
    }
}

/// A small deterministic random number generator (SplitMix64), so property tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
