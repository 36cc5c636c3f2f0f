import CPythonShim

/// Trusted programs a pooled worker's zygote runs before it forks its first execution process, so
/// that every execution process starts with the harness, the model classes and the field-access
/// estimators exercised once (model builders compiled, caches filled, the hottest code specialised
/// by CPython's adaptive interpreter), instead of redoing (and copying on write) that work in each
/// process.
///
/// The programs call every typed tool, answered in the zygote itself with results built from the
/// stub schemas (three items per list), read every field, print, format, raise and catch. Every
/// execution process starts from the same state after them, so executions stay independent. Each
/// program runs once: three runs each (as before) made a pooled worker take 60 ms longer to start
/// and did not make executions measurably faster (docs/benchmarks.md).
enum WorkerWarmUp {
    /// The warm-up programs for the tools of `catalog`.
    static func programs(catalog: StubCatalog) -> [String] {
        var programs: [String] = []
        for tool in catalog.tools where tool.returnsModel {
            guard let schema = catalog.model(named: tool.returnType) else { continue }
            let arguments = tool.parameters.filter(\.isRequired).map { "\($0.name)=\(literal(for: $0.type))" }
            var lines = ["result = \(tool.name)(\(arguments.joined(separator: ", ")))"]
            lines.append("print(" + schema.fields.map { "result.\($0.name)" }.joined(separator: ", ") + ")")
            for field in schema.fields {
                guard case .list(.model(let name)) = field.type, let item = catalog.model(named: name) else { continue }
                lines.append("for item in result.\(field.name):")
                lines.append("    print(" + item.fields.map { "item.\($0.name)" }.joined(separator: ", ") + ")")
                lines.append("print(f\"{len(result.\(field.name))} in \(field.name)\", result.\(field.name)[0])")
            }
            lines.append("print(result)")
            programs.append(lines.joined(separator: "\n") + "\n")
        }
        programs.append(
            """
            import json
            import re
            from collections import Counter, defaultdict
            rows = [{"file": f"src/m{i % 7}.py", "line": i, "message": f"problem {i}"} for i in range(60)]
            counts = Counter(row["file"] for row in rows)
            groups = defaultdict(list)
            for row in rows:
                groups[row["file"]].append(row["line"])
            print(json.dumps(counts.most_common(3)), sorted(groups)[:2])
            print(re.findall(r"\\d+", " ".join(row["message"] for row in rows))[:5])
            text = "\\n".join(f"{row['file']}:{row['line']}: {row['message']}" for row in rows)
            print(len(text.splitlines()), text.upper()[:20], text.replace("src", "lib").count("lib"))

            """)
        programs.append(
            """
            def check(value):
                if value > 3:
                    raise ValueError(f"too big: {value}")
                return value
            try:
                print([check(n) for n in range(10)])
            except ValueError as error:
                print("caught", error)
            print({"a": 1}["b"])

            """)
        return programs
    }

    /// A tool answer built from the stub schema of the tool's result.
    static func answer(tool name: String, catalog: StubCatalog) -> ToolAnswer {
        guard let tool = catalog.tool(named: name) else { return .toolError("no such tool") }
        return .result(StubSamples.result(for: tool, catalog: catalog).jsonBytes)
    }

    /// Runs the warm-up programs in the calling process (a zygote before it forks).
    static func run(bridge: ToolBridge, catalog: StubCatalog, _ gil: borrowing GIL) {
        let options = HarnessOptions(
            outputLimit: 1 << 20, recursionLimit: 200, timeout: 10, cpuLimit: 10, estimates: true,
            mirrorStdout: false, guardProgram: true)
        let tools: ToolCallHandler = { name, _ in answer(tool: name, catalog: catalog) }
        for program in programs(catalog: catalog) {
            InterpreterCore.prepare(program, estimates: options.estimates, gil)
            _ = InterpreterCore.execute(program, options: options, tools: tools, bridge: bridge, gil)
        }
        cps_arm_audit_hook(0)
    }

    private static func literal(for type: StubType) -> String {
        switch type {
        case .int: "1"
        case .float: "1.0"
        case .bool: "True"
        case .list: "[\"a.py\"]"
        default: "\"src/app.py\""
        }
    }
}
