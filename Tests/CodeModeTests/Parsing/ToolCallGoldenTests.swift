import CodeMode
import Foundation
import Testing

/// One golden case: `<name>.input.txt`, optional `<name>.options.json`, and `<name>.expected.json`.
struct ToolCallGoldenCase: Sendable, CustomTestStringConvertible {
    var id: String
    var testDescription: String { id }

    var inputURL: URL { ParsingTestSupport.goldenFolder.appendingPathComponent("\(id).input.txt") }
    var optionsURL: URL { ParsingTestSupport.goldenFolder.appendingPathComponent("\(id).options.json") }
    var expectedURL: URL { ParsingTestSupport.goldenFolder.appendingPathComponent("\(id).expected.json") }

    /// Every case in the golden folder, by listing it.
    static var all: [ToolCallGoldenCase] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: ParsingTestSupport.goldenFolder.path)) ?? []
        return names.filter { $0.hasSuffix(".input.txt") }
            .map { ToolCallGoldenCase(id: String($0.dropLast(".input.txt".count))) }
            .sorted { $0.id < $1.id }
    }

    func options() throws -> ParseOptions {
        guard let data = FileManager.default.contents(atPath: optionsURL.path) else { return ParseOptions() }
        let decoded = try JSONDecoder().decode(GoldenOptions.self, from: data)
        return ParseOptions(
            format: decoded.format.flatMap(ToolCallFormat.init(rawValue:)), fencedCode: decoded.fencedCode ?? false)
    }

    private struct GoldenOptions: Decodable {
        var format: String?
        var fencedCode: Bool?
    }
}

@Suite struct ToolCallGoldenTests {
    @Test func goldenFolderHasCases() {
        #expect(ToolCallGoldenCase.all.count >= 40)
    }

    /// Whole-text parse of each input, compared with its expected JSON (`CODEMODE_RECORD=1` rewrites).
    @Test(arguments: ToolCallGoldenCase.all)
    func golden(_ golden: ToolCallGoldenCase) throws {
        let input = try #require(FileManager.default.contents(atPath: golden.inputURL.path))
        let options = try golden.options()
        let result = ToolCallParser(options: options).parse(Array(input))
        let actual = try ParsingTestSupport.goldenJSON(result)
        let record = ProcessInfo.processInfo.environment["CODEMODE_RECORD"] == "1"
        guard !record, let expectedData = FileManager.default.contents(atPath: golden.expectedURL.path) else {
            try Data(actual.utf8).write(to: golden.expectedURL)
            if !record { Issue.record("recorded missing golden \(golden.expectedURL.lastPathComponent); check it in") }
            return
        }
        #expect(actual == String(decoding: expectedData, as: UTF8.self))
    }

    /// Streaming the same input in small chunks gives exactly the whole-text result.
    @Test(arguments: ToolCallGoldenCase.all)
    func streamingMatchesWholeText(_ golden: ToolCallGoldenCase) throws {
        let input = Array(try #require(FileManager.default.contents(atPath: golden.inputURL.path)))
        let options = try golden.options()
        let whole = ToolCallParser(options: options).parse(input)
        for sizes in [[1], [2, 5], [7, 1, 13], [64]] {
            let streamed = ParsingTestSupport.parseStreaming(input, options: options, chunkSizes: sizes)
            #expect(streamed.result == whole, "chunk sizes \(sizes)")
            #expect(streamed.updates.flatMap(\.calls) == whole.calls, "chunk sizes \(sizes)")
            #expect(streamed.updates.map(\.text).joined() == whole.text, "chunk sizes \(sizes)")
        }
    }
}
