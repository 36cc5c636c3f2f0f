// exec-bench: execution figures of the embedded interpreter.
//
//   exec-bench warm [N]      median time of one typical Code Mode program in a warm interpreter
//   exec-bench memory [N]    resident-memory growth over N executions (default 20,000)
//
// Tool results come from canned tools (no backend), so the figures measure punie-exec itself.
import CodeMode
import Foundation

/// typecheck() answering with a fixed result of `count` errors.
struct CannedTypecheck: Tool {
    static let name = "typecheck"
    struct Arguments: Decodable, Sendable { var path: String }
    let result: TypeCheckResult

    init(errors count: Int) {
        let errors = (0..<count).map { index in
            TypeCheckError(
                file: "src/module\(index % 7).py", line: index + 1, column: 5, severity: index % 5 == 0 ? "warning" : "error",
                code: "invalid-assignment", message: "Object of type `float` is not assignable to `int`")
        }
        let warnings = errors.filter { $0.severity == "warning" }.count
        result = TypeCheckResult(
            success: errors.count == warnings, errorCount: errors.count - warnings, warningCount: warnings, errors: errors)
    }

    func run(_ arguments: Arguments, in context: ToolContext) throws(ToolError) -> TypeCheckResult { result }
}

let typicalProgram = """
    result = typecheck("src/")
    if not result.success:
        worst = [e for e in result.errors if e.severity == "error"]
        print(f"{result.error_count} errors, {result.warning_count} warnings")
        for error in worst[:3]:
            print(f"{error.file}:{error.line} {error.code}")
    """

func executor() throws -> InProcessExecutor {
    var registry = ToolRegistry.standard()
    registry.register(CannedTypecheck(errors: 5))
    let context = ToolContext(workspace: try Workspace(root: FileManager.default.currentDirectoryPath), policy: ToolPolicy())
    // Estimates off, as `punie-exec run` without --json: the exact trace only.
    return InProcessExecutor(registry: registry, context: context, estimates: false)
}

func residentBytes() -> Int {
    let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
    let pages = statm.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}

let arguments = CommandLine.arguments.dropFirst()
let mode = arguments.first ?? "warm"
let count = arguments.dropFirst().first.flatMap { Int($0) }
let bench = try executor()

switch mode {
case "warm":
    let runs = count ?? 2_000
    for _ in 0..<200 { _ = bench.executeBlocking(typicalProgram) }
    var times: [Double] = []
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = bench.executeBlocking(typicalProgram)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000)
        guard result.status == .ok else { fatalError("benchmark program failed: \(result.response)") }
    }
    print(String(format: "warm execution, one typed call + reads + print: median %.1f µs over %d runs", median(times), runs))
case "memory":
    let runs = count ?? 20_000
    for _ in 0..<2_000 { _ = bench.executeBlocking(typicalProgram) }
    let before = residentBytes()
    for _ in 0..<runs { _ = bench.executeBlocking(typicalProgram) }
    let after = residentBytes()
    print(
        String(
            format: "resident memory over %d executions: %.1f MB -> %.1f MB (growth %.2f MB)", runs,
            Double(before) / 1e6, Double(after) / 1e6, Double(after - before) / 1e6))
default:
    print("usage: exec-bench warm|memory [N]")
}
