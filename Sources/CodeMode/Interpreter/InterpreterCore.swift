import CPythonShim
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The interpreter operations themselves, on the calling thread: start-up and one execution.
///
/// `PythonRuntime` runs them on its dedicated thread in the host; a worker process runs them on its
/// single main thread (which must stay single-threaded so that it can fork).
enum InterpreterCore {
    /// Starts CPython with `bridge` answering tool calls and loads the harness and stubs.
    /// On return the calling thread holds the GIL.
    static func bootstrap(bridge: ToolBridge, catalog: StubCatalog) -> InterpreterError? {
        var message = [CChar](repeating: 0, count: 512)
        let context = Unmanaged.passRetained(bridge).toOpaque()
        guard cps_initialize(ToolBridge.trampoline, context, &message, message.count) == 0 else {
            let text = message.withUnsafeBufferPointer { buffer in
                String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
            return InterpreterError(message: text)
        }
        _ = cps_install_audit_hook()
        let gil = GIL.acquiredByCaller()
        do {
            try Harness.load(catalog: catalog, gil)
            return nil
        } catch {
            return InterpreterError(message: "the Code Mode harness failed to load: \(error)")
        }
    }

    /// Runs one program with the audit hook armed. The calling thread must hold the GIL, and
    /// `prepare` must have run for this program (in this process or in the zygote it was forked from).
    static func execute(
        _ code: String, options: HarnessOptions, tools: @escaping ToolCallHandler, bridge: ToolBridge,
        _ gil: borrowing GIL
    ) -> HarnessReport {
        cps_arm_audit_hook(1)
        bridge.install(tools)
        defer { bridge.clear() }
        PendingReleases.shared.drain(gil)
        do {
            let report = try Harness.callExecute(code, options: options.json(), gil)
            return HarnessReport(json: report.withBorrowed { PythonConversion.jsonValue(of: $0, gil) })
        } catch {
            return .internalFailure("the harness failed: \(error)")
        }
    }

    /// The static and heuristic field-access estimates of `code` (`{"static": ..., "heuristic": ...}`),
    /// from its text alone, with the audit hook armed: the program is parsed, never run. Nil when the
    /// harness itself failed. `prepare(_:estimates: true)` must have run in this process.
    static func estimates(_ code: String, _ gil: borrowing GIL) -> JSONValue? {
        cps_arm_audit_hook(1)
        defer { cps_arm_audit_hook(0) }
        PendingReleases.shared.drain(gil)
        guard let estimates = try? Harness.callFunction("estimates", argument: code, gil) else { return nil }
        return estimates.withBorrowed { PythonConversion.jsonValue(of: $0, gil) }
    }

    /// Imports every module a program may import, with the audit hook disarmed (a worker's zygote,
    /// once, before it forks execution processes whose programs are not known yet). `among`: "*", or
    /// the words of all the programs the worker will run, when they are known in advance
    /// (`PreloadSelection`); then only the allowed modules among them are imported.
    static func preload(among: String = "*", _ gil: borrowing GIL) {
        cps_arm_audit_hook(0)
        do {
            try Harness.callFunction("preload", argument: among, gil)
        } catch {
            // A module that fails to import is reported when a program imports it.
        }
    }

    /// Imports what `code` may import, and what the field-access estimates need when `estimates`,
    /// with the audit hook disarmed (trusted code only: the host's interpreter thread between
    /// programs, or an execution process before it locks down).
    static func prepare(_ code: String, estimates: Bool, _ gil: borrowing GIL) {
        cps_arm_audit_hook(0)
        do {
            try Harness.callFunction("prepare", argument: code, gil)
            if estimates { try Harness.callFunction("prepare_estimates", argument: "", gil) }
        } catch {
            // A module that fails to import is reported when the program imports it.
        }
    }
}

/// What the harness is told for one execution (limits it enforces itself, and modes).
struct HarnessOptions: Sendable {
    var outputLimit: Int
    var recursionLimit: Int
    var timeout: Double?
    var cpuLimit: Double?
    var estimates: Bool
    /// Copy stdout into the worker's shared memory (see `OutputMirror`).
    var mirrorStdout: Bool
    var guardProgram: Bool


    func json() -> String {
        var object = JSONObject()
        object["output_limit"] = .int(outputLimit)
        object["recursion_limit"] = .int(recursionLimit)
        object["timeout"] = timeout.map { .double($0) } ?? .null
        object["cpu_limit"] = cpuLimit.map { .double($0) } ?? .null
        object["estimates"] = .bool(estimates)
        object["mirror_stdout"] = .bool(mirrorStdout)
        object["guard"] = .bool(guardProgram)
        return String(decoding: JSONValue.object(object).jsonBytes, as: UTF8.self)
    }
}
