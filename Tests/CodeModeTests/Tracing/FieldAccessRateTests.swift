import CodeMode
import Foundation
import Testing

@Suite struct FieldAccessRateTests {
    /// A report whose exact trace has `calls` typed calls and whose three methods say what is given.
    static func report(
        exact: (call: Bool, accessed: Bool), static staticVerdict: (call: Bool, accessed: Bool),
        heuristic: (call: Bool, accessed: Bool)
    ) -> FieldAccessReport {
        let calls =
            exact.call
            ? [
                TracedCall(
                    index: 0, tool: "typecheck", resultType: "TypeCheckResult",
                    reads: exact.accessed ? ["errors": 1] : [:])
            ]
            : []
        return FieldAccessReport(
            exact: FieldAccessTrace(calls: calls, accessedFields: exact.accessed),
            static: StaticFieldAccessEstimate(
                typedCall: staticVerdict.call,
                typedCalls: staticVerdict.call
                    ? [StaticTypedCall(tool: "typecheck", resultType: "TypeCheckResult", line: 1)] : [],
                reads: staticVerdict.accessed ? ["errors": 1] : [:], accessedFields: staticVerdict.accessed),
            heuristic: HeuristicFieldAccessEstimate(
                typedCall: heuristic.call, accessedFields: heuristic.accessed,
                matched: heuristic.accessed ? ["r.errors"] : []))
    }

    @Test func countsEachMethodSideBySide() throws {
        var rate = FieldAccessRate()
        #expect(rate.exact.rate == nil, "no typed call yet: the rate is undefined, not 0")
        // All agree: accessed.
        rate.add(Self.report(exact: (true, true), static: (true, true), heuristic: (true, true)))
        // All agree: a typed call, no access (print(result)).
        rate.add(Self.report(exact: (true, false), static: (true, false), heuristic: (true, false)))
        // The program failed before its call: only the text-based methods count it.
        rate.add(Self.report(exact: (false, false), static: (true, true), heuristic: (true, true)))
        // A comment mentions r.errors: only the heuristic sees access.
        rate.add(Self.report(exact: (true, false), static: (true, false), heuristic: (true, true)))
        // No typed call at all, but the regex matches `node.name`: it does not count for anyone.
        rate.add(Self.report(exact: (false, false), static: (false, false), heuristic: (false, true)))

        #expect(rate.executions == 5)
        #expect(rate.exact == FieldAccessTally(typedCallExecutions: 3, accessedExecutions: 1))
        #expect(rate.static == FieldAccessTally(typedCallExecutions: 4, accessedExecutions: 2))
        #expect(rate.heuristic == FieldAccessTally(typedCallExecutions: 4, accessedExecutions: 3))
        #expect(rate.exact.rate == 1.0 / 3.0)
        #expect(rate.heuristic.rate == 0.75)
        #expect(rate.disagreements.any == 2)
        #expect(rate.disagreements.exactStatic == 1)
        #expect(rate.disagreements.exactHeuristic == 2)
        #expect(rate.disagreements.staticHeuristic == 1)
    }

    @Test func mergesPartialTallies() {
        let reports = [
            Self.report(exact: (true, true), static: (true, true), heuristic: (true, true)),
            Self.report(exact: (true, false), static: (true, true), heuristic: (true, false)),
            Self.report(exact: (false, false), static: (false, false), heuristic: (false, false)),
        ]
        var whole = FieldAccessRate()
        whole.add(contentsOf: reports)
        var first = FieldAccessRate()
        first.add(reports[0])
        var second = FieldAccessRate()
        second.add(contentsOf: reports[1...])
        first.merge(second)
        #expect(first == whole)
    }

    @Test func encodesASummaryWithRates() throws {
        var rate = FieldAccessRate()
        rate.add(Self.report(exact: (true, true), static: (true, false), heuristic: (false, false)))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(rate), as: UTF8.self)
        #expect(
            text == #"{"disagreements":{"any":1,"exact_heuristic":1,"exact_static":1,"static_heuristic":1},"#
                + #""exact":{"accessed_executions":1,"rate":1,"typed_call_executions":1},"executions":1,"#
                + #""heuristic":{"accessed_executions":0,"rate":null,"typed_call_executions":0},"#
                + #""static":{"accessed_executions":0,"rate":0,"typed_call_executions":1}}"#)
        #expect(try JSONDecoder().decode(FieldAccessRate.self, from: Data(text.utf8)) == rate)
    }
}
