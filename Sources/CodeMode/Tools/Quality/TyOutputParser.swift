import Foundation

/// Reads `ty check --output-format gitlab` (a JSON array, `[]` when clean) into diagnostics.
///
/// Severity `major` is an error and `minor` a warning; `info` diagnostics (such as `reveal_type`)
/// are left out. The message is the description without its `"<rule>: "` prefix. Lines and columns
/// are ty's own, 1-based; an `io` diagnostic on a path ty could not read has line 1, column 1.
enum TyOutputParser {
    /// The diagnostics in `bytes`, or nil when the bytes are not a gitlab report.
    static func parse(_ bytes: [UInt8]) -> [TypeCheckError]? {
        guard let entries = try? JSONDecoder().decode([Entry].self, from: Data(bytes)) else { return nil }
        return entries.compactMap { entry in
            let severity: String
            switch entry.severity {
            case "major", "critical", "blocker": severity = "error"
            case "minor": severity = "warning"
            default: return nil
            }
            let prefix = entry.checkName + ": "
            let message =
                entry.description.hasPrefix(prefix) ? String(entry.description.dropFirst(prefix.count)) : entry.description
            let begin = entry.location.positions?.begin
            return TypeCheckError(
                file: entry.location.path, line: begin?.line ?? 1, column: begin?.column ?? 1, severity: severity,
                code: entry.checkName, message: message)
        }
    }

    private struct Entry: Decodable {
        var checkName: String
        var description: String
        var severity: String
        var location: Location

        enum CodingKeys: String, CodingKey {
            case checkName = "check_name"
            case description, severity, location
        }
    }

    private struct Location: Decodable {
        var path: String
        var positions: Positions?
    }

    private struct Positions: Decodable {
        var begin: Position
    }

    private struct Position: Decodable {
        var line: Int
        var column: Int
    }
}
