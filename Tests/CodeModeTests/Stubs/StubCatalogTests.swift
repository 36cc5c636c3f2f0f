import Foundation
import Testing
@testable import CodeMode

/// stubs/ is the single source of truth: the Swift side is checked against it, not kept in sync.
@Suite(.timeLimit(.minutes(1)))
struct StubCatalogTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Python's own reading of stubs/ (with the ast module), as JSON.
    private func pythonReading() throws -> [String: Any] {
        let script = """
            import ast, json, sys
            root = sys.argv[1]
            def literal(node):
                return None if node is None else ast.literal_eval(node)
            tools = []
            aliases = {}
            for node in ast.parse(open(root + "/stubs/tools.py").read()).body:
                if isinstance(node, ast.FunctionDef):
                    args = node.args.args
                    defaults = [None] * (len(args) - len(node.args.defaults)) + node.args.defaults
                    tools.append({
                        "name": node.name,
                        "parameters": [
                            {"name": a.arg, "type": ast.unparse(a.annotation), "required": d is None,
                             "default": literal(d)}
                            for a, d in zip(args, defaults)],
                        "returns": ast.unparse(node.returns),
                        "doc": ast.get_docstring(node),
                    })
                elif isinstance(node, ast.Assign) and node.targets[0].id == "ALIASES":
                    aliases = ast.literal_eval(node.value)
            models = []
            for node in ast.parse(open(root + "/stubs/models.py").read()).body:
                if isinstance(node, ast.ClassDef):
                    models.append({
                        "name": node.name,
                        "fields": [
                            {"name": f.target.id, "type": ast.unparse(f.annotation), "required": f.value is None,
                             "default": literal(f.value)}
                            for f in node.body if isinstance(f, ast.AnnAssign)],
                    })
            print(json.dumps({"tools": tools, "aliases": aliases, "models": models}))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, Self.repositoryRoot.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func theEmbeddedStubsAreTheFilesInStubs() throws {
        let tools = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("stubs/tools.py"), encoding: .utf8)
        let models = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("stubs/models.py"), encoding: .utf8)
        #expect(StubCatalog.standard.toolsSource == tools)
        #expect(StubCatalog.standard.modelsSource == models)
    }

    @Test func swiftReadsTheToolsExactlyAsPythonDoes() throws {
        let reading = try pythonReading()
        let tools = try #require(reading["tools"] as? [[String: Any]])
        let catalog = StubCatalog.standard
        #expect(catalog.tools.map(\.name) == tools.compactMap { $0["name"] as? String })
        for (signature, tool) in zip(catalog.tools, tools) {
            #expect(signature.returnType == tool["returns"] as? String, "\(signature.name)")
            #expect(signature.docstring == tool["doc"] as? String, "\(signature.name)")
            let parameters = try #require(tool["parameters"] as? [[String: Any]])
            #expect(signature.parameters.map(\.name) == parameters.compactMap { $0["name"] as? String })
            for (parameter, python) in zip(signature.parameters, parameters) {
                #expect(parameter.type.description == python["type"] as? String, "\(signature.name).\(parameter.name)")
                #expect(parameter.isRequired == python["required"] as? Bool, "\(signature.name).\(parameter.name)")
                if !parameter.isRequired {
                    #expect(Self.same(parameter.defaultValue, python["default"]), "\(signature.name).\(parameter.name)")
                }
            }
        }
        #expect(catalog.aliases == reading["aliases"] as? [String: String])
    }

    @Test func swiftReadsTheModelsExactlyAsPythonDoes() throws {
        let models = try #require(try pythonReading()["models"] as? [[String: Any]])
        let catalog = StubCatalog.standard
        #expect(catalog.models.map(\.name) == models.compactMap { $0["name"] as? String })
        for (schema, model) in zip(catalog.models, models) {
            let fields = try #require(model["fields"] as? [[String: Any]])
            #expect(schema.fields.map(\.name) == fields.compactMap { $0["name"] as? String }, "\(schema.name)")
            for (field, python) in zip(schema.fields, fields) {
                #expect(field.type.description == python["type"] as? String, "\(schema.name).\(field.name)")
                #expect((field.defaultValue == nil) == (python["required"] as? Bool), "\(schema.name).\(field.name)")
            }
        }
    }

    /// The Swift result type of every stub model.
    static var swiftTypes: [String: any Codable.Type] { [
        "TypeCheckError": TypeCheckError.self, "TypeCheckResult": TypeCheckResult.self,
        "RuffViolation": RuffViolation.self, "RuffResult": RuffResult.self,
        "TestCase": CodeMode.TestCase.self, "TestResult": TestResult.self,
        "DefinitionLocation": DefinitionLocation.self, "GotoDefinitionResult": GotoDefinitionResult.self,
        "ReferenceLocation": ReferenceLocation.self, "FindReferencesResult": FindReferencesResult.self,
        "HoverResult": HoverResult.self, "SymbolInfo": SymbolInfo.self,
        "DocumentSymbolsResult": DocumentSymbolsResult.self, "WorkspaceSymbol": WorkspaceSymbol.self,
        "WorkspaceSymbolsResult": WorkspaceSymbolsResult.self, "GitFileStatus": GitFileStatus.self,
        "GitStatusResult": GitStatusResult.self, "DiffFile": DiffFile.self, "GitDiffResult": GitDiffResult.self,
        "GitCommit": GitCommit.self, "GitLogResult": GitLogResult.self,
        "DirectoryEntry": DirectoryEntry.self, "DirectoryListing": DirectoryListing.self,
        "CstMatch": CstMatch.self, "CstFindResult": CstFindResult.self, "CstRenameResult": CstRenameResult.self,
        "CstAddImportResult": CstAddImportResult.self, "ValidationIssue": ValidationIssue.self,
        "DomainValidationResult": DomainValidationResult.self,
    ] }

    @Test func everySwiftResultTypeMatchesItsStubModelFieldForField() throws {
        let catalog = StubCatalog.standard
        #expect(Set(Self.swiftTypes.keys) == Set(catalog.models.map(\.name)))
        for schema in catalog.models {
            let type = try #require(Self.swiftTypes[schema.name], "no Swift type for \(schema.name)")
            let sample = Self.sample(schema, catalog: catalog)
            let json = try JSONSerialization.data(withJSONObject: sample)
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            let value = try decoder.decode(type, from: json)
            let encoded = try #require(
                try JSONSerialization.jsonObject(with: Data(ResultEncoder.encode(value))) as? [String: Any])
            #expect(Set(encoded.keys) == Set(schema.fields.map(\.name)), "\(schema.name)")
            // Required stub fields must be required in Swift: dropping one must fail to decode.
            for field in schema.fields where field.defaultValue == nil {
                var partial = sample
                partial.removeValue(forKey: field.name)
                let data = try JSONSerialization.data(withJSONObject: partial)
                #expect(throws: (any Error).self, "\(schema.name).\(field.name) must be required") {
                    _ = try decoder.decode(type, from: data)
                }
            }
        }
    }

    @Test func theStubTextListsEveryToolAndModel() {
        let text = StubText.render()
        for tool in StubCatalog.standard.tools { #expect(text.contains("def \(tool.name)(")) }
        for model in StubCatalog.standard.models { #expect(text.contains("class \(model.name)(BaseModel):")) }
        #expect(text.contains("def git_log(path: str = \".\", count: int = 10) -> GitLogResult:"))
        #expect(text.contains("read_text_file = read_file"))
    }

    // MARK: - Helpers

    private static func sample(_ schema: ModelSchema, catalog: StubCatalog, depth: Int = 0) -> [String: Any] {
        var object: [String: Any] = [:]
        for field in schema.fields { object[field.name] = sample(field.type, catalog: catalog, depth: depth) }
        return object
    }

    private static func sample(_ type: StubType, catalog: StubCatalog, depth: Int) -> Any {
        switch type {
        case .string: "text"
        case .int: 7
        case .float: 1.5
        case .bool: true
        case .optional(let wrapped): sample(wrapped, catalog: catalog, depth: depth)
        case .list(let element): depth > 1 ? [] : [sample(element, catalog: catalog, depth: depth + 1)]
        case .model(let name):
            catalog.model(named: name).map { sample($0, catalog: catalog, depth: depth + 1) } ?? [:]
        }
    }

    private static func same(_ value: JSONValue?, _ python: Any?) -> Bool {
        switch (value, python) {
        case (.null?, is NSNull), (.null?, nil): true
        case (.string(let text)?, let other as String): text == other
        case (.bool(let flag)?, let other as Bool): flag == other
        case (.int(let number)?, let other as Int): number == other
        default: false
        }
    }
}
