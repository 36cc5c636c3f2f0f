/// Reads `git log -z --pretty=tformat:%H%n%an <%ae>%n%ai%n%s` into commits.
///
/// `-z` ends every commit with a NUL byte, which no commit message can hold (git refuses NUL in
/// messages). Inside a record the hash, the author and the date are single header lines, so the
/// first three newlines separate them and everything after is the subject: no separator can be
/// forged by a message.
enum GitLogParser {
    /// The git format string this parser reads.
    static let format = "tformat:%H%n%an <%ae>%n%ai%n%s"

    /// The commits in `bytes`, or nil when a record does not have the four fields.
    static func parse(_ bytes: [UInt8]) -> [GitCommit]? {
        var commits: [GitCommit] = []
        for record in bytes.split(separator: 0, omittingEmptySubsequences: true) {
            var fields = record.split(separator: UInt8(ascii: "\n"), maxSplits: 3, omittingEmptySubsequences: false)
            // A leading newline would come from a previous record's separator; ignore it.
            while fields.first?.isEmpty == true, fields.count > 1 { fields.removeFirst() }
            guard fields.count >= 3 else { return nil }
            let hash = String(decoding: fields[0], as: UTF8.self)
            guard !hash.isEmpty, hash.allSatisfy(\.isHexDigit) else { return nil }
            commits.append(
                GitCommit(
                    hash: hash, message: fields.count > 3 ? String(decoding: fields[3], as: UTF8.self) : "",
                    author: String(decoding: fields[1], as: UTF8.self), date: String(decoding: fields[2], as: UTF8.self)))
        }
        return commits
    }
}
