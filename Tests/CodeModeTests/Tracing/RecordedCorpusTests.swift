import CodeMode
import Foundation
import Testing

/// The recorded reprs of the Punie sample corpus: how many load, fail validation, or break invariants.
///
/// The corpus README counts 55 tool-response turns holding a repr that validates and 3 whose repr does
/// not, and 17 lines whose repr contradicts itself.
@Suite struct RecordedCorpusTests {
    struct Message: Decodable {
        var role: String
        var content: String
    }

    struct Conversation: Decodable {
        var messages: [Message]
    }

    struct Tally: CustomStringConvertible {
        var responses = 0
        var responsesWithRepr = 0
        var responsesLoadingCleanly = 0
        var responsesFailingValidation = 0
        var reprs = 0
        var reprsLoaded = 0
        var reprsFailingValidation = 0
        var reprsWithOtherErrors = 0
        var reprsBreakingInvariants = 0
        var linesBreakingInvariants: [Int] = []
        var failures: [String] = []
        var violations: [String] = []

        var description: String {
            "responses \(responses), with a repr \(responsesWithRepr) (clean \(responsesLoadingCleanly), "
                + "failing validation \(responsesFailingValidation)); reprs \(reprs): loaded \(reprsLoaded), "
                + "failing validation \(reprsFailingValidation), other errors \(reprsWithOtherErrors), "
                + "breaking invariants \(reprsBreakingInvariants) on lines \(linesBreakingInvariants)"
        }
    }

    static func tally() throws -> Tally {
        let data = try #require(FileManager.default.contents(atPath: TracingTestSupport.corpusURL.path))
        let loader = RecordedResultLoader()
        var tally = Tally()
        for (offset, line) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated() {
            let lineNumber = offset + 1
            let conversation = try JSONDecoder().decode(Conversation.self, from: Data(line.utf8))
            var lineBreaksInvariants = false
            for message in conversation.messages
            where message.role != "assistant" && message.content.contains("<tool_response>") {
                tally.responses += 1
                let found = loader.results(inToolResponse: message.content)
                guard !found.isEmpty else { continue }
                tally.responsesWithRepr += 1
                var failedValidation = false
                for entry in found {
                    tally.reprs += 1
                    switch entry.result {
                    case .success(let result):
                        tally.reprsLoaded += 1
                        let violations = ResultInvariants.check(result.value, model: result.model)
                        if !violations.isEmpty {
                            tally.reprsBreakingInvariants += 1
                            lineBreaksInvariants = true
                            tally.violations += violations.map { "line \(lineNumber): \($0)" }
                        }
                    case .failure(let error):
                        if error.isValidationFailure {
                            tally.reprsFailingValidation += 1
                            failedValidation = true
                        } else {
                            tally.reprsWithOtherErrors += 1
                        }
                        tally.failures.append("line \(lineNumber): \(error)")
                    }
                }
                if failedValidation {
                    tally.responsesFailingValidation += 1
                } else {
                    tally.responsesLoadingCleanly += 1
                }
            }
            if lineBreaksInvariants { tally.linesBreakingInvariants.append(lineNumber) }
        }
        return tally
    }

    @Test func countsMatchTheCorpusReadme() throws {
        let tally = try Self.tally()
        // 58 turns hold a repr (one holds two: a RuffResult and a TypeCheckResult), 59 reprs in all.
        #expect(tally.responsesWithRepr == 58, "\(tally)")
        #expect(tally.responsesLoadingCleanly == 55, "\(tally)")
        #expect(tally.responsesFailingValidation == 3, "\(tally)")
        #expect(tally.reprs == 59, "\(tally)")
        #expect(tally.reprsLoaded == 56, "\(tally)")
        #expect(tally.reprsFailingValidation == 3, "\(tally)")
        #expect(tally.reprsWithOtherErrors == 0, "\(tally.failures)")
        #expect(tally.linesBreakingInvariants.count == 17, "\(tally.violations)")
        #expect(tally.reprsBreakingInvariants == 17)
        #expect(
            tally.violations.allSatisfy { $0.contains("FindReferencesResult.reference_count") }, "\(tally.violations)")
        // The three that do not validate, and why (each names the model, field and position).
        #expect(
            tally.failures == [
                "line 131: WorkspaceSymbolsResult.symbols[0].kind: expected int, got str 'class' at line 2, column 105",
                "line 150: TestResult.errors: missing required field 'errors' at line 2, column 1",
                "line 241: HoverResult.type_info: unknown field 'type_info' at line 2, column 50",
            ])
    }
}
