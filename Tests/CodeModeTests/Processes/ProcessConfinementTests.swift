import Foundation
import Testing

@testable import CodeMode

/// `ProcessConfinement` enforced on real programs: the Landlock ruleset the host builds (with its
/// path handles kept across runs or opened for one run) lets a backend read only beneath its
/// readable paths and change only beneath its writable ones, and seccomp keeps it off the network.
@Suite struct ProcessConfinementTests {
    private static let system = ["/usr", "/lib", "/lib64", "/bin", "/etc", "/dev"]

    private func run(
        _ script: String, in directory: String, readable: [String], writable: [String], handles: PathHandles?,
        rulesets: KeptRulesets? = nil
    ) throws -> ProcessOutput {
        var confinement = ProcessConfinement(
            readablePaths: Self.system + readable, writablePaths: writable + ["/dev/null"],
            requireFileSystemConfinement: true)
        confinement.pathHandles = handles
        confinement.keptRulesets = rulesets
        return try ProcessRunner().run(
            ProcessRequest(
                executable: "/bin/sh", arguments: ["-c", script], workingDirectory: directory,
                environment: ["PATH": "/usr/bin:/bin"], timeout: 10, outputLimit: 1 << 20, confinement: confinement))
    }

    private func text(_ output: ProcessOutput) -> String {
        String(decoding: output.stdout + output.stderr, as: UTF8.self)
    }

    @Test(arguments: [(true, false), (false, false), (true, true)])
    func readsOnlyBeneathReadablePathsAndWritesOnlyBeneathWritableOnes(keptHandles: Bool, keptRuleset: Bool) throws {
        let readable = try TemporaryDirectory(prefix: "punie-readable")
        let writable = try TemporaryDirectory(prefix: "punie-writable")
        let outside = try TemporaryDirectory(prefix: "punie-outside")
        try readable.write("inside.txt", "inside")
        try outside.write("secret.txt", "canary")
        let handles = keptHandles ? PathHandles() : nil
        let rulesets = keptRuleset ? KeptRulesets() : nil
        let script = """
            cat inside.txt; echo
            cat \(outside.path)/secret.txt || echo read-outside-refused
            echo x > \(writable.path)/made.txt && echo wrote-scratch
            echo x > inside-new.txt || echo write-readable-refused
            echo x > \(outside.path)/dropped.txt || echo write-outside-refused
            """
        // Twice: the second run adds the kept handles again instead of opening the paths, or
        // enforces the kept ruleset again.
        for _ in 0..<2 {
            let output = try run(
                script, in: readable.path, readable: [readable.path], writable: [writable.path], handles: handles,
                rulesets: rulesets)
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

    /// A ruleset is built once per set of paths and reused; other paths get their own.
    @Test func keptRulesetsAreBuiltOncePerSetOfPaths() {
        let kept = KeptRulesets()
        var builds = 0
        func ruleset(_ writable: [String]) -> Ruleset? {
            kept.ruleset(readable: ["/usr"], writable: writable) {
                builds += 1
                return Ruleset(descriptor: dup(2))
            }
        }
        let first = ruleset(["/tmp/a"])
        #expect(first != nil && ruleset(["/tmp/a"]) === first)
        #expect(builds == 1)
        #expect(ruleset(["/tmp/b"]) !== first)
        #expect(builds == 2)
    }

    /// Backends that write only to the environment's HOME (the git tools) reuse their ruleset;
    /// those given a scratch directory for the run build theirs each time.
    @Test func onlyConfinementsWritingToHomeKeepTheirRuleset() throws {
        let directory = try TemporaryDirectory(prefix: "punie-kept-ruleset")
        let workspace = try Workspace(root: directory.path)
        let backends = BackendEnvironment(home: directory.path + "/home")
        #expect(backends.confinement(for: workspace, writable: [backends.home]).keptRulesets != nil)
        #expect(backends.confinement(for: workspace, writable: [directory.path + "/scratch"]).keptRulesets == nil)
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
