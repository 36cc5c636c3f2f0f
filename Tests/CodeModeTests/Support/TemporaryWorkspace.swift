import Foundation
@testable import CodeMode

/// A temporary directory for one test, removed when the value is released.
final class TemporaryDirectory: @unchecked Sendable {
    let path: String

    init(prefix: String = "punie-test") throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        path = base.resolvingSymlinksInPath().path
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes a text file (creating parent directories) and returns its absolute path.
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        try write(relative, Data(text.utf8))
    }

    /// Writes raw bytes (creating parent directories) and returns its absolute path.
    @discardableResult
    func write(_ relative: String, _ data: Data) throws -> String {
        let url = URL(fileURLWithPath: path).appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
        return url.path
    }

    /// Reads a file as text.
    func read(_ relative: String) throws -> String {
        try String(contentsOfFile: URL(fileURLWithPath: path).appendingPathComponent(relative).path, encoding: .utf8)
    }

    /// Runs a program (git, python3) in this directory and returns its stdout; fails on non-zero exit.
    @discardableResult
    func shell(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: path)
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_AUTHOR_NAME"] = "Test"
        environment["GIT_AUTHOR_EMAIL"] = "test@example.com"
        environment["GIT_COMMITTER_NAME"] = "Test"
        environment["GIT_COMMITTER_EMAIL"] = "test@example.com"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestFailure("\(executable) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs programs in-process against a workspace, for tests.
struct TestExecutor {
    let directory: TemporaryDirectory
    let executor: InProcessExecutor

    init(allowWrite: Bool = false, registry: ToolRegistry = .standard(), maxToolCalls: Int? = 200) throws {
        directory = try TemporaryDirectory()
        let context = ToolContext(
            workspace: try Workspace(root: directory.path),
            policy: ToolPolicy(allowWrite: allowWrite, maxToolCalls: maxToolCalls))
        executor = InProcessExecutor(registry: registry, context: context)
    }

    func run(_ code: String) async -> ExecutionResult { await executor.execute(code) }
}
