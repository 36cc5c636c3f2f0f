#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where backend programs (git, ruff, ty, pytest) are found and how they are run.
///
/// The tools venv from the README setup comes first, then the directories of `PATH`. Backends get
/// a minimal environment: a fixed PATH, the C locale, an empty HOME, and no git configuration from
/// outside the repository.
///
/// HOME is a private empty directory (mode 0700) created when a backend first needs it and removed
/// with the environment's last copy; backends that may write there (ruff, ty, pytest) get a fresh one
/// per call instead.
public struct BackendEnvironment: Sendable {
    /// The tools venv (its `bin/` is searched first), if any.
    /// A relative path is taken from the current directory (backends start in the workspace).
    public var toolsVenv: String? {
        didSet {
            toolsVenv = toolsVenv.map(Self.absolute)
            venvBaseInterpreter = toolsVenv.flatMap(Self.baseInterpreterPrefix(ofVenv:))
        }
    }
    /// The installation the venv's python links to, read from its pyvenv.cfg once.
    private var venvBaseInterpreter: String?
    /// Directories searched after the venv.
    public var searchPath: [String]
    /// A directory used as HOME for backends (an empty private directory, made on first use, unless given).
    public var home: String {
        get { chosenHome ?? ownedHome.path }
        set { chosenHome = newValue }
    }
    /// The HOME the caller chose, if any.
    private var chosenHome: String?
    /// The private HOME, made on first use and shared by the copies of this environment.
    let ownedHome = PrivateHome()
    /// Wall-time limit for one backend run, in seconds.
    public var timeout: Double
    /// The most output one backend run may produce, in bytes.
    public var outputLimit: Int
    /// Runs the programs.
    public var runner: any ToolRunner
    /// Where programs were found, shared by the copies of this environment.
    private let found = ExecutableCache()
    /// The environment last built, shared by the copies of this environment.
    private let baseEnvironment = BaseEnvironmentCache()
    /// Handles on the paths backends may read, shared by the copies of this environment.
    private let readableHandles = PathHandles()
    /// Rulesets of confinements that write only to HOME, shared by the copies of this environment.
    private let keptRulesets = KeptRulesets()

    public init(
        toolsVenv: String? = nil, searchPath: [String]? = nil, home: String? = nil,
        timeout: Double = 60, outputLimit: Int = 16 << 20, runner: any ToolRunner = ProcessRunner()
    ) {
        self.toolsVenv = toolsVenv.map(Self.absolute)
        venvBaseInterpreter = self.toolsVenv.flatMap(Self.baseInterpreterPrefix(ofVenv:))
        self.searchPath = searchPath ?? Self.defaultSearchPath()
        chosenHome = home
        self.timeout = timeout
        self.outputLimit = outputLimit
        self.runner = runner
    }

    /// The environment with the tools venv found the way the README setup leaves it: the
    /// `PUNIE_TOOLS_VENV` variable, else a `.tools-venv` directory beside or above the executable.
    public static func discover(toolsVenv explicit: String? = nil) -> BackendEnvironment {
        BackendEnvironment(toolsVenv: explicit ?? findToolsVenv())
    }

    /// The absolute path of `program`, from the venv or the search path.
    ///
    /// Like a shell's command hash, a program found once is looked for there first (one check that
    /// it is still an executable file) instead of along the whole search path before every backend
    /// run; the path is searched again when the file is gone or the directories changed.
    public func executable(_ program: String) -> String? {
        if let known = found.path(for: program, toolsVenv: toolsVenv, searchPath: searchPath),
            Self.isExecutableFile(known)
        {
            return known
        }
        // A relative search directory would be looked up in the workspace, where backends start.
        let directories = (toolsVenv.map { ["\($0)/bin"] } ?? []) + searchPath.filter { $0.hasPrefix("/") }
        let path = directories.lazy.map { "\($0)/\(program)" }.first { Self.isExecutableFile($0) }
        found.remember(path, for: program, toolsVenv: toolsVenv, searchPath: searchPath)
        return path
    }

    /// The environment every backend runs with.
    public func environment(extra: [String: String] = [:]) -> [String: String] {
        let home = home
        var environment = baseEnvironment.value(toolsVenv: toolsVenv, searchPath: searchPath, home: home) {
            [
                "PATH": ((toolsVenv.map { ["\($0)/bin"] } ?? []) + searchPath).joined(separator: ":"),
                "HOME": home,
                "LC_ALL": "C.UTF-8",
                "LANG": "C.UTF-8",
                "GIT_CONFIG_NOSYSTEM": "1",
                "GIT_CONFIG_GLOBAL": "/dev/null",
                "GIT_TERMINAL_PROMPT": "0",
                "GIT_OPTIONAL_LOCKS": "0",
                "NO_COLOR": "1",
                "PYTHONDONTWRITEBYTECODE": "1",
            ]
        }
        if !extra.isEmpty { environment.merge(extra) { _, new in new } }
        return environment
    }

