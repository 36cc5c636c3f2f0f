import Foundation
import Testing

@testable import CodeMode

/// `JSONStreamEncoder` writes, byte for byte, what the tree encoder (`JSONValueEncoder`) writes,
/// and answers nil for the values it cannot stream, which `ResultEncoder` then encodes the other way.
@Suite struct JSONStreamEncoderTests {
    private func streamed<T: Encodable>(_ value: T) throws -> String? {
        try JSONStreamEncoder().encode(value).map { String(decoding: $0, as: UTF8.self) }
    }

    private func tree<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try JSONValueEncoder().encode(value).jsonBytes, as: UTF8.self)
    }

    private func sample<T: Decodable>(_ type: T.Type, tool: String) throws -> T {
        let signature = try #require(StubCatalog.standard.tool(named: tool))
        return try JSONValueDecoder().decode(type, from: StubSamples.result(for: signature, catalog: .standard))
    }

    /// Every result model of the stubs, from its sample with every field set.
    @Test func everyResultModelStreamsAsTheTreeEncoderWrites() throws {
        func check<T: Codable>(_ type: T.Type, _ tool: String) throws {
            let value = try sample(type, tool: tool)
            #expect(try streamed(value) == tree(value), "\(tool)")
        }
        try check(GitStatusResult.self, "git_status")
        try check(GitDiffResult.self, "git_diff")
        try check(GitLogResult.self, "git_log")
        try check(TypeCheckResult.self, "typecheck")
        try check(RuffResult.self, "ruff_check")
        try check(TestResult.self, "pytest_run")
        try check(DirectoryListing.self, "list_directory")
        try check(GotoDefinitionResult.self, "goto_definition")
        try check(FindReferencesResult.self, "find_references")
        try check(HoverResult.self, "hover")
        try check(DocumentSymbolsResult.self, "document_symbols")
        try check(WorkspaceSymbolsResult.self, "workspace_symbols")
    }

    @Test func scalarsOptionalsAndAwkwardTextStreamAsTheTreeEncoderWrites() throws {
        let text = ResultCodingTests.awkwardText
        #expect(try streamed(text) == tree(text))
        #expect(try streamed([1, -7, 10, Int.min]) == tree([1, -7, 10, Int.min]))
        #expect(try streamed([0.5, 3.0, 1e21, -0.0]) == tree([0.5, 3.0, 1e21, -0.0]))
        #expect(try streamed([true, false]) == tree([true, false]))
        #expect(try streamed([Int8(-3)]) == "[-3]")
        #expect(try streamed([UInt64(7)]) == "[7]")
        #expect(try streamed([Float(0.1)]) == tree([Float(0.1)]))
        #expect(try streamed(Optional<Int>.none) == "null")
        #expect(try streamed([String?.none, "a"]) == #"[null,"a"]"#)
        #expect(try streamed(GitLogResult(success: true, commits: [], commitCount: 0)) == #"{"success":true,"commits":[],"commit_count":0}"#)
        #expect(try streamed(Empty()) == "{}")
        #expect(try streamed(Wrapper(inner: [Empty()])) == #"{"inner":[{}]}"#)
    }

    @Test func nonFiniteNumbersAndOversizedIntegersAreRefused() {
        #expect(throws: EncodingError.self) { _ = try streamed([Double.nan]) }
        #expect(throws: EncodingError.self) { _ = try streamed(TestCase(name: "t", outcome: "passed", duration: -.infinity)) }
        #expect(throws: EncodingError.self) { _ = try streamed([UInt64.max]) }
    }

    struct Empty: Codable {}

    struct Wrapper: Encodable {
        var inner: [Empty]
    }

    /// A nested container is written by the tree encoder only.
    struct Nested: Encodable {
        enum Keys: String, CodingKey { case outer, inner, after }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            var nested = container.nestedContainer(keyedBy: Keys.self, forKey: .outer)
            try nested.encode(1, forKey: .inner)
            try container.encode(2, forKey: .after)
        }
    }

    /// A container kept and written after its value was finished.
    final class Escaping: Encodable, @unchecked Sendable {
        enum Keys: String, CodingKey { case first, late }
        var kept: KeyedEncodingContainer<Keys>?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(1, forKey: .first)
            kept = container
        }
    }

    struct LateWriter: Encodable {
        let escaping = Escaping()

        func encode(to encoder: any Encoder) throws {
            var container = encoder.unkeyedContainer()
            try container.encode(escaping)
            try escaping.kept?.encode(2, forKey: .late)
        }
    }

    @Test func valuesThatCannotBeStreamedFallBackToTheTreeEncoder() throws {
        #expect(try streamed(Nested()) == nil)
        #expect(String(decoding: try ResultEncoder.encode(Nested()), as: UTF8.self) == #"{"outer":{"inner":1},"after":2}"#)
        #expect(try streamed(LateWriter()) == nil)
        #expect(String(decoding: try ResultEncoder.encode(LateWriter()), as: UTF8.self) == #"[{"first":1,"late":2}]"#)
    }

    /// Key spellings are kept across calls, and a cache can spell them either way.
    @Test func keySpellingsAreKeptAndFollowTheCachesConvention() throws {
        let keys = JSONKeyCache()
        let value = GitStatusResult(success: true, clean: true, fileCount: 0, files: [])
        let first = try JSONStreamEncoder(keys: keys).encode(value)
        #expect(try JSONStreamEncoder(keys: keys).encode(value) == first)
        let camel = try #require(try JSONStreamEncoder(keys: JSONKeyCache(snakeCase: false)).encode(value))
        #expect(String(decoding: camel, as: UTF8.self) == #"{"success":true,"clean":true,"fileCount":0,"files":[]}"#)
    }
}
