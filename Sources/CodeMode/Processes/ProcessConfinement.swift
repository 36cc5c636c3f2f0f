/// How a backend program is confined: the same OS rules as the sandbox workers, adapted to a program
/// that must read its own installation and the workspace.
///
/// On Linux: no_new_privs, no network (seccomp), no core files, and a Landlock file-system ruleset —
/// read, list and execute only beneath `readablePaths`, change anything only beneath
/// `writablePaths`. A backend that runs the workspace's code (pytest imports `conftest.py`) can
/// therefore neither read files outside these paths nor write outside its scratch directory.
public struct ProcessConfinement: Sendable, Equatable {
    /// Directories and files the program may read, list and execute.
    public var readablePaths: [String]
    /// Directories and files the program may change.
    public var writablePaths: [String]
    /// Refuse to run (exit 125) where the kernel has no Landlock, instead of running unconfined.
    public var requireFileSystemConfinement: Bool
    /// Handles kept open on `readablePaths` (set by `BackendEnvironment`); nil: opened for each run.
    var pathHandles: PathHandles?
    /// Rulesets built for these paths before, to reuse (set by `BackendEnvironment` when every
    /// path outlives the run); nil: built for each run.
    var keptRulesets: KeptRulesets?

    public init(readablePaths: [String], writablePaths: [String], requireFileSystemConfinement: Bool = false) {
        self.readablePaths = readablePaths
        self.writablePaths = writablePaths
        self.requireFileSystemConfinement = requireFileSystemConfinement
    }

    /// Equal when the same paths are granted the same way (the handles and rulesets are caches of them).
    public static func == (lhs: ProcessConfinement, rhs: ProcessConfinement) -> Bool {
        lhs.readablePaths == rhs.readablePaths && lhs.writablePaths == rhs.writablePaths
            && lhs.requireFileSystemConfinement == rhs.requireFileSystemConfinement
    }
}