    /// An executable file (not a directory) at `path`; `access` and `stat` directly, as the lookup
    /// runs before every backend call.
    private static func isExecutableFile(_ path: String) -> Bool {
        var info = stat()
        return access(path, X_OK) == 0 && stat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFDIR
    }

    private static func defaultSearchPath() -> [String] {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map(String.init).filter { $0.hasPrefix("/") }
    }

    private static func findToolsVenv() -> String? {
        if let named = ProcessInfo.processInfo.environment["PUNIE_TOOLS_VENV"], !named.isEmpty { return named }
        var directory = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = directory.appendingPathComponent(".tools-venv")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("bin").path) {
                return candidate.path
            }
            directory.deleteLastPathComponent()
        }
        return nil
    }
}

// MARK: - Running backends for tools

extension BackendEnvironment {
    /// The confinement every backend runs under: read-only access to the system, the tools venv (and
    /// the Python it was made from) and the workspace; changes only beneath `writable` (a private
    /// scratch directory) and to /dev/null. The workspace itself is read-only to backends, so a
    /// program without write permission cannot write through pytest either, and nothing outside
    /// these paths (another project, a secret in /tmp) is readable.
    public func confinement(
        for workspace: Workspace, writable: [String], alsoReadable: [String] = [], required: Bool = false
    ) -> ProcessConfinement {
        var readable = ["/usr", "/lib", "/lib32", "/lib64", "/libx32", "/bin", "/sbin", "/etc", "/proc", "/dev", "/sys"]
        readable.append(workspace.root)
        readable.append(contentsOf: alsoReadable)
        if let toolsVenv {
            readable.append(toolsVenv)
            readable.append(contentsOf: venvBaseInterpreter.map { [$0] } ?? [])
        }
        var confinement = ProcessConfinement(
            readablePaths: readable, writablePaths: writable + ["/dev/null"], requireFileSystemConfinement: required)
        confinement.pathHandles = readableHandles
        // HOME outlives the run (a scratch directory does not): its ruleset can be built once.
        if writable.allSatisfy({ $0 == home }) { confinement.keptRulesets = keptRulesets }
        return confinement
    }

    /// `path` made absolute against the current directory.
    private static func absolute(_ path: String) -> String {
        guard !path.hasPrefix("/") else { return path }
        return FileManager.default.currentDirectoryPath + "/" + path
    }

