import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The language servers the navigation tools share: one warm `ty server` per workspace root.
///
/// A server starts on the first navigation call for its workspace and stays up across calls and
/// executions, so a program making several calls pays the start-up once. Before every request the
/// pool announces Python files that changed on disk since its last look (ty would otherwise keep
/// answering from its first reading). A server that crashed or hung is replaced: a request that
/// fails because its server died is retried once on a fresh server. `shutdownAll()` (also run when
/// the pool is released and when the host process exits) ends every server with shutdown/exit.
///
/// Create one pool per registry (`ToolRegistry.standard()` does) and give it to the five tools.
public final class LSPServerPool: Sendable {
    /// How servers are started and how long they may take.
    public struct Configuration: Sendable {
        /// Seconds for spawn plus the `initialize` handshake.
        public var startTimeout: Double
        /// Seconds for any one request.
        public var requestTimeout: Double
        /// Seconds for `shutdown`/`exit` before the process group is killed.
        public var shutdownTimeout: Double
        /// The most servers kept running; the least recently used one is shut down beyond it.
        public var maximumServers: Int
        /// The server command (executable path, then arguments); nil runs `ty server` from the
        /// backend environment (the tools venv first).
        public var command: [String]?

        public init(
            startTimeout: Double = 20, requestTimeout: Double = 30, shutdownTimeout: Double = 2,
            maximumServers: Int = 4, command: [String]? = nil
        ) {
            self.startTimeout = startTimeout
            self.requestTimeout = requestTimeout
            self.shutdownTimeout = shutdownTimeout
            self.maximumServers = max(1, maximumServers)
            self.command = command
        }

        var timeouts: LSPClient.Timeouts {
            LSPClient.Timeouts(
                start: startTimeout, request: requestTimeout, cancelGrace: min(1, requestTimeout),
                shutdown: shutdownTimeout)
        }
    }

    /// The configuration every server of this pool gets.
    public let configuration: Configuration
    private let slots = Mutex(Slots())

    private struct Slots {
        var byRoot: [String: ServerSlot] = [:]
        var lastUse: [String: UInt64] = [:]
        var clock: UInt64 = 0
    }

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        LSPExitCleanup.register(self)
    }

    deinit {
        shutdownAll()
        LSPExitCleanup.unregister(ObjectIdentifier(self))
    }

    /// Shuts every running server down cleanly (shutdown, exit, reap; kill after the deadline).
    /// A later navigation call starts a new server.
    public func shutdownAll() {
        let all = slots.withLock { slots in
            defer { slots = Slots() }
            return Array(slots.byRoot.values)
        }
        for slot in all { slot.retire() }
    }

    /// Runs `body` with a ready server for the context's workspace (started if needed, file changes
    /// announced). A body that fails because the server died is run once more on a new server.
    /// - Throws: `LSPError`; `.serverMissing` when no ty is installed.
    func withServer<Result>(
        in context: ToolContext, _ body: (LSPClient) throws(LSPError) -> Result
    ) throws(LSPError) -> Result {
        let command = try serverCommand(context.backends)
        let environment = context.backends.environment()
        var attempt = 0
        while true {
            attempt += 1
            let slot = self.slot(for: context.workspace.root)
            let client = try slot.prepare(command: command, environment: environment, timeouts: configuration.timeouts)
            do {
                return try body(client)
            } catch {
                switch error {
                case .serverExited:
                    let description = slot.discard(client)
                    if attempt < 2 { continue }
                    throw LSPError.serverExited(description)
                case .timeout:
                    // A server that did not even acknowledge the cancellation is hung: replace it.
                    if !client.isUsable { _ = slot.discard(client) }
                    throw error
                default:
                    throw error
                }
            }
        }
    }

    /// The process id of the running server for `root`, if any (for tests and diagnostics).
    func serverProcessID(root: String) -> pid_t? {
        slots.withLock { $0.byRoot[root] }?.runningProcessID
    }

    /// How many servers this pool has started for `root` (for tests).
    func startCount(root: String) -> Int {
        slots.withLock { $0.byRoot[root] }?.starts ?? 0
    }

    private func serverCommand(_ backends: BackendEnvironment) throws(LSPError) -> [String] {
        if let command = configuration.command { return command }
        guard let ty = backends.executable("ty") else {
            throw LSPError.serverMissing(BackendEnvironment.missing("ty").message)
        }
        return [ty, "server"]
    }

    private func slot(for root: String) -> ServerSlot {
        let (slot, evicted) = slots.withLock { slots -> (ServerSlot, ServerSlot?) in
            slots.clock += 1
            slots.lastUse[root] = slots.clock
            if let slot = slots.byRoot[root] { return (slot, nil) }
            let slot = ServerSlot(root: root)
            slots.byRoot[root] = slot
            guard slots.byRoot.count > configuration.maximumServers,
                let oldest = slots.lastUse.filter({ $0.key != root }).min(by: { $0.value < $1.value })?.key
            else { return (slot, nil) }
            slots.lastUse[oldest] = nil
            return (slot, slots.byRoot.removeValue(forKey: oldest))
        }
        evicted?.retire()
        return slot
    }
}

