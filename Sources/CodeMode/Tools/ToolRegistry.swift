#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The Swift implementations of the tools declared in stubs/, by canonical name.
///
/// A tool declared in the catalog but not registered answers with a clear "not available yet"
/// error instead of failing at bind time, so every declared name is callable.
public struct ToolRegistry: Sendable {
    /// The declarations the registry serves.
    public let catalog: StubCatalog
    private var entries: [String: AnyTool] = [:]

    /// An empty registry for `catalog`.
    public init(catalog: StubCatalog = .standard) {
        self.catalog = catalog
    }

    /// Every tool implemented in this build, over its real backend.
    public static func standard(catalog: StubCatalog = .standard) -> ToolRegistry {
        var registry = ToolRegistry(catalog: catalog)
        registry.register(ReadFileTool())
        registry.register(WriteFileTool())
        registry.register(ListDirectoryTool())
        registry.register(RunCommandTool())
        registry.register(TypecheckTool())
        registry.register(RuffCheckTool())
        registry.register(PytestRunTool())
        registry.register(GitStatusTool())
        registry.register(GitDiffTool())
        registry.register(GitLogTool())
        let navigation = LSPServerPool()
        registry.register(GotoDefinitionTool(pool: navigation))
        registry.register(FindReferencesTool(pool: navigation))
        registry.register(HoverTool(pool: navigation))
        registry.register(DocumentSymbolsTool(pool: navigation))
        registry.register(WorkspaceSymbolsTool(pool: navigation))
        return registry
    }

    /// Adds (or replaces) the implementation of `T.name`.
    public mutating func register<T: Tool>(_ tool: T) {
        entries[T.name] = AnyTool(tool)
    }

    /// Adds (or replaces) a tool given as a closure over raw JSON: validated arguments in, the result
    /// JSON out (a model object, or a JSON string for text tools). Replay and benchmarks use it to
    /// answer with recorded or canned results.
    public mutating func register(
        _ name: String,
        handler: @escaping @Sendable (_ argumentsJSON: [UInt8], _ context: ToolContext) -> Result<[UInt8], ToolError>
    ) {
        entries[catalog.canonicalName(name)] = AnyTool(call: handler)
    }

    /// Names of the registered tools.
    public var implementedTools: [String] { entries.keys.sorted() }

    /// Declared tools without an implementation in this build.
    public var unavailableTools: [String] { catalog.tools.map(\.name).filter { entries[$0] == nil } }

    /// Calls a tool by name (or alias) with validated arguments (a JSON object).
    public func call(_ name: String, argumentsJSON: [UInt8], in context: ToolContext) -> Result<[UInt8], ToolError> {
        let canonical = catalog.canonicalName(name)
        guard catalog.tool(named: canonical) != nil else {
            return .failure(ToolError(.invalidArguments, "'\(name)' is not a Code Mode tool"))
        }
        guard let tool = entries[canonical] else {
            return .failure(
                ToolError(.notAvailable, "\(canonical) is not available yet in this build of punie-exec"))
        }
        return tool.call(argumentsJSON, context)
    }

    /// Runs every registered tool's argument decoding and result encoding once, on samples built
    /// from the stubs, without running any tool. The Swift runtime's one-time work for those types
    /// (generic metadata, protocol conformance lookups: ≈ 0.5 ms for the first call of a tool in a
    /// fresh process) then happens here, ahead of the first real call, instead of while a program
    /// waits for its answer. Returns the tools whose samples did not decode (none, when the Swift
    /// types match the stubs).
    @discardableResult
    public func prepareCoding() -> [String] {
        prepareCoding(of: Set(entries.keys))
    }

    /// `prepareCoding()` for the tools whose names (or aliases) appear in `program` only: the
    /// whole registry takes ≈ 5 ms of CPU, which a one-shot run's worker would compete with for the
    /// machine's cores, while a program calls a few tools.
    @discardableResult
    public func prepareCoding(calledIn program: String) -> [String] {
        prepareCoding(of: toolsNamed(in: program))
    }

    /// The registered tools whose names or aliases appear anywhere in `program` (a superset of
    /// those it calls, cheaply).
    func toolsNamed(in program: String) -> Set<String> {
        Set(catalog.callableNames.filter { program.contains($0) }.map(catalog.canonicalName)).filter {
            entries[$0] != nil
        }
    }

