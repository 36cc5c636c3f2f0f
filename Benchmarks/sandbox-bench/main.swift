// sandbox-bench: warm sandboxed execution of realistic Code Mode programs, side by side with plain
// in-process `exec()` (baseline_exec.py, real Pydantic models) and pydantic-monty
// (baseline_monty.py), in one run and one table.
//
//   sandbox-bench [--workload DIR] [--stubs DIR] [--worker PATH] [--exec-python PATH]
//                 [--monty-python PATH] [--rounds N] [--reps N] [--monty-reps N] [--estimates]
//                 [--no-monty] [--no-inprocess] [--start-samples N] [--pause-ms N]
//
// Every program of the workload folder runs against canned tools answering with the results in
// workload/tools.json (no backend), so the figures measure execution itself. The measurement is
// split into rounds; each round runs the sandbox, the in-process executor and both Python
// baselines in turn, so load from other processes on the machine falls on all of them alike.
// With --pause-ms N every runner sleeps N ms (untimed) before each timed execution, as a model
// takes time to write its next program: the sandbox's worker is then ready, with its next
// execution process forked ahead of time. Without it, executions run back to back.
// Figures are medians over all rounds. Targets (docs/design.md, issue 5): geomean sandbox/exec
// <= 1.5x, geomean monty/sandbox >= 5x.
import CodeMode
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

// MARK: - Options

struct Options {
    var workload = "Benchmarks/sandbox-bench/workload"
    var stubs = "stubs"
    var worker = SandboxExecutor.defaultWorkerExecutable()
    var execPython = ""
    var montyPython = ".bench-venv/bin/python"
    var rounds = 5
    var reps = 10
    var montyReps = 3
    var estimates = false
    var monty = true
    var inProcess = true
    var startSamples = 5
    var pauseMilliseconds = 0

    init(_ arguments: [String]) {
        var iterator = arguments.makeIterator()
        func value(_ flag: String) -> String {
            guard let next = iterator.next() else { fail("\(flag) needs a value") }
            return next
        }
        func number(_ flag: String) -> Int {
            guard let parsed = Int(value(flag)), parsed > 0 else { fail("\(flag) needs a positive number") }
            return parsed
        }
        while let argument = iterator.next() {
            switch argument {
            case "--workload": workload = value(argument)
            case "--stubs": stubs = value(argument)
            case "--worker": worker = value(argument)
            case "--exec-python": execPython = value(argument)
            case "--monty-python": montyPython = value(argument)
            case "--rounds": rounds = number(argument)
            case "--reps": reps = number(argument)
            case "--monty-reps": montyReps = number(argument)
            case "--start-samples": startSamples = number(argument)
            case "--pause-ms": pauseMilliseconds = Int(value(argument)) ?? 0
            case "--estimates": estimates = true
            case "--no-monty": monty = false
            case "--no-inprocess": inProcess = false
            default: fail("unknown argument \(argument) (see the header of Benchmarks/sandbox-bench/main.swift)")
            }
        }
        // The worker starts in an empty directory: its path must not be relative.
        if !worker.hasPrefix("/") { worker = FileManager.default.currentDirectoryPath + "/" + worker }
        if execPython.isEmpty {
            // The tools venv holds the pinned pydantic; the bench venv pins the same version.
            execPython = runs(".tools-venv/bin/python") ? ".tools-venv/bin/python" : montyPython
        }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("sandbox-bench: \(message)\n".utf8))
    exit(2)
}

func runs(_ python: String) -> Bool {
    (try? runProcess(python, ["-c", "import pydantic"])).map { $0.status == 0 } ?? false
}

// MARK: - Workload

struct Program {
    let name: String
    let code: String
}

func loadPrograms(_ directory: String) -> [Program] {
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
        .filter { $0.hasSuffix(".py") }.sorted()
    guard !names.isEmpty else { fail("no programs in \(directory)") }
    return names.map { name in
        guard let code = try? String(contentsOfFile: "\(directory)/\(name)", encoding: .utf8) else {
            fail("cannot read \(directory)/\(name)")
        }
        return Program(name: String(name.dropLast(3)), code: code)
    }
}

/// tools.json: tool name -> the canned result (a model object, or a string for text tools).
func loadToolResults(_ directory: String) -> [String: [UInt8]] {
    guard let data = FileManager.default.contents(atPath: "\(directory)/tools.json"),
        let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else { fail("cannot read \(directory)/tools.json") }
    var results: [String: [UInt8]] = [:]
    for (name, value) in object {
        guard let encoded = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]) else {
            fail("tools.json: the result of \(name) cannot be encoded")
        }
        results[name] = Array(encoded)
    }
    return results
}

