import Foundation
import Testing

@testable import CodeMode

/// `ProcessConfinement` enforced on real programs: the Landlock ruleset the host builds (with its
/// path handles kept across runs or opened for one run) lets a backend read only beneath its
/// readable paths and change only beneath its writable ones, and seccomp keeps it off the network.
@Suite struct ProcessConfinementTests {
    private static let system = ["/usr", "/lib", "/lib64", "/bin", "/etc", "/dev"]

    private func run(
        _ script: String, in directory: String, readable: [String], writable: [String], handles: PathHandles?
    ) throws -> ProcessOutput {
        var confinement = ProcessConfinement(
            readablePaths: Self.system + readable, writablePaths: writable + ["/dev/null"],
            requireFileSystemConfinement: true)
        confinement.pathHandles = handles
        return try ProcessRunner().run(
            ProcessRequest(
                executable: "/bin/sh", arguments: ["-c", script], workingDirectory: directory,
                environment: ["PATH": "/usr/bin:/bin"], timeout: 10, outputLimit: 1 << 20, confinement: confinement))
    }

    private func text(_ output: ProcessOutput) -> String {
        String(decoding: output.stdout + output.stderr, as: UTF8.self)
    }

    @Test(arguments: [true, false])
    func readsOnlyBeneathReadablePathsAndWritesOnlyBeneathWritableOnes(keptHandles: Bool) throws {
        let readable = try TemporaryDirectory(prefix: "punie-readable")
        let writable = try TemporaryDirectory(prefix: "punie-writable")
        let outside = try TemporaryDirectory(prefix: "punie-outside")
        try readable.write("inside.txt", "inside")
        try outside.write("secret.txt", "canary")
        let handles = keptHandles ? PathHandles() : nil
        let script = """
            cat inside.txt; echo
            cat \(outside.path)/secret.txt || echo read-outside-refused
            echo x > \(writable.path)/made.txt && echo wrote-scratch
            echo x > inside-new.txt || echo write-readable-refused
            echo x > \(outside.path)/dropped.txt || echo write-outside-refused
            """
        // Twice: the second run adds the kept handles again instead of opening the paths.
        for _ in 0..<2 {
            let output = try run(
                script, in: readable.path, readable: [readable.path], writable: [writable.path], handles: handles)
            let printed = text(output)
            #expect(printed.hasPrefix("inside\n"), "\(printed)")
            #expect(!printed.contains("canary"))
            for line in ["read-outside-refused", "wrote-scratch", "write-readable-refused", "write-outside-refused"] {
                #expect(printed.contains(line), "\(line) in \(printed)")
            }
        }
        #expect(FileManager.default.fileExists(atPath: writable.path + "/made.txt"))
        #expect(!FileManager.default.fileExists(atPath: readable.path + "/inside-new.txt"))
        #expect(!FileManager.default.fileExists(atPath: outside.path + "/dropped.txt"))
    }

    /// A kept handle names the directory it was opened on: a directory made anew at the same path
    /// afterwards is refused (access is never widened to something not granted when it was opened).
    @Test func aDirectoryReplacedAfterItsHandleWasKeptIsRefused() throws {
        let parent = try TemporaryDirectory(prefix: "punie-replaced")
        let path = parent.path + "/granted"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        try "first".write(toFile: path + "/file.txt", atomically: false, encoding: .utf8)
        let handles = PathHandles()
        let first = try run("cat \(path)/file.txt", in: "/", readable: [path], writable: [], handles: handles)
        #expect(text(first) == "first")
        try FileManager.default.moveItem(atPath: path, toPath: parent.path + "/moved")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        try "second".write(toFile: path + "/file.txt", atomically: false, encoding: .utf8)
        let second = try run("cat \(path)/file.txt || echo refused", in: "/", readable: [path], writable: [], handles: handles)
        #expect(String(decoding: second.stdout, as: UTF8.self) == "refused\n")
        #expect(!text(second).contains("second"))
    }

    @Test func aConfinedProgramCannotOpenASocket() throws {
        let directory = try TemporaryDirectory(prefix: "punie-network")
        let python = "/usr/bin/python3"
        let output = try ProcessRunner().run(
            ProcessRequest(
                executable: python,
                arguments: ["-I", "-c", "import socket\ntry:\n    socket.socket()\n    print('opened')\nexcept OSError as e:\n    print('refused', e.errno)"],
                workingDirectory: directory.path, environment: ["PATH": "/usr/bin:/bin"], timeout: 10,
                outputLimit: 1 << 20,
                confinement: ProcessConfinement(readablePaths: Self.system + [directory.path], writablePaths: ["/dev/null"])))
        #expect(text(output) == "refused 1\n")
    }
}