    /// The installation a venv's python links to (`home` in pyvenv.cfg, without its `bin`).
    private static func baseInterpreterPrefix(ofVenv venv: String) -> String? {
        guard let text = try? String(contentsOfFile: "\(venv)/pyvenv.cfg", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingSpaces() }
            if parts.count == 2, parts[0] == "home" {
                return URL(fileURLWithPath: parts[1]).deletingLastPathComponent().path
            }
        }
        return nil
    }

    /// The absolute path of `program`, or a `ToolError` that says how to get it.
    func require(_ program: String) throws(ToolError) -> String {
        guard let path = executable(program) else { throw Self.missing(program) }
        return path
    }

    /// How to run a Python tool that is also a module (`pytest`): the interpreter of the tools venv
    /// (or the one beside the tool's script) with `-m module`, so that the workspace is on
    /// `sys.path` as with `python -m pytest`; the bare script when no interpreter sits beside it.
    func pythonModule(_ module: String) throws(ToolError) -> (executable: String, arguments: [String]) {
        let script = try require(module)
        let python = URL(fileURLWithPath: script).deletingLastPathComponent().appendingPathComponent("python").path
        if FileManager.default.isExecutableFile(atPath: python) { return (python, ["-m", module]) }
        return (script, [])
    }

    /// Runs a backend for a tool: argv without a shell, the workspace as working directory, the
    /// minimal environment with HOME set to a fresh empty directory inside `scratch`, and this
    /// environment's timeout and output cap (the whole process group is killed on overrun).
    ///
    /// - Throws: `ToolError(.backendFailed)` when the program cannot start, times out, prints more
    ///   than the cap or is killed by a signal. Exit statuses are left to the tool.
    func runBackend(
        _ program: String, executable: String, arguments: [String], in workspace: Workspace,
        scratch: ScratchDirectory, extraEnvironment: [String: String] = [:], overrunHint: String = "try a smaller path",
        requireFileSystemConfinement: Bool = false
    ) throws(ToolError) -> ProcessOutput {
        var extra = extraEnvironment
        extra["HOME"] = scratch.home
        extra["TMPDIR"] = scratch.path
        let request = ProcessRequest(
            executable: executable, arguments: arguments, workingDirectory: workspace.root,
            environment: environment(extra: extra), timeout: timeout, outputLimit: outputLimit,
            confinement: confinement(
                for: workspace, writable: [scratch.path], required: requireFileSystemConfinement))
        let output = try runner.run(request)
        if requireFileSystemConfinement, output.exitCode == 125, output.stdout.isEmpty, output.stderr.isEmpty {
            throw ToolError(
                .backendFailed,
                "\(program) runs the workspace's own code and needs Landlock (Linux 5.13 or later) to confine it; this kernel has none")
        }
        try Self.checkLimits(output, program: program, timeout: timeout, outputLimit: outputLimit, hint: overrunHint)
        return output
    }

    /// Turns a timeout, an output overrun or a death by signal into a `ToolError`.
    static func checkLimits(
        _ output: ProcessOutput, program: String, timeout: Double, outputLimit: Int, hint: String = "try a smaller path"
    ) throws(ToolError) {
        if output.timedOut {
            throw ToolError(
                .backendFailed,
                "\(program) timed out after \(formatSeconds(timeout)) s and was stopped: \(hint)")
        }
        if output.outputLimitExceeded {
            throw ToolError(
                .backendFailed,
                "\(program) printed more than \(outputLimit) bytes and was stopped: \(hint)")
        }
        if let signal = output.signal {
            throw ToolError(.backendFailed, "\(program) crashed (killed by signal \(signal))\(stderrTail(output))")
        }
    }

    /// The message for a backend that is not installed.
    static func missing(_ program: String) -> ToolError {
        ToolError(.backendFailed, "\(program) not found: run the README setup (scripts/setup.sh) or pass --tools-venv")
    }

    /// `": <last lines of stderr>"`, or nothing when stderr is empty.
    static func stderrTail(_ output: ProcessOutput, lines: Int = 6) -> String {
        let text = output.stderrText.trimmingWhitespace()
        guard !text.isEmpty else { return "" }
        return ": " + text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    private static func formatSeconds(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}

/// A private empty directory for backends' HOME, made on first use (a process that runs no backend
/// makes none) and removed with the last reference.
final class PrivateHome: Sendable {
    private let directory = Mutex<ScratchDirectory??>(nil)

    /// Whether the directory was made (or tried).
    var isMade: Bool { directory.withLock { $0 != nil } }

    /// The directory's path; an unwritable fallback when it cannot be made, which still keeps
    /// backends away from the user's real HOME.
    var path: String {
        directory.withLock { directory in
            if directory == nil { directory = .some(try? ScratchDirectory(prefix: "punie-home", withHome: false)) }
            return directory??.path ?? "/nonexistent"
        }
    }
}

/// The paths `BackendEnvironment.executable` found, by program, with the venv and search path
/// they were found along (an environment whose venv or path changed searches again).
private final class ExecutableCache: Sendable {
    private struct Entry {
        var toolsVenv: String?
        var searchPath: [String]
        var path: String?
    }

    private let entries = Mutex<[String: Entry]>([:])

    func path(for program: String, toolsVenv: String?, searchPath: [String]) -> String? {
        entries.withLock { entries in
            guard let entry = entries[program], entry.toolsVenv == toolsVenv, entry.searchPath == searchPath else {
                return nil
            }
            return entry.path
        }
    }

    func remember(_ path: String?, for program: String, toolsVenv: String?, searchPath: [String]) {
        entries.withLock { $0[program] = Entry(toolsVenv: toolsVenv, searchPath: searchPath, path: path) }
    }
}

/// The base environment of backends, built again only when the venv, the search path or HOME
/// changed (building it joins PATH and hashes ten keys, before every backend run otherwise).
private final class BaseEnvironmentCache: Sendable {
    private struct Built {
        var toolsVenv: String?
        var searchPath: [String]
        var home: String
        var environment: [String: String]
    }

    private let built = Mutex<Built?>(nil)

    func value(toolsVenv: String?, searchPath: [String], home: String, build: () -> [String: String])
        -> [String: String]
    {
        built.withLock { built in
            if let built, built.toolsVenv == toolsVenv, built.searchPath == searchPath, built.home == home {
                return built.environment
            }
            let environment = build()
            built = Built(toolsVenv: toolsVenv, searchPath: searchPath, home: home, environment: environment)
            return environment
        }
    }
}
