import CodeMode
import Testing

@Suite struct ResultSynthesizerTests {
    let synthesizer = ResultSynthesizer()
    let loader = RecordedResultLoader()

    static let typedTools = StubCatalog.standard.tools.filter(\.returnsModel).map(\.name)

    @Test(arguments: typedTools)
    func everyTypedToolGetsASchemaValidResultThatKeepsTheInvariants(_ tool: String) throws {
        let signature = try #require(StubCatalog.standard.tool(named: tool))
        var arguments = JSONObject()
        for parameter in signature.parameters where parameter.isRequired {
            switch parameter.type {
            case .int: arguments[parameter.name] = .int(3)
            case .bool: arguments[parameter.name] = .bool(true)
            default: arguments[parameter.name] = .string("arg-\(parameter.name)")
            }
        }
        let result = try #require(synthesizer.synthesize(tool: tool, arguments: .object(arguments)))
        #expect(result.synthesized)
        #expect(result.tool == tool)
        #expect(result.model == signature.returnType)
        #expect(try loader.validate(result.value, as: result.model) == result.value, "valid, complete and in order")
        #expect(ResultInvariants.check(result.value, model: result.model).isEmpty)
        let object = try #require(result.value.objectValue)
        if object["success"] != nil { #expect(object["success"] == .bool(true)) }
        for (name, value) in arguments
        where object[name] != nil
            && StubCatalog.standard.model(named: result.model)?
                .field(named: name)?.type == .string
        {
            #expect(object[name] == value, "\(name) is taken from the argument")
        }
    }

    @Test func derivesStringsFromArgumentsAndDefaults() throws {
        let hover = try #require(
            synthesizer.synthesize(
                tool: "hover",
                arguments: .object(
                    JSONObject([
                        ("file_path", .string("a.py")), ("line", .int(1)), ("column", .int(2)),
                        ("symbol", .string("Config")),
                    ]))))
        #expect(
            hover.value
                == .object(
                    JSONObject([
                        ("success", .bool(true)), ("symbol", .string("Config")), ("content", .null),
                        ("language", .null),
                        ("parse_error", .null),
                    ])))
        let status = try #require(synthesizer.synthesize(tool: "git_status"))
        #expect(
            status.value
                == .object(
                    JSONObject([
                        ("success", .bool(true)), ("clean", .bool(true)), ("file_count", .int(0)),
                        ("files", .array([])),
                        ("parse_error", .null),
                    ])))
        let listing = try #require(synthesizer.synthesize(tool: "list_directory"))
        #expect(listing.value.objectValue?["path"] == .string("."), "the parameter's default")
        let symbols = try #require(
            synthesizer.synthesize(
                tool: "workspace_symbols", arguments: .object(JSONObject([("query", .string("Token"))]))))
        #expect(symbols.value.objectValue?["query"] == .string("Token"))
        #expect(symbols.value.objectValue?["symbol_count"] == .int(0))
        let domain = try #require(synthesizer.synthesize(tool: "validate_route_pattern"))
        #expect(domain.value.objectValue?["domain"] == .string("tdom-svcs"))
        #expect(domain.value.objectValue?["valid"] == .bool(true))
    }

    @Test func textToolsAndUnknownToolsAreNotSynthesized() {
        #expect(synthesizer.synthesize(tool: "read_file") == nil)
        #expect(synthesizer.synthesize(tool: "read_text_file") == nil)
        #expect(synthesizer.synthesize(tool: "no_such_tool") == nil)
    }
}
