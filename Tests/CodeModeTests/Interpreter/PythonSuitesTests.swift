import Foundation
import Testing

/// The Python-side suites: the tracer's read semantics, the guard's fast screen, the harness's
/// stand-ins for ast, difflib and json, and its imports (under the Debian interpreter that
/// punie-exec embeds) and the models' conformance with real pydantic (under the
/// tools venv, which has it).
@Suite(.timeLimit(.minutes(2)))
struct PythonSuitesTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func run(_ interpreter: String, _ script: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: interpreter)
        process.arguments = [Self.root.appendingPathComponent(script).path]
        process.currentDirectoryURL = Self.root
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The suites that run under the Debian interpreter punie-exec embeds: the tracer's read
    /// semantics, the guard's screen never passing what the guard blocks, the stand-ins matching the
    /// standard library, programs running without imports after `prepare`.
    @Test(arguments: [
        "Tests/python/test_tracer.py", "Tests/python/test_guard_screen.py", "Tests/python/test_stdlib_standins.py",
        "Tests/python/test_harness_imports.py",
    ])
    func embeddedInterpreterSuite(_ script: String) throws {
        let outcome = try run("/usr/bin/python3", script)
        #expect(outcome.status == 0, "\(outcome.output.suffix(3000))")
    }

    /// Needs pydantic: the tools venv from the README set-up (CI runs it first).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["CI"] == "true" || Self.venvPython != nil))
    func modelsConformToPydantic() throws {
        let python = try #require(Self.venvPython, "the tools venv is missing: run scripts/setup.sh")
        let outcome = try run(python, "Tests/python/test_models_conformance.py")
        #expect(outcome.status == 0, "\(outcome.output.suffix(3000))")
    }

    static var venvPython: String? {
        let candidates: [String?] = [
            ProcessInfo.processInfo.environment["PUNIE_TOOLS_VENV"].map { "\($0)/bin/python" },
            root.appendingPathComponent(".tools-venv/bin/python").path,
        ]
        return candidates.compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
