import Foundation

/// Where backend programs (git, ruff, ty, pytest) are found and how they are run.
///
/// The tools venv from the README setup comes first, then the directories of `PATH`. Backends get
/// a minimal environment: a fixed PATH, the C locale, an empty HOME, and no git configuration from
/// outside the repository.
public struct BackendEnvironment: Sendable {
    /// The tools venv (its `bin/` is searched first), if any.
    public var toolsVenv: String?
    /// Directories searched after the venv.
    public var searchPath: [String]
    /// A directory used as HOME for backends (empty; created by the caller).
    public var home: String
    /// Wall-time limit for one backend run, in seconds.
    public var timeout: Double
    /// The most output one backend run may produce, in bytes.
    public var outputLimit: Int
    /// Runs the programs.
    public var runner: any ToolRunner

    public init(
        toolsVenv: String? = nil, searchPath: [String]? = nil, home: String = "/nonexistent",
        timeout: Double = 60, outputLimit: Int = 16 << 20, runner: any ToolRunner = ProcessRunner()
    ) {
        self.toolsVenv = toolsVenv
        self.searchPath = searchPath ?? Self.defaultSearchPath()
        self.home = home
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
    public func executable(_ program: String) -> String? {
        let directories = (toolsVenv.map { ["\($0)/bin"] } ?? []) + searchPath
        return directories.lazy.map { "\($0)/\(program)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The environment every backend runs with.
    public func environment(extra: [String: String] = [:]) -> [String: String] {
        var environment = [
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
        environment.merge(extra) { _, new in new }
        return environment
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
