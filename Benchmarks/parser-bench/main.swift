// parser-bench: tool-call extraction throughput, CodeMode's parser against a Python regex parser.
//
// Usage: swift run -c release parser-bench [--corpus FILE] [--python PYTHON] [--repetitions N] [--rounds N]
//
// Both sides parse the same inputs in one run: every assistant turn of the Punie sample corpus (one
// parse per turn) and a large synthetic output (one parse of a few megabytes). Python runs
// baseline_parser.py (next to this file) as a subprocess and times only its parsing loop. Both sides
// extract the same calls (the call counts are printed). The machine may be shared, so the two sides
// alternate: each round runs the Python subprocess, then the Swift measurements, N repetitions each;
// every figure is the best over all rounds, and the ratio's spread is the range of per-round ratios.
// Both sides time with the thread's CPU clock (CLOCK_THREAD_CPUTIME_ID here, time.thread_time() in
// Python), so other processes competing for the cores do not count against either side.
// The ratio is Swift MB/s ÷ Python MB/s.

import CodeMode
import Foundation

/// CPU time of the calling thread, in seconds.
func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

struct Options {
    var corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Tests/CodeModeTests/Fixtures/punie-sample.jsonl")
    var baseline = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("baseline_parser.py")
    var python = "python3"
    var repetitions = 7
    var rounds = 3

