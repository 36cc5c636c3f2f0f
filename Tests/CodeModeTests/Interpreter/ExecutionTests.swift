import Testing
@testable import CodeMode

@Suite(.timeLimit(.minutes(1)))
struct ExecutionTests {
    @Test func printsAreCaptured() async throws {
        let result = try await TestExecutor().run("print('hello', 1 + 2)\nprint('second')")
        #expect(result.status == .ok)
        #expect(result.stdout == "hello 3\nsecond\n")
        #expect(result.response == "hello 3\nsecond\n")
        #expect(result.error == nil)
    }

    @Test func stderrIsCapturedSeparately() async throws {
        // An exception in __del__ is reported by Python on sys.stderr, not raised.
        let code = """
            class Noisy:
                def __del__(self):
                    raise ValueError("raised in __del__")
            item = Noisy()
            del item
            print("done")
            """
        let result = try await TestExecutor().run(code)
        #expect(result.status == .ok)
        #expect(result.stdout == "done\n")
        #expect(result.stderr.contains("ValueError: raised in __del__"))
    }

    @Test func disallowedImportsAreRefusedBeforeAnythingRunsNamingTheAllowedModules() async throws {
        let result = try await TestExecutor().run("print('never')\nimport os\n")
        #expect(result.status == .blocked)
        #expect(result.stdout == "")
        #expect(result.error?.type == "Blocked")
        #expect(result.error?.line == 2)
        #expect(result.error?.message.hasPrefix("import of 'os' is not allowed in Code Mode (allowed: ") == true)
        #expect(result.error?.message.contains("json") == true)
    }

    @Test func eachProgramGetsAFreshNamespace() async throws {
        let executor = try TestExecutor()
        let first = await executor.run("leftover = 42\nprint(leftover)")
        #expect(first.stdout == "42\n")
        let second = await executor.run("print(leftover)")
        #expect(second.status == .error)
        #expect(second.error?.type == "NameError")
        #expect(second.error?.message == "name 'leftover' is not defined")
    }

    @Test func stdoutPrintedBeforeAnExceptionIsKept() async throws {
        let code = """
            print("before")
            values = [1, 2]
            print(values[5])
            print("after")
            """
        let result = try await TestExecutor().run(code)
        #expect(result.status == .error)
        #expect(result.stdout == "before\n")
        let error = try #require(result.error)
        #expect(error.type == "IndexError")
        #expect(error.message == "list index out of range")
        #expect(error.line == 3)
        #expect(
            error.traceback == [
                "Traceback (most recent call last):",
                "  File \"<code>\", line 3, in <module>",
                "    print(values[5])",
                "IndexError: list index out of range",
            ])
        #expect(result.response == "before\n" + error.traceback.joined(separator: "\n") + "\n")
    }

    @Test func tracebackShowsOnlyTheProgramsFrames() async throws {
        let code = """
            import json
            def parse(text):
                return json.loads(text)
            parse("{broken")
            """
        let result = try await TestExecutor().run(code)
        let error = try #require(result.error)
        #expect(error.type == "JSONDecodeError")
        #expect(error.line == 3)
        #expect(error.traceback.filter { $0.hasPrefix("  File") }.allSatisfy { $0.contains("\"<code>\"") })
        #expect(error.traceback.contains("  File \"<code>\", line 4, in <module>"))
        #expect(error.traceback.contains("  File \"<code>\", line 3, in parse"))
        #expect(!error.traceback.joined().contains("json/decoder.py"))
    }

    @Test func syntaxErrorsAreReportedWithLineAndColumnBeforeAnythingRuns() async throws {
        let code = "print('this must not run')\nif True\n    print('x')\n"
        let result = try await TestExecutor().run(code)
        #expect(result.status == .syntaxError)
        #expect(result.stdout == "")
        let error = try #require(result.error)
        #expect(error.type == "SyntaxError")
        #expect(error.line == 2)
        #expect(error.column == 8)
        #expect(error.message == "expected ':'")
        #expect(error.traceback.last == "SyntaxError: expected ':'")
        #expect(result.response.contains("line 2"))
    }

    @Test func indentationErrorsAreSyntaxErrors() async throws {
        let result = try await TestExecutor().run("x = 1\n  y = 2\n")
        #expect(result.status == .syntaxError)
        #expect(result.error?.type == "IndentationError")
        #expect(result.error?.line == 2)
    }

    @Test func importsBuiltAtRunTimeAreRefusedToo() async throws {
        let result = try await TestExecutor().run("name = 'o' + 's'\nmodule = __import__(name)")
        #expect(result.status == .blocked)
        #expect(result.error?.message == "the name '__import__' is not allowed in Code Mode")
        let viaBuiltin = try await TestExecutor().run("import importlib")
        #expect(viaBuiltin.status == .blocked)
    }

    @Test func dunderAttributesAreRefusedBeforeAnythingRuns() async throws {
        let result = try await TestExecutor().run("print('x')\nprint(().__class__.__base__.__subclasses__())")
        #expect(result.status == .blocked)
        #expect(result.stdout == "")
        #expect(result.error?.message == "access to attribute '__subclasses__' is not allowed in Code Mode")
        let built = try await TestExecutor().run("print(getattr((), '__cla' + 'ss__'))")
        #expect(built.status == .error)
        #expect(built.error?.type == "PermissionError")
        #expect(built.error?.message == "access to attribute '__class__' is not allowed in Code Mode")
    }

    @Test func misspeltNamesGetAHint() async throws {
        let result = try await TestExecutor().run("result = typechek('src')")
        #expect(result.error?.type == "NameError")
        #expect(result.error?.hint == "did you mean 'typecheck'?")
    }

    @Test func systemExitIsAFailureNotAHostExit() async throws {
        let result = try await TestExecutor().run("print('a')\nraise SystemExit(3)")
        #expect(result.status == .error)
        #expect(result.error?.type == "SystemExit")
        #expect(result.stdout == "a\n")
    }

    @Test func dangerousBuiltinsAreAbsent() async throws {
        for name in ["open", "exec", "eval", "compile", "input", "breakpoint"] {
            let result = try await TestExecutor().run("\(name)")
            #expect(result.error?.type == "NameError", "\(name) must not be a builtin")
        }
    }

    @Test func allowedModulesImport() async throws {
        let result = try await TestExecutor().run(
            "import json, re, collections\nfrom itertools import chain\nprint(json.dumps({'a': 1}), list(chain([1], [2])))")
        #expect(result.status == .ok)
        #expect(result.stdout == "{\"a\": 1} [1, 2]\n")
    }

    @Test func theExecutionReportsItsDuration() async throws {
        let result = try await TestExecutor().run("x = sum(range(1000))")
        #expect(result.duration > 0)
        #expect(result.duration < 5)
    }
}
