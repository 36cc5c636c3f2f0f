/// Why a tool could not produce a result. The message is what the program sees.
public struct ToolError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public var code: Code
    /// A clear, actionable message.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// The kinds of tool failure; an open set, compared by value.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The tool is declared in stubs/ but has no implementation in this build.
        public static let notAvailable = Code("not_available")
        /// The policy does not allow this (writes, commands, call budget).
        public static let notAllowed = Code("not_allowed")
        /// A path is invalid or leads outside the workspace.
        public static let invalidPath = Code("invalid_path")
        /// A file or directory does not exist.
        public static let notFound = Code("not_found")
        /// The arguments do not fit the tool (the program sees a TypeError).
        public static let invalidArguments = Code("invalid_arguments")
        /// The backend program is missing, crashed, timed out or printed something unreadable.
        public static let backendFailed = Code("backend_failed")
        /// An operating-system call failed.
        public static let system = Code("system")
    }
}
