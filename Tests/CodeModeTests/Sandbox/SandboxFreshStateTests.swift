import Foundation
import Testing
@testable import CodeMode

/// Whatever one execution does cannot be observed by the next one (each is forked from the zygote).
@Suite(.timeLimit(.minutes(1)))
struct SandboxFreshStateTests {
    /// Runs `mutate` then `observe` in the same single-worker sandbox, with the AST guard off so the
    /// mutation really happens (the guard would refuse most of these before they ran).
    private func outcome(mutate: String, observe: String) async throws -> (ExecutionResult, ExecutionResult) {
        let sandbox = try SandboxHarness(poolSize: 1)
        let first = await sandbox.executor.execute(mutate, guardProgram: false)
        let second = await sandbox.executor.execute(observe, guardProgram: false)
        return (first, second)
    }

    @Test func globalsDoNotLeak() async throws {
        let (first, second) = try await outcome(mutate: "secret = 42\nprint(secret)", observe: "print('secret' in dir())")
        #expect(first.stdout == "42\n")
        #expect(second.stdout == "False\n")
    }

    @Test func aMutatedModelClassDoesNotLeak() async throws {
        let (first, second) = try await outcome(
            mutate: "TypeCheckResult.injected = 'yes'\nprint(TypeCheckResult.injected)",
            observe: "print(getattr(TypeCheckResult, 'injected', 'absent'))")
        #expect(first.stdout == "yes\n")
        #expect(second.stdout == "absent\n")
    }

    @Test func aMutatedAllowedModuleDoesNotLeak() async throws {
        let (first, second) = try await outcome(
            mutate: "import json\njson.dumps = lambda *a, **k: 'hijacked'\nprint(json.dumps(1))",
            observe: "import json\nprint(json.dumps(1))")
        #expect(first.stdout == "hijacked\n")
        #expect(second.stdout == "1\n")
    }

    @Test func cachesDoNotLeak() async throws {
        let (first, second) = try await outcome(
            mutate: "import functools\n@functools.lru_cache\ndef f(x):\n    return x\nf(1)\nimport re\nre.compile('leak-marker')\nprint('ok')",
            observe: "import re\nprint(any('leak-marker' in str(key) for key in re._cache))")
        #expect(first.stdout == "ok\n")
        #expect(second.stdout == "False\n")
    }

    @Test func aWritableMappingproxyOfABuiltinTypeDoesNotLeak() async throws {
        // The gc.get_referents trick gives a writable dict behind str's mappingproxy.
        let mutate = """
            import gc
            real = gc.get_referents(str.__dict__)[0]
            real['shout'] = lambda self: self.upper() + '!'
            print('hi'.shout())
            """
        let (first, second) = try await outcome(mutate: mutate, observe: "print(hasattr('hi', 'shout'))")
        #expect(first.status == .ok || first.status == .error)
        #expect(second.stdout == "False\n")
    }
}
