import CodeMode
import Foundation
import Testing

/// Paths and a python3 runner for the Tracing suites.
enum TracingTestSupport {
    /// The repository root (symlinks resolved, so a scratch package that links this folder works too).
    static let repositoryRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let corpusURL = repositoryRoot.appendingPathComponent("Tests/CodeModeTests/Fixtures/punie-sample.jsonl")

    /// Runs `python3 -c script <repository root>` with `input` on stdin and returns its stdout.
    static func runPython(_ script: String, input: String = "") throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, repositoryRoot.path]
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "python3 failed")
        return data
    }

    /// Python that loads model.py as `_punie_model` (M) and the stub models (MODELS), as the Python tests do.
    static let pythonPrelude = """
        import sys, json, importlib.util, io, contextlib, copy, random, math
        ROOT = sys.argv[1]
        spec = importlib.util.spec_from_file_location(
            "_punie_model", ROOT + "/Sources/CodeMode/Interpreter/Python/model.py")
        M = importlib.util.module_from_spec(spec)
        sys.modules["_punie_model"] = M
        spec.loader.exec_module(M)
        MODELS = M.load_models(open(ROOT + "/stubs/models.py", encoding="utf-8").read())

        """

    /// A JSONValue from JSON text (through JSONValue's Codable, which sorts keys).
    static func json(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    /// Field values of an object, ignoring key order.
    static func sameIgnoringOrder(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            guard Set(x.keys) == Set(y.keys) else { return false }
            return x.keys.allSatisfy { key in
                guard let left = x[key], let right = y[key] else { return false }
                return sameIgnoringOrder(left, right)
            }
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { sameIgnoringOrder($0, $1) }
        case (.double(let x), .double(let y)):
            return x == y || (x.isNaN && y.isNaN)
        case (.int(let x), .double(let y)), (.double(let y), .int(let x)):
            return Double(x) == y
        default:
            return a == b
        }
    }
}
