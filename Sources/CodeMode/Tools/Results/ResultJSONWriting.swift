/// A result model that writes its own compact JSON, byte for byte what its `Codable` encoding gives
/// (`JSONValueEncoder`: snake_case keys in field order, nil optionals left out). The tool-call hot
/// path uses it because generic `Codable` costs about five times more while its caches are cold;
/// tests pin each writer to the `Codable` encoding.
protocol JSONWritable {
    func writeJSON(to output: inout [UInt8]) throws
}

/// Writes the members of one JSON object. Keys are literals spelled as they are written, quotes
/// and colon included (`"file_count":`); the commas between members are written here.
struct JSONObjectWriter {
    private(set) var output: [UInt8] = []
    private var count = 0

    /// Writes an object to `output`: `{`, the members `body` writes, `}`.
    static func write(to output: inout [UInt8], _ body: (inout JSONObjectWriter) throws -> Void) rethrows {
        var writer = JSONObjectWriter()
        swap(&writer.output, &output)  // borrows the buffer rather than copying it
        defer { swap(&writer.output, &output) }
        writer.output.append(UInt8(ascii: "{"))
        try body(&writer)
        writer.output.append(UInt8(ascii: "}"))
    }

    /// Starts the next member: a comma after the first, then the key.
    private mutating func key(_ key: StaticString) {
        if count > 0 { output.append(UInt8(ascii: ",")) }
        count += 1
        key.withUTF8Buffer { output.append(contentsOf: $0) }
    }

    mutating func field(_ key: StaticString, _ value: Bool) {
        self.key(key)
        if value {
            output.append(contentsOf: [0x74, 0x72, 0x75, 0x65])
        } else {
            output.append(contentsOf: [0x66, 0x61, 0x6C, 0x73, 0x65])
        }
    }

    mutating func field(_ key: StaticString, _ value: Int) {
        self.key(key)
        JSONValue.writeInteger(value, to: &output)
    }

    mutating func field(_ key: StaticString, _ value: String) {
        self.key(key)
        JSONValue.writeString(value, to: &output)
    }

    mutating func field(_ key: StaticString, _ value: Double) throws {
        self.key(key)
        try JSONValue.writeDouble(value, to: &output)
    }

    mutating func field(_ key: StaticString, _ values: [String]) {
        self.key(key)
        output.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            JSONValue.writeString(value, to: &output)
        }
        output.append(UInt8(ascii: "]"))
    }

    mutating func field(_ key: StaticString, _ values: [some JSONWritable]) throws {
        self.key(key)
        output.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            try value.writeJSON(to: &output)
        }
        output.append(UInt8(ascii: "]"))
    }

    /// The member when `value` is set; nothing when it is nil (as synthesized `encodeIfPresent`).
    mutating func field(_ key: StaticString, ifPresent value: String?) {
        if let value { field(key, value) }
    }

    /// The member when `value` is set; nothing when it is nil (as synthesized `encodeIfPresent`).
    mutating func field(_ key: StaticString, ifPresent value: Int?) {
        if let value { field(key, value) }
    }
}

/// Text results (read_file and the other text tools) are JSON strings.
extension String: JSONWritable {
    func writeJSON(to output: inout [UInt8]) throws {
        JSONValue.writeString(self, to: &output)
    }
}

// MARK: - Code tools

