import Foundation
import Testing
@testable import CodeMode

/// The attack suite (issue 5): every program of `AttackPrograms` must be held.
///
/// Held means: no canary touched (no secret in the result, the secret file unchanged, no new file
/// outside the workspace, no connection to the loopback listener), a refusal status (never `ok`),
/// and the host alive: a trivial program run right after the attack in the same executor succeeds
/// at once. Attacks run in two lanes on a pool of two workers, with small limits.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct AttackSuiteTests {
    static let limits = ExecutionLimits(timeout: 2, cpuTime: 2, memory: 256 << 20, output: 64 << 10)
    /// How long the trivial program after an attack may take (a replaced worker must start first).
    static let recoveryLimit = 5.0

    @Test func everyAttackIsHeld() async throws {
        let started = Date()
        let canaries = try AttackCanaries()
        let workspace = try TemporaryDirectory(prefix: "punie-attack-workspace")
        try Self.prepare(workspace, canaries: canaries)
        // The real backends from the tools venv, so that the attacks on them (a conftest.py that
        // pytest imports, git configuration) run them for real.
        let context = ToolContext(
            workspace: try Workspace(root: workspace.path), policy: ToolPolicy(allowWrite: true),
            backends: TestBackends.environment())
        let executor = SandboxExecutor(
            context: context, limits: Self.limits, poolSize: 2, workerExecutable: SandboxHarness.workerExecutable)

        // Attacks on the tool backends change the shared workspace: they run one at a time first,
        // each followed by a restore; the rest run in two lanes.
        var serial: [AttackOutcome] = []
        for attack in AttackPrograms.all where attack.category == .backends {
            serial.append(await Self.run(attack, executor: executor, canaries: canaries, workspace: workspace))
            try Self.restore(workspace, canaries: canaries)
        }
        let attacks = AttackPrograms.all.filter { $0.category != .backends }
        let parallel = await withTaskGroup(of: [AttackOutcome].self) { group in
            for lane in 0..<2 {
                group.addTask {
                    var outcomes: [AttackOutcome] = []
                    for (index, attack) in attacks.enumerated() where index % 2 == lane {
                        outcomes.append(await Self.run(attack, executor: executor, canaries: canaries, workspace: workspace))
                    }
                    return outcomes
                }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        let outcomes = (serial + parallel).sorted { $0.attack.testDescription < $1.attack.testDescription }

        for outcome in outcomes {
            print("attack \(outcome.attack.testDescription): \(outcome.held ? "held" : "NOT HELD") [\(outcome.summary)] \(String(format: "%.2f", outcome.duration)) s")
            if outcome.held { continue }
            let message = "\(outcome.attack.testDescription) was not held: \(outcome.findings.joined(separator: "; "))"
            if let reason = outcome.attack.knownIssue {
                withKnownIssue(Comment(rawValue: reason)) { Issue.record(Comment(rawValue: message)) }
            } else {
                Issue.record(Comment(rawValue: message))
            }
        }
        let held = outcomes.filter(\.held).count
        let byCategory = Attack.Category.allCases.map { category in
            "\(category.rawValue) \(outcomes.filter { $0.attack.category == category }.count)"
        }
        print("attack suite: \(byCategory.joined(separator: ", "))")
        print("held \(held)/\(outcomes.count) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        #expect(outcomes.count >= 60)
    }

    /// Runs one attack, then a trivial program in the same executor, and checks every canary.
    private static func run(
        _ attack: Attack, executor: SandboxExecutor, canaries: AttackCanaries, workspace: TemporaryDirectory
    ) async -> AttackOutcome {
        let code = canaries.substitute(attack.code, workspace: workspace.path)
        let result = await executor.execute(code)
        var findings = canaries.touched(by: result, workspace: workspace.path)
        if !AttackOutcome.refusals.contains(result.status) {
            findings.append("status \(result.status.rawValue) (stdout: \(result.stdout.prefix(200)))")
        }
        if result.stdout.count + result.stderr.count > limits.output + 1024
            || result.response.utf8.count > 2 * limits.output + 16384
        {
            findings.append(
                "the result went past the output limit (stdout \(result.stdout.count), response \(result.response.utf8.count))")
        }
        let probe = await executor.execute("print(1)")
        if probe.status != .ok || probe.stdout != "1\n" {
            findings.append("the next execution failed: \(probe.status.rawValue) \(probe.error?.message ?? "")")
        } else if probe.duration > recoveryLimit {
            findings.append("the next execution took \(probe.duration) s")
        }
        let error = result.error.map { "\($0.type): \($0.message.prefix(120))" } ?? ""
        return AttackOutcome(
            attack: attack, status: result.status, summary: "\(result.status.rawValue) \(error)", findings: findings,
            duration: result.duration)
    }

    /// Puts back what a backend attack may have changed in the workspace, and removes the file an
    /// attack dropped outside it (already counted against the attack).
    private static func restore(_ workspace: TemporaryDirectory, canaries: AttackCanaries) throws {
        for name in [".gitattributes", "conftest.py", "test_x.py"] {
            try? FileManager.default.removeItem(atPath: workspace.path + "/" + name)
        }
        try? FileManager.default.removeItem(atPath: canaries.dropPath)
        try workspace.write(".git/config", gitConfig)
        try workspace.write("a.txt", "alpha\n")
        try workspace.write("sub/b.txt", "beta\n")
    }

    private static let gitConfig = """
        [core]
        \trepositoryformatversion = 0
        \tfilemode = true
        \tbare = false
        \tlogallrefupdates = true

        """

    /// A git repository with one committed file, a symlink to the secret file and one to its
    /// directory (both outside the workspace).
    private static func prepare(_ workspace: TemporaryDirectory, canaries: AttackCanaries) throws {
        try workspace.write("a.txt", "alpha\n")
        try workspace.write("sub/b.txt", "beta\n")
        try workspace.shell("git", ["init", "-q"])
        try workspace.write(".git/config", gitConfig)
        try workspace.shell("git", ["add", "a.txt", "sub/b.txt"])
        try workspace.shell("git", ["commit", "-q", "-m", "initial"])
        try FileManager.default.createSymbolicLink(
            atPath: workspace.path + "/link.txt", withDestinationPath: canaries.canaryPath)
        try FileManager.default.createSymbolicLink(
            atPath: workspace.path + "/outdir", withDestinationPath: canaries.outside.path)
    }
}