/// A registry whose tools answer with the canned results; `probe` (if any) runs inside `probed`'s
/// handler first, while the execution child waits for the answer.
func cannedRegistry(
    _ results: [String: [UInt8]], probed: String? = nil, probe: (@Sendable () -> Void)? = nil
) -> ToolRegistry {
    var registry = ToolRegistry.standard()
    for (name, bytes) in results {
        if name == probed, let probe {
            registry.register(name) { _, _ in
                probe()
                return .success(bytes)
            }
        } else {
            registry.register(name) { _, _ in .success(bytes) }
        }
    }
    return registry
}

// MARK: - Measurement helpers

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

func geomean(_ values: [Double]) -> Double {
    let usable = values.filter { $0.isFinite && $0 > 0 }
    guard !usable.isEmpty else { return .nan }
    return exp(usable.map { log($0) }.reduce(0, +) / Double(usable.count))
}

func loadAverage() -> String {
    let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?"
    return text.split(separator: " ").prefix(3).joined(separator: " ")
}

struct ProcessOutput {
    var status: Int32
    var stdout: Data
    var stderr: String
}

func runProcess(_ executable: String, _ arguments: [String]) throws -> ProcessOutput {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read both pipes to the end before waiting, so a large output cannot block the child.
    let errors = Mutex<Data>(Data())
    let errorReader = Thread { errors.withLock { $0 = err.fileHandleForReading.readDataToEndOfFile() } }
    errorReader.start()
    let output = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while errorReader.isExecuting || !errorReader.isFinished { usleep(1000) }
    return ProcessOutput(
        status: process.terminationStatus, stdout: output,
        stderr: String(decoding: errors.withLock { $0 }, as: UTF8.self))
}

/// Per-program samples (µs) and the output of the last run.
struct Measured {
    var samples: [Double] = []
    var stdout: String?
    var error: String?
    var unsupported = false
}

/// Times `reps` rounds of every program on `executor` (after `warmup` untimed rounds).
func measure(
    _ executor: any ProgramExecutor, _ programs: [Program], reps: Int, warmup: Int, pauseMilliseconds: Int,
    into existing: [String: Measured]
) async -> [String: Measured] {
    var table = existing
    for _ in 0..<warmup {
        for program in programs {
            let result = await executor.execute(program.code)
            guard result.status == .ok || result.status == .error else {
                fail("\(program.name) did not run: \(result.response)")
            }
            table[program.name, default: Measured()].stdout = result.stdout
            table[program.name, default: Measured()].error =
                result.status == .ok ? nil : "\(result.status.rawValue): \(result.error?.type ?? "?")"
        }
    }
    for _ in 0..<reps {
        for program in programs {
            // Untimed: the time a model takes to write its next program, in which a worker gets ready.
            if pauseMilliseconds > 0 { usleep(UInt32(pauseMilliseconds * 1000)) }
            let start = now()
            _ = await executor.execute(program.code)
            table[program.name, default: Measured()].samples.append(Double(now() - start) / 1_000)
        }
    }
    return table
}

/// Runs a Python baseline script and merges its samples into `table`.
func runBaseline(
    _ python: String, script: String, options: Options, reps: Int, warmup: Int, into table: inout [String: Measured]
) -> [String: Any] {
    let arguments = [
        script, "--workload", options.workload, "--stubs", options.stubs, "--reps", String(reps), "--warmup", String(warmup),
        "--pause-ms", String(options.pauseMilliseconds),
    ]
    guard let output = try? runProcess(python, arguments), output.status == 0,
        let document = try? JSONSerialization.jsonObject(with: output.stdout) as? [String: Any],
        let programs = document["programs"] as? [String: [String: Any]]
    else {
        let detail = (try? runProcess(python, arguments))?.stderr ?? "cannot run \(python)"
        fail("\(script) failed: \(detail.suffix(2000))")
    }
    for (name, entry) in programs {
        var measured = table[name, default: Measured()]
        measured.samples += (entry["samples_us"] as? [Double]) ?? []
        measured.stdout = entry["stdout"] as? String
        measured.error = entry["error"] as? String
        measured.unsupported = (entry["unsupported"] as? Bool) ?? false
        table[name] = measured
    }
    return document
}

// MARK: - Memory

struct Memory {
    var rss = 0  // kB
    var pss = 0
    var privateBytes = 0  // Private_Clean + Private_Dirty, kB

    init(pid: pid_t) {
        let rollup = (try? String(contentsOfFile: "/proc/\(pid)/smaps_rollup", encoding: .utf8)) ?? ""
        for line in rollup.split(separator: "\n") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count >= 2, let kilobytes = Int(parts[1]) else { continue }
            switch parts[0] {
            case "Rss:": rss = kilobytes
            case "Pss:": pss = kilobytes
            case "Private_Clean:", "Private_Dirty:": privateBytes += kilobytes
            default: break
            }
        }
    }

    var text: String {
        String(format: "RSS %.1f MB, PSS %.1f MB, private %.1f MB", Double(rss) / 1024, Double(pss) / 1024, Double(privateBytes) / 1024)
    }
}

