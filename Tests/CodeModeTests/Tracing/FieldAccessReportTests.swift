import CodeMode
import Foundation
import Testing

@Suite(.timeLimit(.minutes(1)))
struct FieldAccessReportTests {
    /// `{"exact", "static", "heuristic"}` as the harness builds it, copied from a real run of model.py
    /// (the program reads `r.errors[].line` and misspells `eror_count`).
    static let realRun = #"""
        {"exact": {"calls": [{"index": 0, "tool": "typecheck", "result_type": "TypeCheckResult",
          "reads": {"errors": 1, "errors[].line": 1},
          "whole_object_uses": {"print": 0, "repr": 0, "str": 0, "format": 0, "model_dump": 0, "model_dump_json": 0, "iter": 0},
          "unknown_fields": [{"type": "TypeCheckResult", "name": "eror_count", "suggestion": "error_count", "count": 1}]}],
          "accessed_fields": true, "read_counts": "first"},
         "static": {"typed_call": true, "typed_calls": [{"tool": "typecheck", "result_type": "TypeCheckResult", "line": 1}],
          "reads": {"errors": 1, "errors[].line": 1},
          "unknown_fields": [{"type": "TypeCheckResult", "name": "eror_count", "suggestion": "error_count", "line": 4}],
          "accessed_fields": true, "syntax_error": null},
         "heuristic": {"typed_call": true, "accessed_fields": true, "matched": ["r.errors", "e.line"]}}
        """#

    @Test func decodesARealTrace() throws {
        let report = try JSONDecoder().decode(FieldAccessReport.self, from: Data(Self.realRun.utf8))
        #expect(report.accessedFields == FieldAccessVerdicts(exact: true, static: true, heuristic: true))
        #expect(report.madeTypedCall.agree)
        #expect(report.exact.readCounts == .first)
        let call = try #require(report.exact.calls.first)
        #expect(call.tool == "typecheck")
        #expect(call.resultType == "TypeCheckResult")
        #expect(call.readPaths == ["errors", "errors[].line"])
        #expect(!call.usedWholeObject)
        #expect(report.reads(ofCall: 0) == ["errors": 1, "errors[].line": 1])
        #expect(report.reads(ofCall: 1) == nil)
        #expect(
            report.unknownFields == [
                UnknownFieldUse(type: "TypeCheckResult", name: "eror_count", suggestion: "error_count", count: 1)
            ])
        #expect(report.static.unknownFields.first?.line == 4)
        #expect(
            report.static.typedCalls == [StaticTypedCall(tool: "typecheck", resultType: "TypeCheckResult", line: 1)])
        #expect(report.static.syntaxError == nil)
        #expect(report.heuristic.matched == ["r.errors", "e.line"])
    }

    @Test func encodingRoundTripsToTheSameJSON() throws {
        let report = try JSONDecoder().decode(FieldAccessReport.self, from: Data(Self.realRun.utf8))
        let encoded = try JSONEncoder().encode(report)
        let original = try JSONSerialization.jsonObject(with: Data(Self.realRun.utf8)) as? NSDictionary
        let again = try JSONSerialization.jsonObject(with: encoded) as? NSDictionary
        #expect(original != nil)
        #expect(original == again, "same keys (suggestion and syntax_error written as null) and values")
        #expect(try JSONDecoder().decode(FieldAccessReport.self, from: encoded) == report)
        #expect(try FieldAccessReport(json: report.jsonValue()) == report)
    }

    @Test func decodesFromTheExecutionResultsJSONValue() throws {
        let value = try TracingTestSupport.json(Self.realRun)
        let result = ExecutionResult(status: .ok, fieldAccess: value)
        let report = try FieldAccessReport(json: try #require(result.fieldAccess))
        #expect(report.accessedFields.exact)
    }

    static let programs = [
        "r = typecheck('.')\nfor e in r.errors:\n    print(e.line)\nprint(r.eror_count)",
        "s = git_status('.')\nprint(s)",
        "x = 1\nprint(x)",
        "def f(r):\n    return r.clean\nprint(f(git_status('.')))",
        "if 1 +:",
        "# r.errors\nprint(typecheck('.'))",
        "r = typecheck('.')\nif r.success:\n    print(r.errors[0].message)",
        "r = typecheck('.')\nprint(getattr(r, 'warning_count'), hasattr(r, 'total'))",
    ]

    static let runner =
        TracingTestSupport.pythonPrelude + """
            TYPED = {"typecheck": "TypeCheckResult", "git_status": "GitStatusResult"}
            RESULTS = {
                "typecheck": {"success": False, "error_count": 1, "warning_count": 1, "parse_error": None, "errors": [
                    {"file": "a.py", "line": 3, "column": 5, "severity": "error", "code": "E1", "message": "bad"},
                    {"file": "b.py", "line": 9, "column": 2, "severity": "warning", "code": "W1", "message": "meh"}]},
                "git_status": {"success": True, "clean": True, "file_count": 0, "files": []},
            }
            def run(code):
                calls = [0]
                def make(name):
                    def tool(*args, **kwargs):
                        index = calls[0]
                        calls[0] += 1
                        return M.from_tool_result(MODELS[TYPED[name]], copy.deepcopy(RESULTS[name]), index, name)
                    return tool
                namespace = {name: make(name) for name in TYPED}
                namespace["print"] = M.traced_print
                M.begin_trace()
                try:
                    with contextlib.redirect_stdout(io.StringIO()):
                        exec(compile(code, "<code>", "exec"), namespace)
                except Exception:
                    pass
                finally:
                    exact = M.end_trace()
                return {"exact": exact, "static": M.static_estimate(code, TYPED),
                        "heuristic": M.heuristic_estimate(code, TYPED)}
            print(json.dumps([run(code) for code in json.loads(sys.stdin.read())]))
            """

    /// Runs the real tracer and both estimates on several programs and decodes what they return.
    @Test func decodesWhatTheRealTracerProduces() throws {
        let input = String(decoding: try JSONEncoder().encode(Self.programs), as: UTF8.self)
        let data = try TracingTestSupport.runPython(Self.runner, input: input)
        let reports = try JSONDecoder().decode([FieldAccessReport].self, from: data)
        try #require(reports.count == Self.programs.count)
        #expect(
            reports.map(\.accessedFields) == [
                FieldAccessVerdicts(exact: true, static: true, heuristic: true),
                FieldAccessVerdicts(exact: false, static: false, heuristic: false),
                FieldAccessVerdicts(exact: false, static: false, heuristic: false),
                FieldAccessVerdicts(exact: true, static: false, heuristic: true),  // through a user function
                FieldAccessVerdicts(exact: false, static: false, heuristic: false),
                FieldAccessVerdicts(exact: false, static: false, heuristic: true),  // a comment
                FieldAccessVerdicts(exact: true, static: true, heuristic: true),
                FieldAccessVerdicts(exact: true, static: true, heuristic: false),  // getattr
            ])
        #expect(reports.map(\.madeTypedCall.exact) == [true, true, false, true, false, true, true, true])
        #expect(reports[4].static.syntaxError != nil)
        #expect(reports[1].exact.calls.first?.wholeObjectUses["print"] == 1)
        #expect(reports[1].exact.calls.first?.usedWholeObject == true)
        #expect(reports[6].exact.calls.first?.readPaths == ["success"], "success is False: the branch never runs")
        #expect(reports[6].static.reads.keys.sorted() == ["errors", "errors[].message", "success"])
        #expect(reports[7].unknownFields.map(\.name) == ["total"])
        #expect(reports[7].unknownFields.first?.suggestion == nil)
        for report in reports {
            let again = try JSONDecoder().decode(FieldAccessReport.self, from: JSONEncoder().encode(report))
            #expect(again == report)
        }
        var rate = FieldAccessRate()
        rate.add(contentsOf: reports)
        #expect(rate.exact == FieldAccessTally(typedCallExecutions: 6, accessedExecutions: 4))
    }
}
