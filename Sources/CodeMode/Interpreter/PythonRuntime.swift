import CPythonShim
import Synchronization

/// The one embedded CPython of this process, running on its own thread.
///
/// `shared()` starts it once (isolated configuration, the harness and the stubs loaded); every
/// later call returns the same runtime. Executions are serialised in FIFO order. The interpreter
/// is never finalised. Worker processes do not use it: they run `InterpreterCore` on their main
/// thread.
public final class PythonRuntime: Sendable {
    private static let instance = Mutex<Result<PythonRuntime, InterpreterError>?>(nil)

    private let thread: InterpreterThread
    private let bridge: ToolBridge

    /// The runtime of this process, started on first use.
    /// - Throws: `InterpreterError` when Python cannot start (the same error on every call).
    public static func shared() throws(InterpreterError) -> PythonRuntime {
        let result = instance.withLock { stored -> Result<PythonRuntime, InterpreterError> in
            if let stored { return stored }
            let started = start(catalog: .standard)
            stored = started
            return started
        }
        return try result.get()
    }

    private init(thread: InterpreterThread, bridge: ToolBridge) {
        self.thread = thread
        self.bridge = bridge
    }

    private static func start(catalog: StubCatalog) -> Result<PythonRuntime, InterpreterError> {
        let thread = InterpreterThread()
        let bridge = ToolBridge()
        let failure = thread.runBlocking { () -> InterpreterError? in
            let failure = InterpreterCore.bootstrap(bridge: bridge, catalog: catalog)
            // The initialising thread holds the GIL; give it up so that every job takes it itself.
            if Py_IsInitialized() != 0 { _ = PyEval_SaveThread() }
            return failure
        }
        if let failure { return .failure(failure) }
        return .success(PythonRuntime(thread: thread, bridge: bridge))
    }

    /// Runs one program in a fresh namespace, answering its tool calls with `tools`.
    func execute(_ code: String, options: HarnessOptions, tools: @escaping ToolCallHandler) async -> HarnessReport {
        await thread.run { [bridge] in Self.executeWithGIL(code, options: options, tools: tools, bridge: bridge) }
    }

    /// The blocking form of `execute`, for callers that are not async.
    /// - Important: never call it from a tool handler (the interpreter would wait for itself).
    func executeBlocking(_ code: String, options: HarnessOptions, tools: @escaping ToolCallHandler) -> HarnessReport {
        thread.runBlocking { [bridge] in Self.executeWithGIL(code, options: options, tools: tools, bridge: bridge) }
    }

    /// Runs `body` on the interpreter thread with the GIL held (tests of the C helpers that need it).
    func withGIL<T: Sendable>(_ body: @escaping @Sendable (borrowing GIL) -> T) -> T {
        thread.runBlocking {
            let state = PyGILState_Ensure()
            defer { PyGILState_Release(state) }
            return body(GIL.acquiredByCaller())
        }
    }

    private static func executeWithGIL(
        _ code: String, options: HarnessOptions, tools: @escaping ToolCallHandler, bridge: ToolBridge
    ) -> HarnessReport {
        let start = monotonicSeconds()
        let state = PyGILState_Ensure()
        defer { PyGILState_Release(state) }
        InterpreterCore.prepare(code, estimates: options.estimates, GIL.acquiredByCaller())
        var report = InterpreterCore.execute(
            code, options: options, tools: tools, bridge: bridge, GIL.acquiredByCaller())
        report.duration = monotonicSeconds() - start
        return report
    }
}

/// Why the interpreter could not start.
public struct InterpreterError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    public var description: String { message }
}
