// Coordinates between the tools (1-based lines, 1-based columns in Unicode scalars, like `ty check`)
// and LSP (0-based lines, 0-based characters in the negotiated encoding). The client asks for
// UTF-32 first, in which an LSP character is a Unicode scalar index and no text is needed; for a
// server that insists on UTF-16 (the LSP default) or UTF-8, offsets are converted over the line.

/// An LSP `PositionEncodingKind`.
enum PositionEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case utf16 = "utf-16"
    case utf32 = "utf-32"

    /// The server offset of the scalar at `scalarIndex` on `line` (the index itself without a line).
    func offset(ofScalar scalarIndex: Int, in line: String?) -> Int {
        guard self != .utf32, let line else { return scalarIndex }
        var offset = 0
        for (index, scalar) in line.unicodeScalars.enumerated() {
            if index >= scalarIndex { return offset }
            offset += width(of: scalar)
        }
        return offset + (scalarIndex - line.unicodeScalars.count)
    }

    /// The scalar index of the server offset `offset` on `line` (the offset itself without a line).
    func scalarIndex(ofOffset offset: Int, in line: String?) -> Int {
        guard self != .utf32, let line else { return offset }
        var consumed = 0
        var index = 0
        for scalar in line.unicodeScalars {
            if consumed >= offset { return index }
            consumed += width(of: scalar)
            index += 1
        }
        return index + max(0, offset - consumed)
    }

    private func width(of scalar: Unicode.Scalar) -> Int {
        switch self {
        case .utf8: UTF8.width(scalar)
        case .utf16: UTF16.width(scalar)
        case .utf32: 1
        }
    }
}

/// `file://` URIs for absolute paths, percent-encoded the way LSP servers expect.
enum FileURI {
    /// The URI of an absolute path.
    static func make(path: String) -> String {
        var uri = "file://"
        for byte in path.utf8 {
            if isUnreserved(byte) {
                uri.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                uri += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return uri
    }

    /// The absolute path of a `file://` URI, or nil for another scheme or a malformed escape.
    static func path(_ uri: String) -> String? {
        guard uri.hasPrefix("file://") else { return nil }
        var rest = Array(uri.utf8.dropFirst(7))
        // file://host/path: only an empty host (or localhost) names a local file.
        if let slash = rest.firstIndex(of: UInt8(ascii: "/")), slash > 0 {
            guard String(decoding: rest[0..<slash], as: UTF8.self) == "localhost" else { return nil }
            rest.removeFirst(slash)
        }
        var bytes: [UInt8] = []
        var index = 0
        while index < rest.count {
            if rest[index] == UInt8(ascii: "%") {
                guard index + 2 < rest.count,
                    let value = UInt8(String(decoding: rest[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(value)
                index += 3
            } else {
                bytes.append(rest[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
            true
        default: false
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

/// A file's text split into lines the way LSP counts them (`\n`, with a `\r` before it dropped).
struct SourceText: Sendable {
    /// The lines, 0-based; a final newline leaves an empty last line.
    let lines: [String]

    init(bytes: [UInt8]) {
        var lines: [String] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == 10 {
            lines.append(Self.decode(bytes[start..<index]))
            start = index + 1
        }
        lines.append(Self.decode(bytes[start...]))
        self.lines = lines
    }

    /// The number of lines a person would count (a final newline does not start another line).
    var lineCount: Int { lines.last == "" ? lines.count - 1 : lines.count }

    /// The 0-based line `index`, or nil past the end.
    func line(_ index: Int) -> String? {
        lines.indices.contains(index) ? lines[index] : nil
    }

    private static func decode(_ bytes: ArraySlice<UInt8>) -> String {
        let trimmed = bytes.last == 13 ? bytes.dropLast() : bytes
        return String(decoding: trimmed, as: UTF8.self)
    }
}

/// Finds the symbol a position is meant for when the column is off.
///
/// Models often give the right line and name but a column that points at the start of the line,
/// at `def`, or one past the name. If the requested column is not inside (or just after) an
/// occurrence of the symbol on that line, the nearest whole-identifier occurrence of the symbol's
/// last name component (`Inventory.get` → `get`) is used instead. A symbol that is not on the line
/// at all leaves the column as it is.
enum SymbolLocator {
    /// The 0-based scalar index to query on `line` and whether it was moved to the symbol.
    static func index(for symbol: String, on line: String, column: Int) -> (index: Int, moved: Bool) {
        let requested = max(0, column - 1)
        let length = lastName(in: symbol).count
        let starts = occurrences(of: symbol, on: line)
        if let hit = starts.first(where: { $0 <= requested && requested <= $0 + length }) {
            return (requested < hit + length ? requested : hit, false)
        }
        guard let nearest = starts.min(by: { abs($0 - requested) < abs($1 - requested) }) else {
            return (requested, false)
        }
        return (nearest, true)
    }

    /// The 0-based scalar indices where the symbol's last name occurs on `line` as a whole identifier.
    static func occurrences(of symbol: String, on line: String) -> [Int] {
        let target = Array(lastName(in: symbol))
        let scalars = Array(line.unicodeScalars)
        guard !target.isEmpty, scalars.count >= target.count else { return [] }
        var starts: [Int] = []
        for start in 0...(scalars.count - target.count) where scalars[start] == target[0] {
            guard scalars[start..<(start + target.count)].elementsEqual(target) else { continue }
            let before = start == 0 || !isIdentifier(scalars[start - 1])
            let after = start + target.count == scalars.count || !isIdentifier(scalars[start + target.count])
            if before && after { starts.append(start) }
        }
        return starts
    }

    /// The last identifier in `symbol` (`self.items` → `items`, `get()` → `get`).
    static func lastName(in symbol: String) -> String.UnicodeScalarView {
        var pieces: [String.UnicodeScalarView] = []
        var current = String.UnicodeScalarView()
        for scalar in symbol.unicodeScalars {
            if isIdentifier(scalar) {
                current.append(scalar)
            } else if !current.isEmpty {
                pieces.append(current)
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces.last ?? String.UnicodeScalarView()
    }

    static func isIdentifier(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isXIDContinue
    }
}
