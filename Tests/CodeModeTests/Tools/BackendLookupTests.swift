import Foundation
import Testing

@testable import CodeMode

/// `BackendEnvironment.executable`: the venv, then the search path, with found programs remembered
/// like a shell's command hash (checked on each use, searched again once gone).
@Suite struct BackendLookupTests {
    private func makeDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("punie-lookup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private func makeProgram(_ name: String, in directory: URL) throws -> String {
        let path = directory.appendingPathComponent(name).path
        #expect(FileManager.default.createFile(atPath: path, contents: Data("#!/bin/sh\n".utf8)))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    @Test func aFoundProgramIsRememberedUntilItIsGone() throws {
        let first = try makeDirectory()
        let second = try makeDirectory()
        defer {
            try? FileManager.default.removeItem(at: first)
            try? FileManager.default.removeItem(at: second)
        }
        let environment = BackendEnvironment(searchPath: [first.path, second.path], home: "/nonexistent")
        #expect(environment.executable("punie-probe") == nil)
        let later = try makeProgram("punie-probe", in: second)
        #expect(environment.executable("punie-probe") == later)  // a miss is not remembered
        let earlier = try makeProgram("punie-probe", in: first)
        #expect(environment.executable("punie-probe") == later)  // remembered, as a shell's hash
        try FileManager.default.removeItem(atPath: later)
        #expect(environment.executable("punie-probe") == earlier)  // gone: searched again
        var narrowed = environment
        narrowed.searchPath = [second.path]
        #expect(narrowed.executable("punie-probe") == nil)  // other directories: searched afresh
        try FileManager.default.removeItem(atPath: earlier)
        #expect(environment.executable("punie-probe") == nil)
    }

    /// Backends start in the workspace: a relative venv is taken from the current directory, and a
    /// relative search directory (which would name a directory of the workspace) is not searched.
    @Test func relativeDirectoriesAreMadeAbsoluteOrSkipped() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("venv/bin"), withIntermediateDirectories: true)
        let program = try makeProgram("punie-probe", in: directory.appendingPathComponent("venv/bin"))
        // The venv as a path relative to the current directory (which other tests share: not changed).
        let depth = FileManager.default.currentDirectoryPath.split(separator: "/").count
        let relative = String(repeating: "../", count: depth) + directory.path.dropFirst() + "/venv"
        let environment = BackendEnvironment(toolsVenv: relative, searchPath: [], home: "/nonexistent")
        let venv = try #require(environment.toolsVenv)
        #expect(venv.hasPrefix("/"))
        #expect(URL(fileURLWithPath: venv).standardizedFileURL.path == directory.appendingPathComponent("venv").path)
        let found = try #require(environment.executable("punie-probe"))
        #expect(found.hasPrefix("/"))
        #expect(URL(fileURLWithPath: found).standardizedFileURL.path == program)
        let pathOnly = BackendEnvironment(searchPath: [relative + "/bin"], home: "/nonexistent")
        #expect(pathOnly.executable("punie-probe") == nil)
    }

    /// The environment is built once and kept, but follows a copy whose venv, path or HOME changed.
    @Test func theEnvironmentFollowsTheSearchPathAndHome() {
        let environment = BackendEnvironment(searchPath: ["/usr/bin"], home: "/first-home")
        #expect(environment.environment()["PATH"] == "/usr/bin")
        #expect(environment.environment(extra: ["HOME": "/elsewhere"])["HOME"] == "/elsewhere")
        #expect(environment.environment()["HOME"] == "/first-home")
        var copy = environment
        copy.home = "/second-home"
        copy.searchPath = ["/bin"]
        #expect(copy.environment()["HOME"] == "/second-home")
        #expect(copy.environment()["PATH"] == "/bin")
        #expect(environment.environment()["HOME"] == "/first-home")
        #expect(environment.environment()["PATH"] == "/usr/bin")
        copy.toolsVenv = "/venv"
        #expect(copy.environment()["PATH"] == "/venv/bin:/bin")
    }

    @Test func aDirectoryOrAPlainFileIsNoProgram() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("folder"), withIntermediateDirectories: false)
        #expect(FileManager.default.createFile(atPath: directory.appendingPathComponent("plain").path, contents: Data()))
        let environment = BackendEnvironment(searchPath: [directory.path], home: "/nonexistent")
        #expect(environment.executable("folder") == nil)
        #expect(environment.executable("plain") == nil)
    }
}
