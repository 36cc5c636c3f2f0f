import Foundation

/// Reads `ruff check --output-format json` (a JSON array, `[]` when clean) into violations.
///
/// `filename` is absolute in ruff's output and becomes relative to the workspace root. Lines and
/// columns are ruff's `location`, 1-based in Unicode scalars. `fixable` is True when ruff has a
/// *safe* fix, the ones `ruff check --fix` applies; unsafe fixes need `--unsafe-fixes`.
enum RuffOutputParser {
    /// The violations in `bytes`, or nil when the bytes are not ruff's JSON report.
    static func parse(_ bytes: [UInt8], root: String) -> [RuffViolation]? {
        guard let entries = try? JSONDecoder().decode([Entry].self, from: Data(bytes)) else { return nil }
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return entries.map { entry in
            let file = entry.filename.hasPrefix(prefix) ? String(entry.filename.dropFirst(prefix.count)) : entry.filename
            return RuffViolation(
                file: file, line: entry.location?.row ?? 1, column: entry.location?.column ?? 1,
                code: entry.code ?? entry.name ?? "", message: entry.message,
                fixable: entry.fix?.applicability == "safe")
        }
    }

    private struct Entry: Decodable {
        var code: String?
        var name: String?
        var message: String
        var filename: String
        var location: Location?
        var fix: Fix?
    }

    private struct Location: Decodable {
        var row: Int
        var column: Int
    }

    private struct Fix: Decodable {
        var applicability: String?
    }
}
