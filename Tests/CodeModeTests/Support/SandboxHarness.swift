import Foundation
@testable import CodeMode

/// A sandbox executor over a temporary workspace, with the worker built beside the tests.
final class SandboxHarness: Sendable {
    let directory: TemporaryDirectory
    let executor: SandboxExecutor

    init(
        limits: ExecutionLimits = ExecutionLimits(), allowWrite: Bool = false, registry: ToolRegistry = .standard(),
        poolSize: Int = 1, warmUp: Bool = true
    ) throws {
        directory = try TemporaryDirectory()
        let context = ToolContext(
            workspace: try Workspace(root: directory.path), policy: ToolPolicy(allowWrite: allowWrite))
        executor = SandboxExecutor(
            registry: registry, context: context, limits: limits, poolSize: poolSize,
            workerExecutable: Self.workerExecutable, warmUp: warmUp)
    }

    /// punie-worker, built beside the test bundle.
    static var workerExecutable: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("punie-worker").path
    }

    func run(_ code: String) async -> ExecutionResult { await executor.execute(code) }
}
