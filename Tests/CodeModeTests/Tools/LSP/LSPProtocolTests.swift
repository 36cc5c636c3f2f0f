import Testing
@testable import CodeMode

/// Framing, coordinates and text handling of the LSP layer, without a server.
@Suite struct LSPProtocolTests {
    @Test func framesAreSplitByContentLength() {
        let first = #"{"jsonrpc":"2.0","id":1,"result":null}"#
        let second = #"{"jsonrpc":"2.0","method":"x"}"#
        var buffer = Array("Content-Length: \(first.utf8.count)\r\n\r\n\(first)content-length:\(second.utf8.count)\r\n".utf8)
        #expect(JSONRPCConnection.nextFrame(&buffer) == .message(Array(first.utf8)))
        #expect(JSONRPCConnection.nextFrame(&buffer) == .incomplete)
        buffer += Array("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n\(second.prefix(5))".utf8)
        #expect(JSONRPCConnection.nextFrame(&buffer) == .incomplete)
        buffer += Array(second.dropFirst(5).utf8)
        #expect(JSONRPCConnection.nextFrame(&buffer) == .message(Array(second.utf8)))
        #expect(buffer.isEmpty)
    }

    @Test func malformedFramesAreRejected() {
        var noLength = Array("X-Other: 1\r\n\r\n{}".utf8)
        #expect(JSONRPCConnection.nextFrame(&noLength) == .invalid("a message without a valid Content-Length"))
        var huge = Array("Content-Length: 999999999999\r\n\r\n".utf8)
        guard case .invalid = JSONRPCConnection.nextFrame(&huge) else {
            Issue.record("an oversized message was accepted")
            return
        }
        var endless = [UInt8](repeating: 65, count: 9000)
        guard case .invalid = JSONRPCConnection.nextFrame(&endless) else {
            Issue.record("an endless header was accepted")
            return
        }
    }

    @Test func positionEncodingsConvertScalarColumns() {
        let line = #"EMOJI = "🙂🙂"; DEFAULT = Item("Z9", "zed", 1)"#
        // `Item` is scalar index 24: UTF-16 offset 26, UTF-8 offset 30 (tool-backends.md).
        #expect(PositionEncoding.utf32.offset(ofScalar: 24, in: line) == 24)
        #expect(PositionEncoding.utf16.offset(ofScalar: 24, in: line) == 26)
        #expect(PositionEncoding.utf8.offset(ofScalar: 24, in: line) == 30)
        #expect(PositionEncoding.utf16.scalarIndex(ofOffset: 26, in: line) == 24)
        #expect(PositionEncoding.utf8.scalarIndex(ofOffset: 30, in: line) == 24)
        #expect(PositionEncoding.utf16.scalarIndex(ofOffset: 26, in: nil) == 26)
        // Past the end of the line, offsets continue one per scalar.
        #expect(PositionEncoding.utf16.offset(ofScalar: 50, in: "🙂") == 51)
        #expect(PositionEncoding.utf16.scalarIndex(ofOffset: 5, in: "🙂") == 4)
    }

    @Test func theSymbolNameCorrectsAColumn() {
        let line = "    def add(self, product: Product) -> None:"
        #expect(SymbolLocator.index(for: "Product", on: line, column: 28) == (27, false))  // on it
        #expect(SymbolLocator.index(for: "Product", on: line, column: 31) == (30, false))  // inside it
        #expect(SymbolLocator.index(for: "Product", on: line, column: 35) == (27, false))  // just after it
        #expect(SymbolLocator.index(for: "Product", on: line, column: 1) == (27, true))  // elsewhere
        #expect(SymbolLocator.index(for: "product", on: line, column: 1) == (18, true))  // whole words only
        #expect(SymbolLocator.index(for: "Cart.add", on: line, column: 40) == (8, true))  // last component
        #expect(SymbolLocator.index(for: "missing", on: line, column: 3) == (2, false))  // not on the line
        #expect(SymbolLocator.index(for: "", on: line, column: 9) == (8, false))
        #expect(SymbolLocator.occurrences(of: "x", on: "x = x_x + x") == [0, 10])
    }

    @Test func fileURIsRoundTrip() {
        let path = "/tmp/a dir/naïve#1%.py"
        let uri = FileURI.make(path: path)
        #expect(uri == "file:///tmp/a%20dir/na%C3%AFve%231%25.py")
        #expect(FileURI.path(uri) == path)
        #expect(FileURI.path("file://localhost/x.py") == "/x.py")
        #expect(FileURI.path("file://server/x.py") == nil)
        #expect(FileURI.path("untitled:1") == nil)
        #expect(FileURI.path("file:///bad%zz") == nil)
    }

    @Test func sourceLinesFollowLSP() {
        let source = SourceText(bytes: Array("a\r\nb\n\nc\n".utf8))
        #expect(source.lines == ["a", "b", "", "c", ""])
        #expect(source.lineCount == 4)
        #expect(SourceText(bytes: []).lineCount == 0)
        #expect(SourceText(bytes: Array("x".utf8)).lineCount == 1)
    }

    @Test func hoverMarkdownBecomesCodeAndDocumentation() {
        let markdown = "```python\ndef f(a: int) -> str\n```\n---\nConvert `a`\\_value to text.  \nSecond line."
        let split = HoverText.split(markdown, kind: "markdown")
        #expect(split.content == "def f(a: int) -> str\n\nConvert `a`_value to text.\nSecond line.")
        #expect(split.language == "python")
        #expect(HoverText.split("```python\nlist[int]\n```", kind: "markdown") == ("list[int]", "python"))
        #expect(HoverText.split("```xml\nTypeAlias\n```", kind: "markdown").language == "xml")
        #expect(HoverText.split("plain words", kind: "plaintext") == ("plain words", "plaintext"))
        #expect(HoverText.unescape(#"a \n b \* c"#) == #"a \n b * c"#)
    }

    @Test func rangesContainRanges() {
        let outer = LSPRange(start: .init(line: 1, character: 0), end: .init(line: 9, character: 4))
        let inner = LSPRange(start: .init(line: 3, character: 4), end: .init(line: 5, character: 0))
        #expect(outer.contains(inner))
        #expect(!inner.contains(outer))
        #expect(outer.contains(outer))
    }
}
