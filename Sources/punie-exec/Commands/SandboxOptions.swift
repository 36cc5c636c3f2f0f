import ArgumentParser
import CodeMode

/// Isolation and limits, shared by the commands that run programs.
struct SandboxOptions: ParsableArguments {
    enum Isolation: String, ExpressibleByArgument, CaseIterable {
        case process
        case none
    }

    @Option(
        help: ArgumentHelp(
            "process: run programs in sandboxed worker processes (default). none: run in this process with the Python guards only — UNSAFE, for trusted input.",
            valueName: "process|none"))
    var isolation: Isolation = .process

    @Option(help: "Wall-time limit per program, in seconds.")
    var timeout: Double = 10

    @Option(name: .customLong("cpu-time"), help: "CPU-time limit per program, in seconds.")
    var cpuTime: Double = 10

    @Option(help: "Memory a program may use, in MB.")
    var memory: Int = 512

    @Option(name: .customLong("max-output"), help: "Characters of output a program may print.")
    var maxOutput: Int = 1 << 20

    @Option(name: .customLong("max-tool-calls"), help: "Tool calls a program may make.")
    var maxToolCalls: Int = 200

    @Option(name: .customLong("recursion-limit"), help: "Python recursion depth a program may reach.")
    var recursionLimit: Int = 200

    func validate() throws {
        guard timeout > 0, cpuTime > 0 else { throw ValidationError("--timeout and --cpu-time must be positive") }
        guard memory >= 16 else { throw ValidationError("--memory must be at least 16 (MB)") }
        guard maxOutput > 0, maxToolCalls >= 0, recursionLimit >= 10 else {
            throw ValidationError("--max-output must be positive, --max-tool-calls not negative, --recursion-limit at least 10")
        }
    }

    var limits: ExecutionLimits {
        ExecutionLimits(
            timeout: timeout, cpuTime: cpuTime, memory: memory << 20, output: maxOutput, recursion: recursionLimit)
    }

    /// The field-access estimator of executors that run without the estimates: a worker of its own
    /// in the sandbox; nil in-process, where the execution computes them.
    func estimator() -> (any FieldAccessEstimator)? {
        switch isolation {
        case .process: SandboxEstimator(limits: limits)
        case .none: nil
        }
    }

    /// The executor for these options over `registry` (replay's router, run's capture); a sandbox
    /// starts its workers at once (warmed up for many programs when `warmUp` is set, `prefault` as in
    /// `SandboxExecutor`, importing only what `programs` can import when they are given; the first
    /// worker is `forkedWorker` when given).
    func executor(
        context: ToolContext, registry: ToolRegistry = .standard(), estimates: Bool, poolSize: Int? = nil,
        warmUp: Bool, prefault: Bool = true, forkedWorker: ForkedWorker? = nil, programs: [String]? = nil
    ) -> any ProgramExecutor {
        switch isolation {
        case .process:
            SandboxExecutor(
                registry: registry, context: context, limits: limits, estimates: estimates, poolSize: poolSize,
                warmUp: warmUp, prefault: prefault, forkedWorker: forkedWorker, programs: programs)
        case .none:
            InProcessExecutor(registry: registry, context: context, limits: limits, estimates: estimates)
        }
    }
}
