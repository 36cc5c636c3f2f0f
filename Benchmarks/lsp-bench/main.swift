// lsp-bench: latency of the five LSP navigation tools over a real `ty server`.
//
// For each tool it measures the first call on a fresh server pool (server spawn, initialize and
// the first request, i.e. what a program pays once) over several cold rounds, then the median of
// warm calls on the running server. Calls go through ToolRegistry.call, the path a Code Mode
// program's tool calls take (argument decoding, workspace confinement, file-change scan, request,
// result encoding), without the Python interpreter.
//
//     swift run -c release --scratch-path .build-lsp lsp-bench [--cold N] [--warm N] [--modules N]

import CodeMode
import Foundation

struct Options {
    var coldRounds = 5
    var warmCalls = 50
    var extraModules = 40

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            let value = iterator.next().flatMap { Int($0) }
            switch (argument, value) {
            case ("--cold", let value?): coldRounds = max(1, value)
            case ("--warm", let value?): warmCalls = max(1, value)
            case ("--modules", let value?): extraModules = max(0, value)
            default:
                FileHandle.standardError.write(Data("usage: lsp-bench [--cold N] [--warm N] [--modules N]\n".utf8))
                exit(64)
            }
        }
    }
}

/// The benchmark project: the test fixture's three modules plus generated ones that use them.
func makeProject(extraModules: Int) throws -> String {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("lsp-bench-\(UUID().uuidString)")
    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
    try write("shop/__init__.py", "")
    try write(
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

        """)
    try write(
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

        """)
    for index in 0..<extraModules {
        try write(
            "shop/extra/module_\(index).py",
            """
            from shop.models import Product, make_product


            class Helper\(index):
                def build(self, name: str) -> Product:
                    return make_product(name, \(index))

                def price(self, product: Product) -> int:
                    return product.discounted(\(index % 50))


            def helper_\(index)(product: Product) -> str:
                return product.label()

            """)
    }
    return root.resolvingSymlinksInPath().path
}

struct Call {
    var tool: String
    var arguments: String
}

let calls = [
    Call(tool: "goto_definition", arguments: #"{"file_path": "shop/cart.py", "line": 8, "column": 28, "symbol": "Product"}"#),
    Call(tool: "find_references", arguments: #"{"file_path": "shop/models.py", "line": 6, "column": 7, "symbol": "Product"}"#),
    Call(tool: "hover", arguments: #"{"file_path": "shop/models.py", "line": 20, "column": 5, "symbol": "make_product"}"#),
    Call(tool: "document_symbols", arguments: #"{"file_path": "shop/models.py"}"#),
    Call(tool: "workspace_symbols", arguments: #"{"query": "discounted"}"#),
]

func registry(pool: LSPServerPool) -> ToolRegistry {
    var registry = ToolRegistry()
    registry.register(GotoDefinitionTool(pool: pool))
    registry.register(FindReferencesTool(pool: pool))
    registry.register(HoverTool(pool: pool))
    registry.register(DocumentSymbolsTool(pool: pool))
    registry.register(WorkspaceSymbolsTool(pool: pool))
    return registry
}

func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// Times one call and checks that it produced a successful result.
func timed(_ call: Call, _ registry: ToolRegistry, _ context: ToolContext) -> Double {
    let start = now()
    let result = registry.call(call.tool, argumentsJSON: Array(call.arguments.utf8), in: context)
    let elapsed = now() - start
    switch result {
    case .success(let bytes):
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.contains(#""success":true"#) else {
            FileHandle.standardError.write(Data("\(call.tool) failed: \(text)\n".utf8))
            exit(1)
        }
    case .failure(let error):
        FileHandle.standardError.write(Data("\(call.tool) failed: \(error)\n".utf8))
        exit(1)
    }
    return elapsed
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func milliseconds(_ seconds: Double) -> String { String(format: "%.2f ms", seconds * 1000) }

let options = Options(CommandLine.arguments)
let backends = BackendEnvironment.discover()
guard let ty = backends.executable("ty") else {
    FileHandle.standardError.write(Data("ty not found: run scripts/setup.sh (or set PUNIE_TOOLS_VENV)\n".utf8))
    exit(1)
}
let root = try makeProject(extraModules: options.extraModules)
defer { try? FileManager.default.removeItem(atPath: root) }
let context = ToolContext(workspace: try Workspace(root: root), policy: ToolPolicy(), backends: backends)

print("lsp-bench: \(ty) on \(2 + options.extraModules) modules; \(options.coldRounds) cold rounds, \(options.warmCalls) warm calls per tool")
print("")
print("| tool | first call (server start included), median | min | warm median | warm p90 |")
print("|---|---|---|---|---|")
var shutdowns: [Double] = []
for call in calls {
    var firsts: [Double] = []
    var warm: [Double] = []
    for round in 0..<options.coldRounds {
        let pool = LSPServerPool()
        let tools = registry(pool: pool)
        firsts.append(timed(call, tools, context))
        if round == options.coldRounds - 1 {
            for _ in 0..<options.warmCalls { warm.append(timed(call, tools, context)) }
        }
        let start = now()
        pool.shutdownAll()
        shutdowns.append(now() - start)
    }
    let p90 = warm.sorted()[min(warm.count - 1, Int(Double(warm.count) * 0.9))]
    print(
        "| \(call.tool) | \(milliseconds(median(firsts))) | \(milliseconds(firsts.min() ?? 0)) | "
            + "\(milliseconds(median(warm))) | \(milliseconds(p90)) |")
}

// A program making all five calls on a cold pool, then again warm.
var programCold: [Double] = []
var programWarm: [Double] = []
for _ in 0..<options.coldRounds {
    let pool = LSPServerPool()
    let tools = registry(pool: pool)
    programCold.append(calls.reduce(0) { $0 + timed($1, tools, context) })
    programWarm.append(calls.reduce(0) { $0 + timed($1, tools, context) })
    pool.shutdownAll()
}
print("")
print("all five tools in one program: \(milliseconds(median(programCold))) cold pool, \(milliseconds(median(programWarm))) warm")
print("shutdownAll (shutdown + exit + reap), median: \(milliseconds(median(shutdowns)))")