/// Processes whose parent is `parent` (and whose command name is `name`, if given).
func children(of parent: pid_t, named name: String? = nil) -> [pid_t] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { entry -> pid_t? in
        guard let pid = pid_t(entry),
            let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")")
        else { return nil }
        let command = String(stat[stat.index(after: open)..<close])
        let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
        guard fields.count > 1, pid_t(fields[1]) == parent else { return nil }
        if let name, command != name { return nil }
        return pid
    }
}

final class ProbeBox: Sendable {
    let readings = Mutex<[String]>([])
}

// MARK: - Run

let options = Options(Array(CommandLine.arguments.dropFirst()))
let programs = loadPrograms(options.workload)
let toolResults = loadToolResults(options.workload)
guard FileManager.default.isExecutableFile(atPath: options.worker) else {
    fail("no worker binary at \(options.worker) (build the punie-worker product, or pass --worker)")
}
let context = ToolContext(
    workspace: try Workspace(root: FileManager.default.currentDirectoryPath), policy: ToolPolicy(maxToolCalls: nil))
let registry = cannedRegistry(toolResults)
let loadBefore = loadAverage()
let workersBefore = Set(children(of: getpid(), named: "punie-worker"))
let sandbox = SandboxExecutor(
    registry: registry, context: context, estimates: options.estimates, poolSize: 1, workerExecutable: options.worker)
let inProcess = InProcessExecutor(registry: registry, context: context, estimates: options.estimates)

var sandboxTable: [String: Measured] = [:]
var inProcessTable: [String: Measured] = [:]
var execTable: [String: Measured] = [:]
var montyTable: [String: Measured] = [:]
var execInfo: [String: Any] = [:]
var montyInfo: [String: Any] = [:]

let benchDirectory = URL(fileURLWithPath: options.workload).deletingLastPathComponent().path
FileHandle.standardError.write(
    Data(
        "sandbox-bench: \(programs.count) programs, \(options.rounds) rounds x \(options.reps) reps (monty \(options.montyReps)), load \(loadBefore)\n"
            .utf8))
for round in 0..<options.rounds {
    let warmup = round == 0 ? 3 : 1
    sandboxTable = await measure(
        sandbox, programs, reps: options.reps, warmup: warmup, pauseMilliseconds: options.pauseMilliseconds,
        into: sandboxTable)
    if options.inProcess {
        inProcessTable = await measure(
            inProcess, programs, reps: options.reps, warmup: warmup, pauseMilliseconds: options.pauseMilliseconds,
            into: inProcessTable)
    }
    execInfo = runBaseline(
        options.execPython, script: "\(benchDirectory)/baseline_exec.py", options: options, reps: options.reps,
        warmup: warmup, into: &execTable)
    if options.monty {
        montyInfo = runBaseline(
            options.montyPython, script: "\(benchDirectory)/baseline_monty.py", options: options,
            reps: options.montyReps, warmup: 1, into: &montyTable)
    }
    FileHandle.standardError.write(Data("sandbox-bench: round \(round + 1)/\(options.rounds) done, load \(loadAverage())\n".utf8))
}

// Memory: the warm worker while idle, then a second worker and one forked execution child, read
// while the child waits for a tool answer (after it has built a 200-item typecheck result).
let mainWorkers = children(of: getpid(), named: "punie-worker").filter { !workersBefore.contains($0) }
let idleWorker = mainWorkers.first.map { Memory(pid: $0) }
let probeBox = ProbeBox()
let host = getpid()
let probeRegistry = cannedRegistry(toolResults, probed: "hover") {
    for worker in children(of: host, named: "punie-worker") {
        for child in children(of: worker) {
            let worker = Memory(pid: worker)
            let child = Memory(pid: child)
            probeBox.readings.withLock {
                $0.append("  worker while a child runs: \(worker.text)\n  execution child:            \(child.text)")
            }
        }
    }
}
let probeProgram = """
    result = typecheck("src/")
    text = read_file("src/inventory/service.py")
    errors = [e for e in result.errors if e.severity == "error"]
    info = hover("src/app.py", 1, 1, "x")
    print(len(errors), len(text))
    """
let probeExecutor = SandboxExecutor(
    registry: probeRegistry, context: context, estimates: false, poolSize: 1, workerExecutable: options.worker)
let probeResult = await probeExecutor.execute(probeProgram)

// Worker start: a new executor's first execution minus a warm execution of the same program.
var firstRuns: [Double] = []
let startProgram = programs[0]
for _ in 0..<options.startSamples {
    let start = now()
    let fresh = SandboxExecutor(
        registry: registry, context: context, estimates: options.estimates, poolSize: 1, workerExecutable: options.worker)
    let result = await fresh.execute(startProgram.code)
    firstRuns.append(Double(now() - start) / 1_000)
    if result.status != .ok { fail("first execution failed: \(result.response)") }
}

