import Foundation
import Testing
@testable import CodeMode

#if canImport(Glibc)
    import Glibc
#endif

/// One attack program of the attack suite (issue 5).
///
/// The program text may use placeholders that `AttackCanaries.substitute` fills in:
/// `{{CANARY}}` (the absolute path of the secret file outside the workspace), `{{CANARY_DIR}}`,
/// `{{DROP}}` (a path outside the workspace that must never be created), `{{ESCAPE}}` (a file name
/// that must never appear beside the workspace), `{{ENV}}` (the name of the host's secret
/// environment variable), `{{PORT}}` (the loopback listener) and `{{WORKSPACE}}`.
struct Attack: Sendable, CustomTestStringConvertible {
    enum Category: String, Sendable, CaseIterable {
        case introspection, imports, files, processes, network, environment, traversal, backends, resources
        case hostCrash = "host-crash"
    }

    let id: String
    let category: Category
    let code: String
    /// Why the attack is known not to be held; such an attack runs inside `withKnownIssue`.
    var knownIssue: String?

    init(_ id: String, _ category: Category, _ code: String, knownIssue: String? = nil) {
        self.id = id
        self.category = category
        self.code = code
        self.knownIssue = knownIssue
    }

    var testDescription: String { "\(category.rawValue)/\(id)" }
}

/// What the attacks must never reach: a secret file and directory outside the workspace, a secret
/// in the host's environment, and a loopback TCP listener.
final class AttackCanaries: @unchecked Sendable {
    let outside: TemporaryDirectory
    let canaryPath: String
    let fileSecret: String
    let environmentName: String
    let environmentSecret: String
    let dropPath: String
    let escapeName: String
    let listener: Int32
    let port: UInt16

    init() throws {
        outside = try TemporaryDirectory(prefix: "punie-attack-canary")
        fileSecret = "FILE-SECRET-\(UUID().uuidString)"
        canaryPath = try outside.write("secret.txt", fileSecret + "\n")
        environmentName = "PUNIE_ATTACK_SECRET_\(UInt32.random(in: 0...UInt32.max))"
        environmentSecret = "ENV-SECRET-\(UUID().uuidString)"
        dropPath = outside.path + "/dropped.txt"
        escapeName = "punie-attack-escape-\(UUID().uuidString).txt"
        (listener, port) = try Self.listen()
        setenv(environmentName, environmentSecret, 1)
    }

    deinit {
        unsetenv(environmentName)
        close(listener)
    }

    func substitute(_ code: String, workspace: String) -> String {
        code.replacingOccurrences(of: "{{CANARY}}", with: canaryPath)
            .replacingOccurrences(of: "{{CANARY_DIR}}", with: outside.path)
            .replacingOccurrences(of: "{{DROP}}", with: dropPath)
            .replacingOccurrences(of: "{{ESCAPE}}", with: escapeName)
            .replacingOccurrences(of: "{{ENV}}", with: environmentName)
            .replacingOccurrences(of: "{{PORT}}", with: String(port))
            .replacingOccurrences(of: "{{WORKSPACE}}", with: workspace)
    }

    /// Every canary the attack touched, as readable findings (empty: none).
    func touched(by result: ExecutionResult, workspace: String) -> [String] {
        var findings: [String] = []
        var texts = [result.stdout, result.stderr, result.response]
        if let error = result.error { texts += [error.message] + error.traceback }
        texts += result.toolCalls.compactMap(\.error)
        for secret in [fileSecret, environmentSecret] where texts.contains(where: { $0.contains(secret) }) {
            findings.append("the secret \(secret.prefix(11))... leaked into the result")
        }
        if (try? String(contentsOfFile: canaryPath, encoding: .utf8)) != fileSecret + "\n" {
            findings.append("the canary file changed")
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: outside.path)) ?? []
        if entries != ["secret.txt"] { findings.append("new files outside the workspace: \(entries)") }
        let beside = URL(fileURLWithPath: workspace).deletingLastPathComponent().appendingPathComponent(escapeName)
        if FileManager.default.fileExists(atPath: beside.path) {
            findings.append("a file was written beside the workspace")
            try? FileManager.default.removeItem(at: beside)
        }
        let connection = accept(listener, nil, nil)
        if connection >= 0 {
            close(connection)
            findings.append("the loopback listener received a connection")
        }
        return findings
    }

    /// A non-blocking TCP listener on 127.0.0.1 with a random port.
    private static func listen() throws -> (Int32, UInt16) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestFailure("socket failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && Glibc.listen(descriptor, 16) == 0
                    && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound, fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK) == 0 else {
            close(descriptor)
            throw TestFailure("the loopback listener could not start")
        }
        return (descriptor, UInt16(bigEndian: address.sin_port))
    }
}

/// How one attack ended.
struct AttackOutcome: Sendable {
    let attack: Attack
    let status: ExecutionStatus
    let summary: String
    let findings: [String]
    let duration: Double

    var held: Bool { findings.isEmpty }

    /// The statuses that count as refused: everything but `ok` (and `no_code`).
    static let refusals: Set<ExecutionStatus> = [
        .blocked, .error, .timeout, .cpuLimit, .memoryLimit, .outputLimit, .recursionLimit, .crashed, .syntaxError,
    ]
}
