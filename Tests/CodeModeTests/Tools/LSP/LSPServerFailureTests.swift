import Foundation
import Testing
@testable import CodeMode

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The Python that runs the fake server.
private let fakeServerPython = TestBackends.environment().executable("python3")

/// Timeouts, unsupported requests, crashes and server-to-client requests, against a scripted fake
/// server (a small Python program speaking the same framing), so that each failure is certain.
@Suite(.enabled(if: fakeServerPython != nil), .timeLimit(.minutes(1)))
struct LSPServerFailureTests {
    /// The fake server: answers initialize, then per method: hover never (and ignores the
    /// cancellation), definition with -32601, documentSymbol by exiting with status 3, references
    /// after asking the client `workspace/configuration` and an unknown request of its own.
    static let script = #"""
        import json, sys
        inp, out = sys.stdin.buffer, sys.stdout.buffer
        def read():
            length = None
            while True:
                line = inp.readline()
                if not line:
                    sys.exit(0)
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            return json.loads(inp.read(length))
        def send(message):
            body = json.dumps(message).encode()
            out.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            out.flush()
        while True:
            message = read()
            method = message.get("method")
            if method == "initialize":
                encodings = message["params"]["capabilities"]["general"]["positionEncodings"]
                send({"jsonrpc": "2.0", "id": message["id"], "result": {"capabilities": {"positionEncoding": "utf-16"}}})
                sys.stderr.write("fake: client offered %s\n" % ",".join(encodings)); sys.stderr.flush()
            elif method == "textDocument/hover":
                pass
            elif method == "textDocument/definition":
                send({"jsonrpc": "2.0", "id": message["id"], "error": {"code": -32601, "message": "Unknown request"}})
            elif method == "textDocument/documentSymbol":
                sys.stderr.write("fake: crashing on purpose\n"); sys.stderr.flush()
                sys.exit(3)
            elif method == "textDocument/references":
                send({"jsonrpc": "2.0", "id": "cfg", "method": "workspace/configuration", "params": {"items": [{"section": "ty"}, {"section": "x"}]}})
                answer = read()
                send({"jsonrpc": "2.0", "id": 77, "method": "custom/thing", "params": {}})
                refusal = read()
                position = message["params"]["position"]
                send({"jsonrpc": "2.0", "id": message["id"], "result": [
                    {"uri": message["params"]["textDocument"]["uri"], "range": {"start": position, "end": position}},
                    {"uri": "file:///elsewhere/lib.py", "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}}},
                    {"uri": "file:///x/.cache/ty/vendored/typeshed/abc123/stdlib/builtins.pyi", "range": {"start": {"line": 9, "character": 2}, "end": {"line": 9, "character": 5}}}]})
                sys.stderr.write("fake: answers %s %s\n" % (json.dumps(answer["result"]), refusal["error"]["code"])); sys.stderr.flush()
            elif method == "shutdown":
                send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            elif method == "exit":
                sys.exit(0)
        """#

    @Test func aRequestWithoutAnswerTimesOutAndTheHungServerIsReplaced() throws {
        let python = try #require(fakeServerPython)
        let scripts = try TemporaryDirectory()
        defer { withExtendedLifetime(scripts) {} }
        let script = try scripts.write("fake_server.py", Self.script)
        let fixture = try LSPFixture(configuration: .init(requestTimeout: 0.3, command: [python, script]))
        let result = try fixture.hover("shop/models.py", 6, 7, "Product")
        #expect(!result.success)
        #expect(result.parseError == "the language server did not answer textDocument/hover within 0.3 s")
        #expect(fixture.serverProcessID == nil, "a server that ignores the cancellation is dropped")
        let again = try fixture.definition("shop/models.py", 6, 7, "Product")
        #expect(fixture.startCount == 2)
        #expect(again.parseError == "this version of ty's language server does not support textDocument/definition")
    }

    @Test func aCrashDuringARequestIsRetriedOnceThenReported() throws {
        let python = try #require(fakeServerPython)
        let scripts = try TemporaryDirectory()
        defer { withExtendedLifetime(scripts) {} }
        let script = try scripts.write("fake_server.py", Self.script)
        let fixture = try LSPFixture(configuration: .init(command: [python, script]))
        let result = try fixture.documentSymbols("shop/models.py")
        #expect(!result.success)
        #expect(fixture.startCount == 2)
        let message = try #require(result.parseError)
        #expect(message.contains("exited with status 3"), "\(message)")
        #expect(message.contains("fake: crashing on purpose"), "\(message)")
    }

    @Test func serverRequestsAreAnsweredAndUTF16IsConverted() throws {
        let python = try #require(fakeServerPython)
        let scripts = try TemporaryDirectory()
        defer { withExtendedLifetime(scripts) {} }
        let script = try scripts.write("fake_server.py", Self.script)
        let fixture = try LSPFixture(configuration: .init(command: [python, script]))
        // report.py line 3: make_product at scalar column 26 is UTF-16 offset 26 (0-based); the fake
        // echoes the position back, and the tool converts it back to column 26.
        let result = try fixture.references("shop/report.py", 3, 26, "make_product")
        #expect(result.success)
        #expect(
            result.references == [
                ReferenceLocation(file: "/elsewhere/lib.py", line: 1, column: 1, preview: nil),
                ReferenceLocation(file: "<typeshed>/stdlib/builtins.pyi", line: 10, column: 3, preview: nil),
                ReferenceLocation(
                    file: "shop/report.py", line: 3, column: 26,
                    preview: #"LABEL = "🙂 best"; BEST = make_product("tea", 350)"#),
            ])
        fixture.pool.shutdownAll()
    }

    @Test func aMissingServerIsAToolError() throws {
        let fixture = try LSPFixture(configuration: .init(command: ["/nonexistent/ty", "server"]))
        #expect(throws: ToolError.self) { try fixture.hover("shop/models.py", 6, 7, "Product") }
        var context = fixture.context
        context.backends = TestBackends.empty()
        let pool = LSPServerPool()
        #expect(throws: ToolError(.backendFailed, "ty not found: run the README setup (scripts/setup.sh) or pass --tools-venv")) {
            try HoverTool(pool: pool).run(.init(filePath: "shop/models.py", line: 6, column: 7, symbol: "Product"), in: context)
        }
    }
}
