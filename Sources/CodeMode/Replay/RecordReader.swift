/// Reads punie-exec's own run records (`punie-exec run --record FILE`): one line per run, holding the
/// model output (or the bare program), every tool call's arguments and result, and the response.
///
/// A record is one transcript with one turn; replay in recorded mode answers the program's calls with
/// the recorded results, in order, so the response comes out byte for byte as it did live.
enum RecordReader {
    /// The single turn of one record line.
    static func turns(_ object: JSONObject) -> Result<[TranscriptTurn], TranscriptLineError> {
        do throws(RunRecordError) {
            let record = try RunRecord(json: .object(object))
            let output = record.modelOutput ?? ""
            let turn = TranscriptTurn(
                index: 0, output: output, responses: [ToolResponse(body: record.response)], recorded: record)
            return .success([turn])
        } catch {
            return .failure(TranscriptLineError("invalid run record: \(error.message)"))
        }
    }
}
