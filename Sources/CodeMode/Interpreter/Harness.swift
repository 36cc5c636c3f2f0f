import CPythonShim
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Loads the Python side of Code Mode (model base class, harness, stubs) and calls into it.
enum Harness {
    static let modelModule = "_punie_model"
    static let runtimeModule = "_punie_runtime"

    /// Loads the embedded modules and binds the catalog's tools. The caller holds the GIL.
    static func load(catalog: StubCatalog, _ gil: borrowing GIL) throws(PythonException) {
        _ = try loadModule(modelModule, source: PackageResources.model_py, filename: "punie/model.py", gil)
        let runtime = try loadModule(
            runtimeModule, source: PackageResources.runtime_py, filename: "punie/runtime.py", gil)
        let install = try attribute(runtime, "install", gil)
        // The models source compiled once and cached like the harness (`install` takes a code object).
        let models = try BytecodeCache.code(
            for: Array(catalog.modelsSource.utf8), name: "_punie_stub_models", filename: "stubs/models.py", gil)
        let catalogJSON = try PythonString.make(HarnessCatalog.json(catalog), gil)
        let result = install.withBorrowed { function in
            models.withBorrowed { models in
                catalogJSON.withBorrowed { catalogJSON in
                    cps_call_two(function, models, catalogJSON)
                }
            }
        }
        _ = try PyRef.checked(result, gil)
    }

    /// Calls `_punie_runtime.execute(code, options)` and returns its report (a dict).
    static func callExecute(_ code: String, options: String, _ gil: borrowing GIL) throws(PythonException) -> PyRef {
        let runtime = try PyRef.checked(PyImport_ImportModule(runtimeModule), gil)
        let execute = try attribute(runtime, "execute", gil)
        let program = try PythonString.make(code, gil)
        let optionsText = try PythonString.make(options, gil)
        let report = execute.withBorrowed { function in
            program.withBorrowed { program in
                optionsText.withBorrowed { optionsText in cps_call_two(function, program, optionsText) }
            }
        }
        return try PyRef.checked(report, gil)
    }

    /// Calls a function of `_punie_runtime` with one string argument; returns what it returned.
    @discardableResult
    static func callFunction(_ name: String, argument: String, _ gil: borrowing GIL) throws(PythonException) -> PyRef {
        let runtime = try PyRef.checked(PyImport_ImportModule(runtimeModule), gil)
        let function = try attribute(runtime, name, gil)
        let text = try PythonString.make(argument, gil)
        let result = function.withBorrowed { function in text.withBorrowed { cps_call_one(function, $0) } }
        return try PyRef.checked(result, gil)
    }

    // MARK: - Helpers

    private static func loadModule(_ name: String, source: [UInt8], filename: String, _ gil: borrowing GIL)
        throws(PythonException) -> PyRef
    {
        let code = try BytecodeCache.code(for: source, name: name, filename: filename, gil)
        return try code.withBorrowed { code throws(PythonException) in
            try PyRef.checked(PyImport_ExecCodeModule(name, code), gil)
        }
    }

    private static func attribute(_ object: PyRef, _ name: String, _ gil: borrowing GIL) throws(PythonException)
        -> PyRef
    {
        try object.withBorrowed { pointer throws(PythonException) in
            try PyRef.checked(PyObject_GetAttrString(pointer, name), gil)
        }
    }
}

/// The tool table handed to the harness at start-up, derived from the stub catalog: JSON of
/// `{"tools": [{"name", "parameters": [{"name", "type", "required", "default"}], "returns"}],
/// "aliases": {alias: tool}}`.
private enum HarnessCatalog {
    static func json(_ catalog: StubCatalog) -> String {
        let tools = catalog.tools.map { signature in
            JSONValue.object(
                JSONObject([
                    ("name", .string(signature.name)),
                    ("parameters", .array(signature.parameters.map(parameter))),
                    ("returns", .string(signature.returnType)),
                ]))
        }
        let aliases = JSONObject(catalog.aliases.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })
        let table = JSONValue.object(JSONObject([("tools", .array(tools)), ("aliases", .object(aliases))]))
        return String(decoding: table.jsonBytes, as: UTF8.self)
    }

    private static func parameter(_ parameter: ToolParameter) -> JSONValue {
        .object(
            JSONObject([
                ("name", .string(parameter.name)), ("type", .string(parameter.type.description)),
                ("required", .bool(parameter.isRequired)), ("default", parameter.defaultValue ?? .null),
            ]))
    }
}
