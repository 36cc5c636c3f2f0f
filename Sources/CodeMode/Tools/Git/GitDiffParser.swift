/// Reads `git diff --numstat -p -z` output: NUL-terminated numstat records, an empty record, then
/// the patch text.
///
/// Numstat gives paths as raw bytes (no quoting) and the counts; the patch gives the hunks. The two
/// list the same files in the same order (both come from one diff queue), so the n-th `diff --git`
/// section holds the hunks of the n-th numstat record, and no quoted path in the patch is parsed.
enum GitDiffParser {
    /// The files of one diff, or nil when the output does not have that shape.
    static func parse(_ bytes: [UInt8]) -> (files: [DiffFile], hunksMatched: Bool)? {
        var files: [DiffFile] = []
        var index = 0
        func nextField() -> ArraySlice<UInt8>? {
            guard index < bytes.count, let end = bytes[index...].firstIndex(of: 0) else { return nil }
            defer { index = end + 1 }
            return bytes[index..<end]
        }
        while index < bytes.count {
            guard let record = nextField() else { return nil }
            if record.isEmpty { break }  // the end of the numstat block; the patch follows
            let parts = record.split(separator: UInt8(ascii: "\t"), maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { return nil }
            var path = parts[2]
            if path.isEmpty {  // a rename or copy: the old path, then the new one
                guard nextField() != nil, let new = nextField() else { return nil }
                path = new
            }
            // A binary file counts `-` for both; it adds nothing to the line totals.
            files.append(
                DiffFile(
                    file: String(decoding: path, as: UTF8.self), additions: count(parts[0]),
                    deletions: count(parts[1])))
        }
        let sections = hunks(in: bytes[min(index, bytes.count)...])
        guard sections.count == files.count else { return (files, files.isEmpty && sections.isEmpty) }
        for position in files.indices { files[position].hunks = sections[position] }
        return (files, true)
    }

    /// The hunks of each file section of a patch, in order. A hunk is its `@@` header line and the
    /// lines after it, up to the next hunk or file (no trailing newline).
    static func hunks(in patch: ArraySlice<UInt8>) -> [[String]] {
        var sections: [[String]] = []
        var current: [UInt8]?
        func finishHunk() {
            if let hunk = current, !sections.isEmpty {
                sections[sections.count - 1].append(String(decoding: hunk, as: UTF8.self))
            }
            current = nil
        }
        for line in patch.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            if line.starts(with: "diff --git ".utf8) || line.starts(with: "diff --cc ".utf8)
                || line.starts(with: "diff --combined ".utf8)
            {
                finishHunk()
                sections.append([])
            } else if line.starts(with: "@@".utf8) {
                finishHunk()
                current = Array(line)
            } else if current != nil {
                current?.append(UInt8(ascii: "\n"))
                current?.append(contentsOf: line)
            }
        }
        finishHunk()
        // The patch ends with a newline, which leaves an empty last line on the last hunk.
        if let last = sections.indices.last, let hunk = sections[last].last, hunk.hasSuffix("\n") {
            sections[last][sections[last].count - 1] = String(hunk.dropLast())
        }
        return sections
    }

    private static func count(_ field: ArraySlice<UInt8>) -> Int {
        Int(String(decoding: field, as: UTF8.self)) ?? 0
    }
}
