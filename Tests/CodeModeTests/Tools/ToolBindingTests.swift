import Foundation
import Testing
@testable import CodeMode

@Suite(.timeLimit(.minutes(1)))
struct ToolBindingTests {
    struct MismatchCase: Sendable, CustomTestStringConvertible {
        let call: String
        let message: String
        var testDescription: String { call }
    }

    static let mismatches: [MismatchCase] = [
        MismatchCase(call: "read_file(3)", message: "read_file() argument 'path' must be str, not int"),
        MismatchCase(call: "read_file()", message: "read_file() missing required argument 'path'"),
        MismatchCase(call: "write_file('a.txt')", message: "write_file() missing required argument 'content'"),
        MismatchCase(call: "read_file(file='a.txt')", message: "read_file() got an unexpected keyword argument 'file'"),
        MismatchCase(call: "read_file('a', 'b')", message: "read_file() takes 1 positional argument but 2 were given"),
        MismatchCase(call: "read_file('a', path='b')", message: "read_file() got multiple values for argument 'path'"),
        MismatchCase(
            call: "run_command('ls', args=[1])", message: "run_command() argument 'args' must be list[str] | None, not list"),
        MismatchCase(call: "git_diff(staged='yes')", message: "git_diff() argument 'staged' must be bool, not str"),
        MismatchCase(call: "git_log(count=True)", message: "git_log() argument 'count' must be int, not bool"),
        MismatchCase(call: "git_log(count=2.5)", message: "git_log() argument 'count' must be int, not float"),
        MismatchCase(
            call: "goto_definition('a.py', '3', 1, 'X')", message: "goto_definition() argument 'line' must be int, not str"),
        MismatchCase(call: "read_file(None)", message: "read_file() argument 'path' must be str, not NoneType"),
    ]

    @Test(arguments: mismatches)
    func argumentMismatchRaisesTypeErrorNamingTheParameter(_ mismatch: MismatchCase) async throws {
        let result = try await TestExecutor().run(mismatch.call)
        #expect(result.status == .error)
        #expect(result.error?.type == "TypeError")
        #expect(result.error?.message == mismatch.message)
        #expect(result.toolCalls.isEmpty, "a call with bad arguments must not reach the host")
    }

    @Test func positionalKeywordAndDefaultArgumentsAllWork() async throws {
        let executor = try TestExecutor()
        try executor.directory.write("notes.txt", "alpha\n")
        let result = await executor.run(
            """
            print(read_file("notes.txt"), end="")
            print(read_file(path="notes.txt"), end="")
            print(list_directory().path)
            print(list_directory(path=".").entry_count)
            """)
        #expect(result.status == .ok)
        #expect(result.stdout == "alpha\nalpha\n.\n1\n")
        #expect(result.toolCalls.map(\.name) == ["read_file", "read_file", "list_directory", "list_directory"])
        #expect(result.toolCalls[2].arguments == .object(JSONObject([("path", .string("."))])))
        #expect(result.toolCalls.allSatisfy { $0.ok })
    }

    @Test func bothSpellingsOfTheFileToolsWork() async throws {
        let executor = try TestExecutor(allowWrite: true)
        let result = await executor.run(
            """
            write_text_file("a.txt", "one")
            print(read_text_file("a.txt"))
            write_file("b.txt", "two")
            print(read_file("b.txt"))
            """)
        #expect(result.status == .ok)
        #expect(result.stdout == "one\ntwo\n")
        #expect(result.toolCalls.map(\.name) == ["write_file", "read_file", "write_file", "read_file"])
    }

    @Test func typedResultsArriveAsInstancesOfTheStubModels() async throws {
        let executor = try TestExecutor()
        try executor.directory.write("b.txt", "12345")
        try executor.directory.write("a/inner.txt", "x")
        let result = await executor.run(
            """
            listing = list_directory()
            print(isinstance(listing, DirectoryListing), isinstance(listing, TypeCheckResult))
            print(listing.success, listing.entry_count, [e.name for e in listing.entries])
            print(listing.entries[1].kind, listing.entries[1].size)
            print(repr(listing.entries[0]))
            """)
        #expect(result.status == .ok)
        #expect(
            result.stdout == """
                True False
                True 2 ['a', 'b.txt']
                file 5
                DirectoryEntry(name='a', kind='directory', size=\(try directorySize(executor, "a")))

                """)
        #expect(result.toolCalls.first?.resultType == "DirectoryListing")
    }

    @Test func reprOfAResultIsPydanticShaped() async throws {
        let executor = try TestExecutor()
        try executor.directory.write("x.txt", "12")
        let result = await executor.run("print(repr(list_directory()))")
        #expect(
            result.stdout
                == "DirectoryListing(success=True, path='.', entries=[DirectoryEntry(name='x.txt', kind='file', size=2)], entry_count=1, parse_error=None)\n"
        )
    }

    @Test func aDeclaredToolWithoutImplementationRaisesAClearToolError() async throws {
        var registry = ToolRegistry()
        registry.register(ReadFileTool())
        let executor = try TestExecutor(registry: registry)
        let result = await executor.run("status = git_status()")
        #expect(result.status == .error)
        #expect(result.error?.type == "ToolError")
        #expect(result.error?.message == "git_status is not available yet in this build of punie-exec")
        #expect(result.toolCalls.first?.ok == false)
    }

    @Test func toolErrorsCanBeCaughtByThePrograms() async throws {
        let result = try await TestExecutor().run(
            """
            try:
                read_file("missing.txt")
            except ToolError as error:
                print("caught:", error)
            """)
        #expect(result.status == .ok)
        #expect(result.stdout == "caught: 'missing.txt' does not exist in the workspace\n")
    }

    @Test func theCallBudgetIsEnforced() async throws {
        let executor = try TestExecutor(maxToolCalls: 2)
        let result = await executor.run("for _ in range(3):\n    list_directory()")
        #expect(result.status == .error)
        #expect(result.error?.message == "tool call budget exhausted: at most 2 tool calls per execution")
        #expect(result.toolCalls.count == 3)
    }

    private func directorySize(_ executor: TestExecutor, _ name: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: executor.directory.path + "/" + name)
        return (attributes[.size] as? Int) ?? -1
    }
}