extension CstMatch: JSONWritable {
    func writeJSON(to output: inout [UInt8]) throws {
        JSONObjectWriter.write(to: &output) { object in
            object.field(#""line":"#, line)
            object.field(#""column":"#, column)
            object.field(#""code_snippet":"#, codeSnippet)
            object.field(#""node_type":"#, nodeType)
        }
    }
}

extension CstFindResult: JSONWritable {
    func writeJSON(to output: inout [UInt8]) throws {
        try JSONObjectWriter.write(to: &output) { object in
            object.field(#""success":"#, success)
            object.field(#""match_count":"#, matchCount)
            try object.field(#""matches":"#, matches)
            object.field(#""parse_error":"#, ifPresent: parseError)
        }
    }
}

extension CstRenameResult: JSONWritable {
    func writeJSON(to output: inout [UInt8]) throws {
        JSONObjectWriter.write(to: &output) { object in
            object.field(#""success":"#, success)
            object.field(#""rename_count":"#, renameCount)
            object.field(#""modified_source":"#, ifPresent: modifiedSource)
            object.field(#""parse_error":"#, ifPresent: parseError)
        }
    }
}

extension CstAddImportResult: JSONWritable {
    func writeJSON(to output: inout [UInt8]) throws {
        JSONObjectWriter.write(to: &output) { object in
            object.field(#""success":"#, success)
            object.field(#""import_added":"#, importAdded)
            object.field(#""modified_source":"#, ifPresent: modifiedSource)
            object.field(#""parse_error":"#, ifPresent: parseError)
        }
    }
}

extension ValidationIssue: JSONWritable {
    func writeJSON(to output: inout [UInt8]) throws {
        JSONObjectWriter.write(to: &output) { object in
            object.field(#""rule":"#, rule)
            object.field(#""severity":"#, severity)
            object.field(#""message":"#, message)
            object.field(#""line":"#, ifPresent: line)
            object.field(#""suggestion":"#, ifPresent: suggestion)
        }
    }
}

extension DomainValidationResult: JSONWritable {
    func writeJSON(to output: inout [UInt8]) throws {
        try JSONObjectWriter.write(to: &output) { object in
            object.field(#""valid":"#, valid)
            object.field(#""domain":"#, domain)
            try object.field(#""issues":"#, issues)
            object.field(#""parse_error":"#, ifPresent: parseError)
        }
    }
}

// MARK: - Files

extension DirectoryEntry: JSONWritable {
    func writeJSON(to output: inout [UInt8]) throws {
        JSONObjectWriter.write(to: &output) { object in
            object.field(#""name":"#, name)
            object.field(#""kind":"#, kind)
            object.field(#""size":"#, size)
        }
    }
}

extension DirectoryListing: JSONWritable {
    func writeJSON(to output: inout [UInt8]) throws {
        try JSONObjectWriter.write(to: &output) { object in
            object.field(#""success":"#, success)
            object.field(#""path":"#, path)
            try object.field(#""entries":"#, entries)
            object.field(#""entry_count":"#, entryCount)
            object.field(#""parse_error":"#, ifPresent: parseError)
        }
    }
}

// MARK: - Git

extension GitFileStatus: JSONWritable {
    func writeJSON(to output: inout [UInt8]) throws {
        JSONObjectWriter.write(to: &output) { object in
            object.field(#""file":"#, file)
            object.field(#""status":"#, status)
            object.field(#""staged":"#, staged)
        }
    }
}

extension GitStatusResult: JSONWritable {
    func writeJSON(to output: inout [UInt8]) throws {
        try JSONObjectWriter.write(to: &output) { object in
            object.field(#""success":"#, success)
            object.field(#""clean":"#, clean)
            object.field(#""file_count":"#, fileCount)
            try object.field(#""files":"#, files)
            object.field(#""parse_error":"#, ifPresent: parseError)
        }
    }
}

extension DiffFile: JSONWritable {
    func writeJSON(to output: inout [UInt8]) throws {
        JSONObjectWriter.write(to: &output) { object in
            object.field(#""file":"#, file)
            object.field(#""additions":"#, additions)
            object.field(#""deletions":"#, deletions)
            object.field(#""hunks":"#, hunks)
        }
    }
}

extension GitDiffResult: JSONWritable {
    func writeJSON(to output: inout [UInt8]) throws {
        try JSONObjectWriter.write(to: &output) { object in
            object.field(#""success":"#, success)
            object.field(#""file_count":"#, fileCount)
            object.field(#""additions":"#, additions)
            object.field(#""deletions":"#, deletions)
            try object.field(#""files":"#, files)
            object.field(#""parse_error":"#, ifPresent: parseError)
        }
    }
}

extension GitCommit: JSONWritable {
    func writeJSON(to output: inout [UInt8]) throws {
        JSONObjectWriter.write(to: &output) { object in
            object.field(#""hash":"#, hash)
            object.field(#""message":"#, message)
            object.field(#""author":"#, ifPresent: author)
            object.field(#""date":"#, ifPresent: date)
        }
    }
}

extension GitLogResult: JSONWritable {
    func writeJSON(to output: inout [UInt8]) throws {
        try JSONObjectWriter.write(to: &output) { object in
            object.field(#""success":"#, success)
            try object.field(#""commits":"#, commits)
            object.field(#""commit_count":"#, commitCount)
            object.field(#""parse_error":"#, ifPresent: parseError)
        }
    }
}

// MARK: - Navigation

extension DefinitionLocation: JSONWritable {
    func writeJSON(to output: inout [UInt8]) throws {
        JSONObjectWriter.write(to: &output) { object in
            object.field(#""file":"#, file)
            object.field(#""line":"#, line)
            object.field(#""column":"#, column)
            object.field(#""end_line":"#, endLine)
            object.field(#""end_column":"#, endColumn)
            object.field(#""preview":"#, ifPresent: preview)
        }
    }
}

extension GotoDefinitionResult: JSONWritable {
    func writeJSON(to output: inout [UInt8]) throws {
        try JSONObjectWriter.write(to: &output) { object in
            object.field(#""success":"#, success)
            object.field(#""symbol":"#, symbol)
            try object.field(#""locations":"#, locations)
            object.field(#""parse_error":"#, ifPresent: parseError)
        }
    }
}

extension ReferenceLocation: JSONWritable {
    func writeJSON(to output: inout [UInt8]) throws {
        JSONObjectWriter.write(to: &output) { object in
            object.field(#""file":"#, file)
            object.field(#""line":"#, line)
            object.field(#""column":"#, column)
            object.field(#""preview":"#, ifPresent: preview)
        }
    }
}

extension FindReferencesResult: JSONWritable {
    func writeJSON(to output: inout [UInt8]) throws {
        try JSONObjectWriter.write(to: &output) { object in
            object.field(#""success":"#, success)
            object.field(#""symbol":"#, symbol)
            object.field(#""reference_count":"#, referenceCount)
            try object.field(#""references":"#, references)
            object.field(#""parse_error":"#, ifPresent: parseError)
        }
    }
}

extension HoverResult: JSONWritable {
    func writeJSON(to output: inout [UInt8]) throws {
        JSONObjectWriter.write(to: &output) { object in
            object.field(#""success":"#, success)
            object.field(#""symbol":"#, symbol)
            object.field(#""content":"#, ifPresent: content)
            object.field(#""language":"#, ifPresent: language)
            object.field(#""parse_error":"#, ifPresent: parseError)
        }
    }
}

extension SymbolInfo: JSONWritable {
    func writeJSON(to output: inout [UInt8]) throws {
        try JSONObjectWriter.write(to: &output) { object in
            object.field(#""name":"#, name)
            object.field(#""kind":"#, kind)
            object.field(#""line":"#, line)
            object.field(#""end_line":"#, endLine)
            try object.field(#""children":"#, children)
        }
    }
}

extension DocumentSymbolsResult: JSONWritable {
    func writeJSON(to output: inout [UInt8]) throws {
        try JSONObjectWriter.write(to: &output) { object in
            object.field(#""success":"#, success)
            object.field(#""file_path":"#, filePath)
            try object.field(#""symbols":"#, symbols)
            object.field(#""symbol_count":"#, symbolCount)
            object.field(#""parse_error":"#, ifPresent: parseError)
        }
    }
}

extension WorkspaceSymbol: JSONWritable {
    func writeJSON(to output: inout [UInt8]) throws {
        JSONObjectWriter.write(to: &output) { object in
            object.field(#""name":"#, name)
            object.field(#""kind":"#, kind)
            object.field(#""file":"#, file)
            object.field(#""line":"#, line)
            object.field(#""container_name":"#, ifPresent: containerName)
        }
    }
}

extension WorkspaceSymbolsResult: JSONWritable {
    func writeJSON(to output: inout [UInt8]) throws {
        try JSONObjectWriter.write(to: &output) { object in
            object.field(#""success":"#, success)
            object.field(#""query":"#, query)
            try object.field(#""symbols":"#, symbols)
            object.field(#""symbol_count":"#, symbolCount)
            object.field(#""parse_error":"#, ifPresent: parseError)
        }
    }
}

// MARK: - Quality

extension TypeCheckError: JSONWritable {
    func writeJSON(to output: inout [UInt8]) throws {
        JSONObjectWriter.write(to: &output) { object in
            object.field(#""file":"#, file)
            object.field(#""line":"#, line)
            object.field(#""column":"#, column)
            object.field(#""severity":"#, severity)
            object.field(#""code":"#, code)
            object.field(#""message":"#, message)
        }
    }
}

extension TypeCheckResult: JSONWritable {
    func writeJSON(to output: inout [UInt8]) throws {
        try JSONObjectWriter.write(to: &output) { object in
            object.field(#""success":"#, success)
            object.field(#""error_count":"#, errorCount)
            object.field(#""warning_count":"#, warningCount)
            try object.field(#""errors":"#, errors)
            object.field(#""parse_error":"#, ifPresent: parseError)
        }
    }
}

extension RuffViolation: JSONWritable {
    func writeJSON(to output: inout [UInt8]) throws {
        JSONObjectWriter.write(to: &output) { object in
            object.field(#""file":"#, file)
            object.field(#""line":"#, line)
            object.field(#""column":"#, column)
            object.field(#""code":"#, code)
            object.field(#""message":"#, message)
            object.field(#""fixable":"#, fixable)
        }
    }
}

extension RuffResult: JSONWritable {
    func writeJSON(to output: inout [UInt8]) throws {
        try JSONObjectWriter.write(to: &output) { object in
            object.field(#""success":"#, success)
            object.field(#""violation_count":"#, violationCount)
            object.field(#""fixable_count":"#, fixableCount)
            try object.field(#""violations":"#, violations)
            object.field(#""parse_error":"#, ifPresent: parseError)
        }
    }
}

extension TestCase: JSONWritable {
    func writeJSON(to output: inout [UInt8]) throws {
        try JSONObjectWriter.write(to: &output) { object in
            object.field(#""name":"#, name)
            object.field(#""outcome":"#, outcome)
            try object.field(#""duration":"#, duration)
            object.field(#""message":"#, ifPresent: message)
        }
    }
}

extension TestResult: JSONWritable {
    func writeJSON(to output: inout [UInt8]) throws {
        try JSONObjectWriter.write(to: &output) { object in
            object.field(#""success":"#, success)
            object.field(#""passed":"#, passed)
            object.field(#""failed":"#, failed)
            object.field(#""errors":"#, errors)
            object.field(#""skipped":"#, skipped)
            try object.field(#""duration":"#, duration)
            try object.field(#""tests":"#, tests)
            object.field(#""parse_error":"#, ifPresent: parseError)
        }
    }
}