/// One workspace's server and the file index announced to it.
private final class ServerSlot: Sendable {
    let root: String
    private let state = Mutex(State())

    private struct State {
        var client: LSPClient?
        var index: WorkspaceFileIndex?
        var starts = 0
        var retired = false
    }

    init(root: String) {
        self.root = root
    }

    var runningProcessID: pid_t? { state.withLock { $0.client?.processID } }
    var starts: Int { state.withLock { $0.starts } }

    /// A usable client: the running one with file changes announced, or a new one.
    func prepare(command: [String], environment: [String: String], timeouts: LSPClient.Timeouts) throws(LSPError)
        -> LSPClient
    {
        try state.withLock { (state) throws(LSPError) -> LSPClient in
            guard !state.retired else { throw LSPError.serverExited("the language server pool was shut down") }
            if let client = state.client, client.isUsable, var index = state.index {
                let changes = index.refresh(root: root)
                state.index = index
                do throws(LSPError) {
                    if !changes.isEmpty {
                        let events = changes.map {
                            LSPWatchedFilesParams.Change(
                                uri: FileURI.make(path: root + "/" + $0.path), type: $0.kind.rawValue)
                        }
                        try client.notify("workspace/didChangeWatchedFiles", LSPWatchedFilesParams(changes: events))
                    }
                    return client
                } catch {
                    // The server died since the last call: start a new one below.
                }
            }
            state.client?.terminate()
            state.client = nil
            // Snapshot first: the new server reads files lazily, so anything changed after this
            // point is announced at the next call.
            let index = WorkspaceFileIndex(root: root)
            let client = try LSPClient.start(command: command, root: root, environment: environment, timeouts: timeouts)
            state.client = client
            state.index = index
            state.starts += 1
            return client
        }
    }

    /// Drops a dead or hung client (if it is still the current one) and says what happened to it.
    func discard(_ client: LSPClient) -> String {
        state.withLock { state in
            if state.client === client {
                state.client = nil
                state.index = nil
            }
        }
        return client.failureDescription()
    }

    /// Shuts the server down and refuses to start another.
    func retire() {
        let client = state.withLock { state in
            state.retired = true
            defer { state.client = nil }
            return state.client
        }
        client?.shutdown()
    }
}

// MARK: - Process exit

/// Shuts down the servers of every live pool when the host process exits, so that no `ty server`
/// outlives it. (A host killed by a signal closes the servers' stdin instead, and ty exits at EOF.)
///
/// This is the one process-wide registry in the LSP layer: `atexit` handlers cannot capture state,
/// and pools are otherwise owned by whoever built the registry.
enum LSPExitCleanup {
    private struct WeakPool: Sendable {
        weak var pool: LSPServerPool?
    }

    private static let pools = Mutex<[ObjectIdentifier: WeakPool]>([:])
    private static let installed: Bool = {
        atexit { LSPExitCleanup.shutdownEveryPool() }
        return true
    }()

    static func register(_ pool: LSPServerPool) {
        _ = installed
        pools.withLock { $0[ObjectIdentifier(pool)] = WeakPool(pool: pool) }
    }

    static func unregister(_ identifier: ObjectIdentifier) {
        _ = pools.withLock { $0.removeValue(forKey: identifier) }
    }

    private static func shutdownEveryPool() {
        let live = pools.withLock { pools in
            defer { pools = [:] }
            return pools.values.compactMap(\.pool)
        }
        for pool in live { pool.shutdownAll() }
    }
}
