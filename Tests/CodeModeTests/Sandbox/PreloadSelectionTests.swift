import Testing

@testable import CodeMode

/// The modules a replay's workers import: every allowed module its programs' words name, all of them
/// when a module's name may be spelt in other characters.
@Suite(.timeLimit(.minutes(2)))
struct PreloadSelectionTests {
    @Test func theWordsOfAsciiProgramsAreTheCandidates() throws {
        let words = try #require(
            PreloadSelection.candidates(for: ["import json, re\nx = Counter(2)\n", "from collections import abc  # 9lives"])
        )
        #expect(words == "abc,collections,from,import,json,re,x")
    }

    @Test func nonAsciiTextAwayFromImportsChangesNothing() throws {
        let program = "import json\n# imports: none ✓\nprint(f\"✓ {json.dumps(1)}\")\n"
        #expect(PreloadSelection.candidates(for: [program])?.split(separator: ",").contains("json") == true)
        // A line with the word "from" or "import" is looked at even when it is no import statement.
        #expect(PreloadSelection.candidates(for: [program + "text = \"from ✗\"\n"]) == nil)
    }

    @Test(arguments: [
        "import ｊｓｏｎ\n",
        "x = 1; import ｒｅ as r\n",
        "from \\\nｊｓｏｎ import dumps\n",
        "from \\\r\nｊｓｏｎ import dumps\n",
        "import json, \\\n    ｒｅ\n",
        "print('✓')\nfrom ｃｏｌｌｅｃｔｉｏｎｓ import Counter\n",
    ])
    func aModuleNameThatMayBeSpeltInOtherCharactersLoadsEverything(program: String) {
        #expect(PreloadSelection.candidates(for: ["import json\n", program]) == nil)
    }

    @Test func tooManyWordsForOneArgumentLoadEverything() {
        let program = (0..<20_000).map { "name\($0)" }.joined(separator: " ")
        #expect(PreloadSelection.candidates(for: [program]) == nil)
    }

    /// A worker told the programs imports only what they can import: another program's allowed
    /// import fails (which is why only a replay, which knows every program, tells it).
    @Test func aWorkerImportsOnlyTheModulesItsProgramsName() async throws {
        let directory = try TemporaryDirectory()
        let context = ToolContext(workspace: try Workspace(root: directory.path), policy: ToolPolicy())
        let expected = "import json\nprint(json.dumps([1]))\n"
        let executor = SandboxExecutor(
            context: context, poolSize: 1, workerExecutable: SandboxHarness.workerExecutable, programs: [expected])
        let ran = await executor.execute(expected)
        #expect(ran.status == .ok)
        #expect(ran.stdout == "[1]\n")
        let other = await executor.execute("import difflib\nprint(1)\n")
        #expect(other.status == .error)
        #expect(other.error?.type == "ImportError")
        let everything = SandboxExecutor(context: context, poolSize: 1, workerExecutable: SandboxHarness.workerExecutable)
        #expect(await everything.execute("import difflib\nprint(1)\n").stdout == "1\n")
    }
}
