import Foundation
@testable import CodeMode

/// A small Python project for the navigation tools, with its own server pool and executor.
///
/// `shop/models.py` defines the class `Product` (documented methods, a decorator) and the
/// documented function `make_product`; `shop/cart.py` and `shop/report.py` use `Product`, and
/// `report.py` line 3 holds an emoji before `make_product` (a position-encoding probe).
struct LSPFixture {
    /// True when `ty` can be found, or when running in CI (where a missing ty must fail the tests).
    static let enabled = TestBackends.available("ty")

    static let files: [(String, String)] = [
        ("shop/__init__.py", ""),
        (
            "shop/models.py",
            """
            \"\"\"Shop models.\"\"\"
            from dataclasses import dataclass


            @dataclass
            class Product:
                \"\"\"A product for sale.\"\"\"

                name: str
                price_cents: int = 0

                def discounted(self, percent: int) -> int:
                    \"\"\"Return the price after a discount of `percent` per cent.\"\"\"
                    return self.price_cents * (100 - percent) // 100

                def label(self) -> str:
                    return f"{self.name} ({self.price_cents})"


            def make_product(name: str, price_cents: int) -> Product:
                \"\"\"Build a product named *name* costing *price_cents*.\"\"\"
                return Product(name, price_cents)

            """
        ),
        (
            "shop/cart.py",
            """
            from shop.models import Product


            class Cart:
                def __init__(self) -> None:
                    self.items: list[Product] = []

                def add(self, product: Product) -> None:
                    self.items.append(product)

                def total(self) -> int:
                    return sum(p.price_cents for p in self.items)

            """
        ),
        (
            "shop/report.py",
            """
            from shop.models import Product, make_product

            LABEL = "🙂 best"; BEST = make_product("tea", 350)


            def describe(product: Product) -> str:
                return product.label()

            """
        ),
        ("README.md", "# shop\n"),
    ]

    let directory: TemporaryDirectory
    let pool: LSPServerPool
    let context: ToolContext
    let executor: InProcessExecutor

    init(configuration: LSPServerPool.Configuration = .init(), allowWrite: Bool = true) throws {
        directory = try TemporaryDirectory(prefix: "punie-lsp")
        for (path, text) in Self.files { try directory.write(path, text) }
        pool = LSPServerPool(configuration: configuration)
        context = ToolContext(
            workspace: try Workspace(root: directory.path), policy: ToolPolicy(allowWrite: allowWrite),
            backends: TestBackends.environment())
        var registry = ToolRegistry.standard()
        registry.register(GotoDefinitionTool(pool: pool))
        registry.register(FindReferencesTool(pool: pool))
        registry.register(HoverTool(pool: pool))
        registry.register(DocumentSymbolsTool(pool: pool))
        registry.register(WorkspaceSymbolsTool(pool: pool))
        executor = InProcessExecutor(registry: registry, context: context)
    }

    /// Runs a Code Mode program against the fixture.
    func run(_ code: String) async -> ExecutionResult { await executor.execute(code) }

    /// The running server's process id.
    var serverProcessID: pid_t? { pool.serverProcessID(root: context.workspace.root) }

    /// How many servers the pool has started for the fixture.
    var startCount: Int { pool.startCount(root: context.workspace.root) }

    func definition(_ path: String, _ line: Int, _ column: Int, _ symbol: String) throws(ToolError) -> GotoDefinitionResult {
        try GotoDefinitionTool(pool: pool).run(.init(filePath: path, line: line, column: column, symbol: symbol), in: context)
    }

    func references(_ path: String, _ line: Int, _ column: Int, _ symbol: String) throws(ToolError) -> FindReferencesResult {
        try FindReferencesTool(pool: pool).run(.init(filePath: path, line: line, column: column, symbol: symbol), in: context)
    }

    func hover(_ path: String, _ line: Int, _ column: Int, _ symbol: String) throws(ToolError) -> HoverResult {
        try HoverTool(pool: pool).run(.init(filePath: path, line: line, column: column, symbol: symbol), in: context)
    }

    func documentSymbols(_ path: String) throws(ToolError) -> DocumentSymbolsResult {
        try DocumentSymbolsTool(pool: pool).run(.init(filePath: path), in: context)
    }

    func workspaceSymbols(_ query: String) throws(ToolError) -> WorkspaceSymbolsResult {
        try WorkspaceSymbolsTool(pool: pool).run(.init(query: query), in: context)
    }
}