    init(arguments: [String]) throws {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            guard let value = iterator.next() else { throw BenchError("missing value for \(argument)") }
            switch argument {
            case "--corpus": corpus = URL(fileURLWithPath: value)
            case "--baseline": baseline = URL(fileURLWithPath: value)
            case "--python": python = value
            case "--repetitions":
                guard let count = Int(value), count > 0 else { throw BenchError("bad --repetitions \(value)") }
                repetitions = count
            case "--rounds":
                guard let count = Int(value), count > 0 else { throw BenchError("bad --rounds \(value)") }
                rounds = count
            default: throw BenchError("unknown option \(argument)")
            }
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

struct Measurement {
    var bytes: Int
    var seconds: Double
    var calls: Int
    var megabytesPerSecond: Double { Double(bytes) / seconds / 1_000_000 }
}

// MARK: - Inputs

func corpusTurns(_ url: URL) throws -> [String] {
    struct Message: Decodable {
        var role: String
        var content: String
    }
    struct Conversation: Decodable { var messages: [Message] }
    guard let data = FileManager.default.contents(atPath: url.path) else { throw BenchError("cannot read \(url.path)") }
    return try String(decoding: data, as: UTF8.self).split(separator: "\n").flatMap { line in
        try JSONDecoder().decode(Conversation.self, from: Data(line.utf8)).messages
            .filter { $0.role == "assistant" }.map(\.content)
    }
}

/// A long output mixing prose, Qwen3 XML calls with sizeable programs, JSON calls and bare code.
func syntheticOutput(targetBytes: Int) -> String {
    let program = (0..<24).map { index in
        "    value_\(index) = result.errors[\(index % 3)].line if result.errors else \(index)  # check \(index)\n"
    }.joined()
    let block = """
        Let me look at the type errors first, then the lint results, and summarise both.

        <tool_call>
        <function=execute_code>
        <parameter=code>
        result = typecheck("src/")
        if result.error_count:
        \(program)    print(f"{result.error_count} errors")
        </parameter>
        </function>
        </tool_call>
        Now the linter:
        <tool_call>
        {"name": "ruff_check", "arguments": {"path": "src/"}}
        </tool_call>
        <tool_call>
        listing = list_directory("src")
        print([entry.name for entry in listing.entries if entry.kind == "file"])
        </tool_call>

        """
    var output = ""
    output.reserveCapacity(targetBytes + block.utf8.count)
    while output.utf8.count < targetBytes { output += block }
    return output
}

// MARK: - Measuring

func measureSwift(_ inputs: [[UInt8]], repetitions: Int) -> Measurement {
    let parser = ToolCallParser()
    let bytes = inputs.reduce(0) { $0 + $1.count }
    var best = Double.infinity
    var calls = 0
    for _ in 0..<repetitions {
        let start = threadCPUSeconds()
        var count = 0
        for input in inputs { count += parser.parse(input).calls.count }
        best = min(best, threadCPUSeconds() - start)
        calls = count
    }
    return Measurement(bytes: bytes, seconds: best, calls: calls)
}

func measureSwiftStreaming(_ input: [UInt8], chunkSize: Int, repetitions: Int) -> Measurement {
    let chunks = stride(from: 0, to: input.count, by: chunkSize).map { Array(input[$0..<min(input.count, $0 + chunkSize)]) }
    var best = Double.infinity
    var calls = 0
    for _ in 0..<repetitions {
        let start = threadCPUSeconds()
        var parser = StreamingToolCallParser()
        var count = 0
        for chunk in chunks { count += parser.feed(bytes: chunk).calls.count }
        count += parser.finish().calls.count
        best = min(best, threadCPUSeconds() - start)
        calls = count
    }
    return Measurement(bytes: input.count, seconds: best, calls: calls)
}

func measurePython(_ inputs: [String: [String]], options: Options) throws -> [String: Measurement] {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parser-bench-\(getpid())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let inputFile = folder.appendingPathComponent("inputs.json")
    try JSONEncoder().encode(inputs).write(to: inputFile)

    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [options.python, options.baseline.path, inputFile.path, String(options.repetitions)]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw BenchError("the Python baseline failed") }

    struct Report: Decodable {
        var bytes: Int
        var seconds: Double
        var calls: Int
    }
    return try JSONDecoder().decode([String: Report].self, from: data).mapValues {
        Measurement(bytes: $0.bytes, seconds: $0.seconds, calls: $0.calls)
    }
}

// MARK: - Main

do {
    let options = try Options(arguments: CommandLine.arguments)
    let turns = try corpusTurns(options.corpus)
    let synthetic = syntheticOutput(targetBytes: 4_000_000)
    let inputs = ["corpus turns": turns, "synthetic output": [synthetic]]

    print("parser-bench: \(turns.count) corpus turns, synthetic output of \(synthetic.utf8.count) bytes, "
        + "best of \(options.rounds) rounds × \(options.repetitions) repetitions")
    let streamedName = "synthetic, streamed in 16 B chunks"
    let names = ["corpus turns", "synthetic output", streamedName]
    let byteInputs = inputs.mapValues { $0.map { Array($0.utf8) } }
    var swiftRounds: [String: [Measurement]] = [:]
    var pythonRounds: [String: [Measurement]] = [:]
    for _ in 0..<options.rounds {
        let python = try measurePython(inputs, options: options)
        for (name, measurement) in python { pythonRounds[name, default: []].append(measurement) }
        for name in ["corpus turns", "synthetic output"] {
            swiftRounds[name, default: []].append(measureSwift(byteInputs[name] ?? [], repetitions: options.repetitions))
        }
        swiftRounds[streamedName, default: []].append(
            measureSwiftStreaming(byteInputs["synthetic output"]?.first ?? [], chunkSize: 16, repetitions: options.repetitions))
    }
    print("input                                  bytes  Swift MB/s  Py MB/s   ratio  (per-round ratios)")
    for name in names {
        let pythonName = name == streamedName ? "synthetic output" : name
        guard let swift = swiftRounds[name], let python = pythonRounds[pythonName] else { continue }
        let bestSwift = swift.max { $0.megabytesPerSecond < $1.megabytesPerSecond }!
        let bestPython = python.max { $0.megabytesPerSecond < $1.megabytesPerSecond }!
        let ratios = zip(swift, python).map { $0.megabytesPerSecond / $1.megabytesPerSecond }
        print(
            name.padding(toLength: 34, withPad: " ", startingAt: 0)
                + String(
                    format: "%10d %10.1f %9.1f %7.1f×  (%.1f–%.1f)", bestSwift.bytes, bestSwift.megabytesPerSecond,
                    bestPython.megabytesPerSecond, bestSwift.megabytesPerSecond / bestPython.megabytesPerSecond,
                    ratios.min() ?? 0, ratios.max() ?? 0)
                + "   calls \(bestSwift.calls) / \(bestPython.calls)")
    }
} catch {
    FileHandle.standardError.write(Data("parser-bench: \(error)\n".utf8))
    exit(1)
}