    private func prepareCoding(of names: Set<String>) -> [String] {
        var unprepared: [String] = []
        for (name, tool) in entries.sorted(by: { $0.key < $1.key }) where names.contains(name) {
            guard let prepare = tool.prepareCoding, let signature = catalog.tool(named: name) else { continue }
            let arguments = StubSamples.arguments(for: signature, catalog: catalog)
            let prepared = prepare(arguments, StubSamples.result(for: signature, catalog: catalog))
            if !prepared { unprepared.append(name) }
        }
        return unprepared
    }
}

/// A type-erased tool: decodes arguments, runs, encodes the result.
struct AnyTool: Sendable {
    let call: @Sendable (_ arguments: [UInt8], _ context: ToolContext) -> Result<[UInt8], ToolError>
    /// Decodes sample arguments and encodes a sample result the way `call` does; false when a
    /// sample did not decode (nil for closures).
    let prepareCoding: (@Sendable (_ arguments: JSONValue, _ result: JSONValue) -> Bool)?

    init(call: @escaping @Sendable (_ arguments: [UInt8], _ context: ToolContext) -> Result<[UInt8], ToolError>) {
        self.call = call
        prepareCoding = nil
    }

    init<T: Tool>(_ tool: T) {
        prepareCoding = { arguments, result in
            let decoded = (try? JSONValueDecoder().decode(T.Arguments.self, from: arguments)) != nil
            guard let decodable = T.Output.self as? any Decodable.Type,
                let output = (try? JSONValueDecoder().decode(decodable, from: result)) as? T.Output
            else { return false }
            return decoded && (try? ResultEncoder.encode(output)) != nil
        }
        call = { arguments, context in
            // The parser would quietly turn a lone surrogate into U+FFFD; refuse it as before.
            if let surrogate = loneSurrogateEscape(in: arguments) {
                return .failure(
                    ToolError(
                        .invalidPath,
                        "\(T.name)(): an argument contains a lone surrogate ('\\\(surrogate)'), which is not "
                            + "valid Unicode: pass text without unpaired surrogates"))
            }
            let decoded: T.Arguments
            do {
                let parsed = JSONParser.parse(arguments)
                guard let value = parsed.value else {
                    return .failure(
                        ToolError(
                            .invalidArguments,
                            "\(T.name)(): the arguments are not JSON: \(parsed.error.map { "\($0)" } ?? "no value")"))
                }
                decoded = try JSONValueDecoder().decode(T.Arguments.self, from: value)
            } catch {
                return .failure(ToolError(.invalidArguments, "\(T.name)(): the arguments do not fit: \(error)"))
            }
            do {
                let output = try tool.run(decoded, in: context)
                return .success(try ResultEncoder.encode(output))
            } catch let error as ToolError {
                return .failure(error)
            } catch {
                return .failure(ToolError(.system, "\(T.name)(): the result could not be encoded: \(error)"))
            }
        }
    }
}

/// The first unpaired `\uD800`–`\uDFFF` escape in JSON text (Python's `json.dumps` writes a lone
/// surrogate that way), which Foundation's decoder rejects as invalid JSON.
func loneSurrogateEscape(in json: [UInt8]) -> String? {
    func hex(at index: Int) -> UInt16? {
        guard index + 6 <= json.count, json[index] == UInt8(ascii: "\\"), json[index + 1] == UInt8(ascii: "u") else {
            return nil
        }
        return UInt16(String(decoding: json[(index + 2)..<(index + 6)], as: UTF8.self), radix: 16)
    }
    var index = 0
    while index < json.count {
        if json[index] == UInt8(ascii: "\\") {
            if let unit = hex(at: index) {
                if (0xD800...0xDBFF).contains(unit), let next = hex(at: index + 6), (0xDC00...0xDFFF).contains(next) {
                    index += 12
                    continue
                }
                if (0xD800...0xDFFF).contains(unit) {
                    return "u" + String(decoding: json[(index + 2)..<(index + 6)], as: UTF8.self).lowercased()
                }
            }
            index += 2
            continue
        }
        index += 1
    }
    return nil
}

/// Encodes tool results as compact JSON with the stub's snake_case field names: written by the
/// model itself (`JSONWritable`: the result models and text), else through its `Encodable`
/// conformance into a `JSONValue` (`JSONValueEncoder`).
enum ResultEncoder {
    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        if let writable = value as? any JSONWritable {
            var output: [UInt8] = []
            output.reserveCapacity(512)
            try writable.writeJSON(to: &output)
            return output
        }
        return try JSONValueEncoder().encode(value).jsonBytes
    }
}
