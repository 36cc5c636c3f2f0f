import CPythonShim
import Foundation
import Synchronization

/// The one embedded CPython of this process, running on its own thread.
///
/// `shared()` starts it once (isolated configuration, the harness and the stubs loaded); every
/// later call returns the same runtime. Executions are serialised in FIFO order. The interpreter
/// is never finalised.
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
            Bootstrap.run(bridge: bridge, catalog: catalog)
        }
        if let failure { return .failure(failure) }
        return .success(PythonRuntime(thread: thread, bridge: bridge))
    }

    /// Runs one program in a fresh namespace, answering its tool calls with `tools`.
    public func execute(_ code: String, tools: @escaping ToolCallHandler) async -> HarnessOutcome {
        await thread.run { [bridge] in Self.executeOnThread(code, tools: tools, bridge: bridge) }
    }

    /// The blocking form of `execute`, for callers that are not async (worker processes, tests).
    /// - Important: never call it from a tool handler (the interpreter would wait for itself).
    public func executeBlocking(_ code: String, tools: @escaping ToolCallHandler) -> HarnessOutcome {
        thread.runBlocking { [bridge] in Self.executeOnThread(code, tools: tools, bridge: bridge) }
    }

    private static func executeOnThread(_ code: String, tools: @escaping ToolCallHandler, bridge: ToolBridge)
        -> HarnessOutcome
    {
        bridge.install(tools)
        defer { bridge.clear() }
        let state = PyGILState_Ensure()
        defer { PyGILState_Release(state) }
        let gil = GIL.acquiredByCaller()
        PendingReleases.shared.drain(gil)
        do {
            let json = try Harness.callExecute(code, gil)
            return HarnessOutcome(report: try JSONDecoder().decode(HarnessReport.self, from: Data(json.utf8)))
        } catch let error as PythonException {
            return HarnessOutcome(report: .internalFailure("the harness failed: \(error)"))
        } catch {
            return HarnessOutcome(report: .internalFailure("the harness report could not be read: \(error)"))
        }
    }
}

/// The outcome of one program as the interpreter reports it, before the host adds tool records.
public struct HarnessOutcome: Sendable {
    let report: HarnessReport
}

/// Why the interpreter could not start.
public struct InterpreterError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    public var description: String { message }
}

// MARK: - Start-up

/// Starts CPython and loads the harness; runs once, on the interpreter thread.
private enum Bootstrap {
    static func run(bridge: ToolBridge, catalog: StubCatalog) -> InterpreterError? {
        var message = [CChar](repeating: 0, count: 512)
        let context = Unmanaged.passRetained(bridge).toOpaque()
        let status = cps_initialize(ToolBridge.trampoline, context, &message, message.count)
        guard status == 0 else {
            let text = message.withUnsafeBufferPointer { buffer in
                String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
            return InterpreterError(message: text)
        }
        // The initialising thread holds the GIL; give it up so that every job takes it itself.
        defer { _ = PyEval_SaveThread() }
        let gil = GIL.acquiredByCaller()
        do {
            try Harness.load(catalog: catalog, gil)
            return nil
        } catch {
            return InterpreterError(message: "the Code Mode harness failed to load: \(error)")
        }
    }
}
