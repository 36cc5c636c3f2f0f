import Foundation
import Synchronization
import Testing
@testable import CodeMode

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The five navigation tools against the real `ty server` on the fixture project.
@Suite(.enabled(if: LSPFixture.enabled), .timeLimit(.minutes(1)))
struct NavigationToolsTests {
    @Test func gotoDefinitionFindsTheClassInAnotherModule() throws {
        let fixture = try LSPFixture()
        // cart.py line 8: `    def add(self, product: Product) -> None:`; Product starts at column 28.
        let result = try fixture.definition("shop/cart.py", 8, 28, "Product")
        #expect(result.success)
        #expect(result.parseError == nil)
        #expect(result.symbol == "Product")
        #expect(
            result.locations == [
                DefinitionLocation(
                    file: "shop/models.py", line: 6, column: 7, endLine: 6, endColumn: 14, preview: "class Product:")
            ])
    }

    @Test func findReferencesCoversTheThreeModules() throws {
        let fixture = try LSPFixture()
        let result = try fixture.references("shop/models.py", 6, 7, "Product")
        #expect(result.success)
        #expect(result.referenceCount == result.references.count)
        #expect(Set(result.references.map(\.file)) == ["shop/models.py", "shop/cart.py", "shop/report.py"])
        let places = Set(result.references.map { "\($0.file):\($0.line):\($0.column)" })
        for expected in [
            "shop/models.py:6:7", "shop/models.py:20:50", "shop/models.py:22:12", "shop/cart.py:1:25",
            "shop/cart.py:6:26", "shop/cart.py:8:28", "shop/report.py:1:25", "shop/report.py:6:23",
        ] {
            #expect(places.contains(expected), "missing \(expected) in \(places.sorted())")
        }
        let cartImport = try #require(result.references.first { $0.file == "shop/cart.py" && $0.line == 1 })
        #expect(cartImport.preview == "from shop.models import Product")
        #expect(result.references == result.references.sorted { ($0.file, $0.line, $0.column) < ($1.file, $1.line, $1.column) })
    }

    @Test func hoverOnADocumentedFunctionAfterAnEmoji() throws {
        let fixture = try LSPFixture()
        // report.py line 3: `LABEL = "🙂 best"; BEST = make_product("tea", 350)`: make_product is at
        // scalar column 26 (27 in UTF-16 code units).
        let result = try fixture.hover("shop/report.py", 3, 26, "make_product")
        #expect(result.success)
        #expect(result.language == "python")
        #expect(
            result.content
                == "def make_product(\n    name: str,\n    price_cents: int\n) -> Product\n\n"
                + "Build a product named *name* costing *price_cents*.")
    }

    @Test func documentSymbolsNestMethodsInTheirClass() throws {
        let fixture = try LSPFixture()
        let result = try fixture.documentSymbols("./shop/models.py")
        #expect(result.success)
        #expect(result.filePath == "shop/models.py")
        #expect(result.symbols.map(\.name) == ["Product", "make_product"])
        let product = try #require(result.symbols.first)
        #expect(product.kind == 5)
        #expect(product.line == 6)
        #expect(product.endLine == 17)
        #expect(product.children.map(\.name) == ["name", "price_cents", "discounted", "label"])
        #expect(product.children.map(\.kind) == [8, 8, 6, 6])
        #expect(product.children.first { $0.name == "discounted" }.map { [$0.line, $0.endLine] } == [12, 14])
        let function = result.symbols[1]
        #expect(function.kind == 12)
        #expect(function.line == 20 && function.endLine == 22)
        #expect(result.symbolCount == 6)
    }

    @Test func workspaceSymbolsGiveFileLineAndContainer() throws {
        let fixture = try LSPFixture()
        let result = try fixture.workspaceSymbols("discounted")
        #expect(result.success)
        #expect(result.symbolCount == result.symbols.count)
        #expect(
            result.symbols.first
                == WorkspaceSymbol(name: "discounted", kind: 6, file: "shop/models.py", line: 12, containerName: "Product"))

        let product = try fixture.workspaceSymbols("Product")
        // The exact match comes first; ty's range starts at the decorator (line 5), the name is on 6.
        #expect(product.symbols.first == WorkspaceSymbol(name: "Product", kind: 5, file: "shop/models.py", line: 6))
        #expect(product.symbols.contains { $0.name == "make_product" && $0.containerName == nil })

        let none = try fixture.workspaceSymbols("zzqqxx")
        #expect(none.success)
        #expect(none.symbols.isEmpty && none.symbolCount == 0)
    }

    @Test func aBuiltinIsDefinedInTyVendoredTypeshed() throws {
        let fixture = try LSPFixture()
        // cart.py line 6: `        self.items: list[Product] = []`
        let result = try fixture.definition("shop/cart.py", 6, 21, "list")
        #expect(result.success)
        let location = try #require(result.locations.first)
        #expect(location.file == "<typeshed>/stdlib/builtins.pyi")
        #expect(location.column == 7 && location.endColumn == 11)
        #expect(location.preview == nil)
    }

    @Test func aWrongColumnFallsBackToTheSymbolOnThatLine() throws {
        let fixture = try LSPFixture()
        // Column 1 is whitespace on cart.py line 8; the symbol name finds `Product` on the line.
        let moved = try fixture.definition("shop/cart.py", 8, 1, "Product")
        #expect(moved.success)
        #expect(moved.locations.first?.file == "shop/models.py")
        // A dotted name uses its last component.
        let dotted = try fixture.hover("shop/cart.py", 9, 1, "self.items.append")
        #expect(dotted.success)
        #expect(dotted.content?.contains("append") == true)
    }

    @Test func aPositionOnWhitespaceIsAnUnsuccessfulResult() throws {
        let fixture = try LSPFixture()
        // cart.py line 5 `    def __init__(self) -> None:`, column 2 is indentation; `total` is not on that line.
        let hover = try fixture.hover("shop/cart.py", 5, 2, "total")
        #expect(!hover.success)
        #expect(hover.content == nil)
        #expect(hover.parseError == "no hover information at line 5, column 2 of shop/cart.py ('total' does not occur on that line)")
        let definition = try fixture.definition("shop/cart.py", 5, 2, "")
        #expect(!definition.success && definition.locations.isEmpty)
        #expect(definition.parseError?.hasPrefix("no definition found for '' at line 5, column 2") == true)
        let references = try fixture.references("shop/cart.py", 2, 1, "")
        #expect(!references.success && references.referenceCount == 0)
        let pastEnd = try fixture.hover("shop/cart.py", 99, 1, "Cart")
        #expect(pastEnd.parseError == "line 99 is past the end of 'shop/cart.py' (12 lines)")
    }

    @Test func aFileOutsideTheWorkspaceIsRefused() throws {
        let fixture = try LSPFixture()
        let outside = try TemporaryDirectory()
        try outside.write("secret.py", "SECRET = 1\n")
        #expect(throws: ToolError.self) { try fixture.definition("../\(URL(fileURLWithPath: outside.path).lastPathComponent)/secret.py", 1, 1, "SECRET") }
        #expect(throws: ToolError(.invalidPath, "absolute path '\(outside.path)/secret.py' is not allowed: use a path relative to the workspace")) {
            try fixture.hover("\(outside.path)/secret.py", 1, 1, "SECRET")
        }
        #expect(throws: ToolError(.invalidPath, "path '../x.py' leads outside the workspace")) {
            try fixture.documentSymbols("../x.py")
        }
        // Through a symbolic link is outside too.
        try FileManager.default.createSymbolicLink(
            atPath: fixture.directory.path + "/linked.py", withDestinationPath: outside.path + "/secret.py")
        #expect(throws: ToolError.self) { try fixture.references("linked.py", 1, 1, "SECRET") }
        #expect(fixture.serverProcessID == nil, "no server is started for refused paths")
    }

    @Test func aMissingFileIsAToolErrorInTheProgram() async throws {
        let fixture = try LSPFixture()
        let result = await fixture.run(
            """
            try:
                goto_definition("shop/missing.py", 1, 1, "x")
            except ToolError as error:
                print("ToolError:", error)
            """)
        #expect(result.status == .ok)
        #expect(result.stdout == "ToolError: 'shop/missing.py' does not exist in the workspace\n")
    }

    @Test func aNonPythonFileIsUnsupported() throws {
        let fixture = try LSPFixture()
        let result = try fixture.documentSymbols("README.md")
        #expect(!result.success)
        #expect(result.parseError == "ty's language server answers only for Python files (.py, .pyi); 'README.md' is not one")
        let empty = try fixture.workspaceSymbols("  ")
        #expect(!empty.success)
        #expect(empty.parseError?.contains("empty query") == true)
    }

    @Test func aServerKilledBetweenTwoCallsIsRestarted() throws {
        let fixture = try LSPFixture()
        let first = try fixture.hover("shop/models.py", 20, 5, "make_product")
        #expect(first.success)
        let pid = try #require(fixture.serverProcessID)
        #expect(kill(pid, SIGKILL) == 0)
        let second = try fixture.definition("shop/cart.py", 8, 28, "Product")
        #expect(second.success)
        #expect(second.locations.first?.line == 6)
        #expect(fixture.startCount == 2)
        #expect(fixture.serverProcessID != pid)
    }

    @Test func concurrentCallsShareOneServer() throws {
        let fixture = try LSPFixture()
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            let failure: String?
            do {
                switch index % 4 {
                case 0:
                    let result = try fixture.definition("shop/cart.py", 8, 28, "Product")
                    failure = result.success ? nil : "definition: \(result.parseError ?? "")"
                case 1:
                    let result = try fixture.references("shop/models.py", 6, 7, "Product")
                    failure = result.success ? nil : "references: \(result.parseError ?? "")"
                case 2:
                    let result = try fixture.hover("shop/models.py", 20, 5, "make_product")
                    failure = result.success ? nil : "hover: \(result.parseError ?? "")"
                default:
                    let result = try fixture.workspaceSymbols("label")
                    failure = result.success ? nil : "workspace_symbols: \(result.parseError ?? "")"
                }
            } catch {
                failure = "\(index): \(error)"
            }
            if let failure { failures.withLock { $0.append(failure) } }
        }
        #expect(failures.withLock { $0 } == [])
        #expect(fixture.startCount == 1)
    }

    @Test func theServerStaysWarmAcrossExecutionsAndShutsDownCleanly() async throws {
        let fixture = try LSPFixture()
        let program = """
            s = document_symbols("shop/cart.py")
            print(s.success, s.symbol_count, [c.name for c in s.symbols[0].children])
            """
        let first = await fixture.run(program)
        #expect(first.stdout == "True 4 ['__init__', 'add', 'total']\n")
        let second = await fixture.run(program)
        #expect(second.stdout == first.stdout)
        #expect(fixture.startCount == 1)
        let pid = try #require(fixture.serverProcessID)
        fixture.pool.shutdownAll()
        #expect(fixture.serverProcessID == nil)
        #expect(kill(pid, 0) == -1 && errno == ESRCH, "the server process is gone (and reaped)")
    }

    @Test func filesWrittenEarlierInTheProgramAreSeen() async throws {
        let fixture = try LSPFixture()
        let result = await fixture.run(
            """
            before = workspace_symbols("restock")
            print(before.symbol_count)
            h = hover("shop/models.py", 20, 5, "make_product")
            print("Build" in h.content)
            source = read_file("shop/models.py")
            write_file("shop/models.py", source.replace("Build a product", "Create a product"))
            write_file("shop/stock.py", "from shop.models import Product\\n\\n\\ndef restock(product: Product) -> None:\\n    pass\\n")
            after = workspace_symbols("restock")
            print(after.symbol_count, after.symbols[0].file, after.symbols[0].line)
            print(hover("shop/models.py", 20, 5, "make_product").content.splitlines()[-1])
            refs = find_references("shop/models.py", 6, 7, "Product")
            print(sorted({r.file for r in refs.references}))
            """)
        #expect(result.status == .ok, "\(result.response)")
        #expect(
            result.stdout == """
                0
                True
                1 shop/stock.py 4
                Create a product named *name* costing *price_cents*.
                ['shop/cart.py', 'shop/models.py', 'shop/report.py', 'shop/stock.py']

                """)
    }

    @Test func resultsReachThePythonProgramAsModels() async throws {
        let fixture = try LSPFixture()
        let result = await fixture.run(
            """
            d = goto_definition("shop/report.py", 6, 23, "Product")
            loc = d.locations[0]
            print(isinstance(d, GotoDefinitionResult), d.success, loc.file, loc.line, loc.column, loc.end_line, loc.end_column, loc.preview)
            r = find_references("shop/report.py", 1, 34, "make_product")
            print(r.reference_count, [(x.file, x.line) for x in r.references])
            """)
        #expect(result.status == .ok, "\(result.response)")
        #expect(
            result.stdout == """
                True True shop/models.py 6 7 6 14 class Product:
                3 [('shop/models.py', 20), ('shop/report.py', 1), ('shop/report.py', 3)]

                """)
    }
}