// MARK: - Report

func cell(_ value: Double, width: Int = 9) -> String {
    value.isFinite ? String(format: "%\(width).1f", value) : String(repeating: " ", count: width - 1) + "-"
}

func ratio(_ value: Double, width: Int = 7) -> String {
    value.isFinite ? String(format: "%\(width - 1).2fx", value) : String(repeating: " ", count: width - 1) + "-"
}

func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

print("")
print(
    "sandbox-bench — \(programs.count) Code Mode programs; medians in µs over \(options.rounds) rounds (sandbox, in-process, exec: \(options.rounds * options.reps) runs each; monty: \(options.rounds * options.montyReps))"
)
print(
    "exec baseline: Python \(execInfo["python"] ?? "?") with pydantic \(execInfo["pydantic"] ?? "?") (\(options.execPython)); monty: pydantic-monty \(montyInfo["monty"] ?? "-"); field-access estimates \(options.estimates ? "on" : "off")"
)
print("load average before \(loadBefore), after \(loadAverage()) (2 shared cores)")
print("")
let nameWidth = max(28, programs.map(\.name.count).max() ?? 0)
print(
    "\(pad("program", nameWidth))   sandbox  in-proc      exec      monty  sbx/exec  inp/exec  monty/sbx  output"
)
print(String(repeating: "-", count: nameWidth + 83))
var sandboxOverExec: [Double] = []
var inProcessOverExec: [Double] = []
var montyOverSandbox: [Double] = []
var notes: [String] = []
for program in programs {
    let s = median(sandboxTable[program.name]?.samples ?? [])
    let i = median(inProcessTable[program.name]?.samples ?? [])
    let e = median(execTable[program.name]?.samples ?? [])
    let monty = montyTable[program.name]
    let m = (monty?.unsupported ?? true) ? Double.nan : median(monty?.samples ?? [])
    sandboxOverExec.append(s / e)
    inProcessOverExec.append(i / e)
    if m.isFinite { montyOverSandbox.append(m / s) }
    // The output column: does the sandbox print exactly what plain exec prints (and Monty)?
    let sandboxOut = sandboxTable[program.name]?.stdout
    var same = sandboxOut == execTable[program.name]?.stdout ? "=exec" : "DIFF"
    if options.monty {
        if monty?.unsupported == true {
            same += " monty:n/a"
            notes.append("\(program.name): Monty cannot run it (\(monty?.error ?? "?")); left out of the Monty geomean")
        } else {
            same += sandboxOut == monty?.stdout ? " =monty" : " monty:DIFF"
        }
    }
    if let error = sandboxTable[program.name]?.error { same += " [\(error)]" }
    print(
        "\(pad(program.name, nameWidth)) \(cell(s)) \(cell(i)) \(cell(e)) \(cell(m, width: 10)) \(ratio(s / e, width: 9)) \(ratio(i / e, width: 9)) \(ratio(m / s, width: 10))  \(same)"
    )
}
print(String(repeating: "-", count: nameWidth + 83))
let geoSandbox = geomean(sandboxOverExec)
let geoMonty = geomean(montyOverSandbox)
print(
    String(
        format: "geomean sandbox/exec      %.2fx   (target <= 1.5x: %@)", geoSandbox, geoSandbox <= 1.5 ? "met" : "MISSED"))
if options.inProcess {
    print(String(format: "geomean in-process/exec   %.2fx   (reference: the same harness without the worker)", geomean(inProcessOverExec)))
}
if options.monty {
    print(
        String(
            format: "geomean monty/sandbox     %.2fx   (target >= 5x: %@; %d of %d programs)", geoMonty,
            geoMonty >= 5 ? "met" : "MISSED", montyOverSandbox.count, programs.count))
}
for note in notes { print("note: \(note)") }
print("")
let warmStart = median(sandboxTable[startProgram.name]?.samples ?? [])
print(
    String(
        format:
            "worker start: first execution of a new SandboxExecutor %.1f ms (median of %d), warm %.2f ms -> start ≈ %.1f ms",
        median(firstRuns) / 1000, firstRuns.count, warmStart / 1000, (median(firstRuns) - warmStart) / 1000))
print("memory (smaps_rollup; PSS splits pages shared between the worker and its forked child):")
if let idleWorker { print("  idle warm worker:           \(idleWorker.text)") }
let readings = probeBox.readings.withLock { $0 }
if readings.isEmpty {
    print("  (no execution child was seen: \(probeResult.status.rawValue) \(probeResult.response.prefix(200)))")
}
for reading in readings { print(reading) }
