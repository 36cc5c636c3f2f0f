/// The limits of one execution. Each overrun ends the execution with its own status.
public struct ExecutionLimits: Sendable, Codable, Equatable {
    /// Wall time in seconds (`timeout`). Raised inside the program first; the host kills the
    /// program half a second later if it has not stopped.
    public var timeout: Double
    /// CPU time in seconds (`cpu_limit`), enforced with RLIMIT_CPU in the worker.
    public var cpuTime: Double
    /// Address-space growth allowed to the program, in bytes (`memory_limit`), with RLIMIT_AS.
    public var memory: Int
    /// Characters of stdout plus stderr kept (`output_limit`); the program stops at the limit.
    public var output: Int
    /// Python recursion depth (`recursion_limit`).
    public var recursion: Int

    /// The defaults: 10 s wall, 10 s CPU, 512 MB, 1 MB of output, depth 200.
    public init(
        timeout: Double = 10, cpuTime: Double = 10, memory: Int = 512 << 20, output: Int = 1 << 20,
        recursion: Int = 200
    ) {
        self.timeout = timeout
        self.cpuTime = cpuTime
        self.memory = memory
        self.output = output
        self.recursion = recursion
    }
}

/// Something that runs Code Mode programs: in a sandbox worker, or in-process for trusted input.
public protocol ProgramExecutor: Sendable {
    /// Runs one program and returns everything it produced.
    func execute(_ code: String) async -> ExecutionResult
}
