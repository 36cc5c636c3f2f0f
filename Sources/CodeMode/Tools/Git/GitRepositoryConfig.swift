/// What the git tools need to know from a repository's own configuration, read without running
/// git: the filter drivers it configures, and whether it moves the working tree.
///
/// The files are read with a port of git's own config parser (`git_parse_source` of git 2.39:
/// sections `[name]`, `[name "subsection"]` with `\` escapes, the old `[name.subsection]` form,
/// several sections and keys on one line, `#`/`;` comments, quoted values, `\` escapes and line
/// continuations in values). Whatever this cannot follow exactly gives nil, and the caller asks
/// `git config` instead: a file git would reject, a NUL byte, a key before any section, and any
/// `include.*` or `includeIf.*` key (which would pull in other files).
struct GitRepositoryConfig: Equatable, Sendable {
    /// The names of the filter drivers that have any `filter.NAME.*` key, in order of appearance
    /// (raw bytes: a name need not be UTF-8).
    var filterDrivers: [[UInt8]] = []
    /// True when a `core.worktree` key is set or `core.bare` is not false: the working tree is not
    /// simply the directory holding `.git`, so the prefix must come from git.
    var movesWorkTree = false

    /// The combined configuration of `files` in order (a missing file counts as empty), or nil when
    /// one of them cannot be read or parsed exactly.
    static func read(_ files: [String]) -> GitRepositoryConfig? {
        var combined = GitRepositoryConfig()
        for file in files {
            switch GitFileReading.contents(of: file) {
            case .missing: continue
            case .unusable: return nil
            case .bytes(let bytes):
                guard let config = parse(bytes) else { return nil }
                for name in config.filterDrivers where !combined.filterDrivers.contains(name) {
                    combined.filterDrivers.append(name)
                }
                combined.movesWorkTree = combined.movesWorkTree || config.movesWorkTree
            }
        }
        return combined
    }

    /// The configuration in the text of one config file, or nil (see the type's documentation).
    static func parse(_ bytes: [UInt8]) -> GitRepositoryConfig? {
        guard !bytes.contains(0) else { return nil }
        var parser = GitConfigParser(bytes: bytes)
        var config = GitRepositoryConfig()
        let parsed = parser.parse { name, value in
            config.take(name, value)
        }
        return parsed ? config : nil
    }

    /// Takes one `section[.subsection].key` (section and key lowercased, as git makes them) and
    /// its value (nil for a key without `=`); false when the caller must ask git instead.
    private mutating func take(_ name: [UInt8], _ value: [UInt8]?) -> Bool {
        let section = name.prefix { $0 != UInt8(ascii: ".") }
        if section.elementsEqual("include".utf8) || section.elementsEqual("includeif".utf8) { return false }
        if name.starts(with: "filter.".utf8), let lastDot = name.lastIndex(of: UInt8(ascii: ".")), lastDot > 6 {
            // As git's parse_config_key: the subsection runs from the first to the last dot.
            let driver = Array(name[7..<lastDot])
            if !filterDrivers.contains(driver) { filterDrivers.append(driver) }
        }
        if name.elementsEqual("core.worktree".utf8) { movesWorkTree = true }
        if name.elementsEqual("core.bare".utf8), !Self.isFalse(value) { movesWorkTree = true }
        return true
    }

    /// Whether git reads `value` as the boolean false (`false`, `no`, `off`, `0`, empty).
    private static func isFalse(_ value: [UInt8]?) -> Bool {
        guard let value else { return false }  // a key without `=` is true
        let word = String(decoding: value, as: UTF8.self).lowercased()
        return ["", "false", "no", "off", "0"].contains(word)
    }
}

/// git's config file grammar (config.c of git 2.39), reading bytes the way `get_next_char` does:
/// `\r\n` is a newline and the end of the file reads as a final newline.
private struct GitConfigParser {
    let bytes: [UInt8]
    var index = 0
    var atEnd = false

    init(bytes: [UInt8]) {
        self.bytes = bytes
        // A UTF-8 byte order mark at the start is skipped, as git does.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    }

    /// Parses the whole text, calling `take` for every key; false when git would reject the text
    /// or `take` refuses a key.
    mutating func parse(_ take: (_ name: [UInt8], _ value: [UInt8]?) -> Bool) -> Bool {
        var comment = false
        var base: [UInt8]?
        while true {
            let c = next()
            if c == newline {
                if atEnd { return true }
                comment = false
                continue
            }
            if comment { continue }
            if Self.isSpace(c) { continue }
            if c == UInt8(ascii: "#") || c == UInt8(ascii: ";") {
                comment = true
                continue
            }
            if c == UInt8(ascii: "[") {
                guard let name = sectionName(), !name.isEmpty else { return false }
                base = name
                continue
            }
            guard Self.isAlpha(c), let section = base else { return false }
            var name = section + [UInt8(ascii: "."), Self.lowercased(c)]
            guard let entry = keyAndValue(&name), take(name, entry.value) else { return false }
        }
    }

    /// The value of one key; nil for a key without `=`.
    private struct Entry {
        var value: [UInt8]?
    }

    /// The rest of a key name (appended to `name`) and its value (git's `get_value`), or nil when
    /// the line is not valid.
    private mutating func keyAndValue(_ name: inout [UInt8]) -> Entry? {
        var c: UInt8
        while true {
            c = next()
            if atEnd || !Self.isKeyCharacter(c) { break }
            name.append(Self.lowercased(c))
        }
        while c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") { c = next() }
        if c == newline { return Entry(value: nil) }
        guard c == UInt8(ascii: "="), let value = value() else { return nil }
        return Entry(value: value)
    }

    /// A value after `=`, up to the end of its line (git's `parse_value`).
    private mutating func value() -> [UInt8]? {
        var value: [UInt8] = []
        var quote = false
        var comment = false
        var spaces = 0
        while true {
            var c = next()
            if c == newline { return quote ? nil : value }
            if comment { continue }
            if Self.isSpace(c), !quote {
                if !value.isEmpty { spaces += 1 }
                continue
            }
            if !quote, c == UInt8(ascii: ";") || c == UInt8(ascii: "#") {
                comment = true
                continue
            }
            value.append(contentsOf: repeatElement(UInt8(ascii: " "), count: spaces))
            spaces = 0
            if c == UInt8(ascii: "\\") {
                c = next()
                switch c {
                case newline: continue
                case UInt8(ascii: "t"): c = UInt8(ascii: "\t")
                case UInt8(ascii: "b"): c = 0x08
                case UInt8(ascii: "n"): c = newline
                case UInt8(ascii: "\\"), UInt8(ascii: "\""): break
                default: return nil
                }
                value.append(c)
                continue
            }
            if c == UInt8(ascii: "\"") {
                quote.toggle()
                continue
            }
            value.append(c)
        }
    }

    /// A section header after its `[` (git's `get_base_var`): the lowercased name, then `.` and
    /// the subsection as written for `[name "subsection"]`; nil when it is not valid.
    private mutating func sectionName() -> [UInt8]? {
        var name: [UInt8] = []
        while true {
            var c = next()
            if atEnd { return nil }
            if c == UInt8(ascii: "]") { return name }
            if Self.isSpace(c) {
                // `[name "subsection"]`
                repeat {
                    if c == newline { return nil }
                    c = next()
                } while Self.isSpace(c)
                guard c == UInt8(ascii: "\"") else { return nil }
                name.append(UInt8(ascii: "."))
                while true {
                    c = next()
                    if c == newline { return nil }
                    if c == UInt8(ascii: "\"") { break }
                    if c == UInt8(ascii: "\\") {
                        c = next()
                        if c == newline { return nil }
                    }
                    name.append(c)
                }
                return next() == UInt8(ascii: "]") ? name : nil
            }
            guard Self.isKeyCharacter(c) || c == UInt8(ascii: ".") else { return nil }
            name.append(Self.lowercased(c))
        }
    }

    private let newline = UInt8(ascii: "\n")

    /// The next byte, `\r\n` read as `\n`, and a newline (with `atEnd` set) past the end.
    private mutating func next() -> UInt8 {
        guard index < bytes.count else {
            atEnd = true
            return newline
        }
        var c = bytes[index]
        index += 1
        if c == UInt8(ascii: "\r"), index < bytes.count, bytes[index] == newline {
            c = newline
            index += 1
        }
        return c
    }

    // git's own character classes (sane_ctype), not the C locale's.
    private static func isSpace(_ c: UInt8) -> Bool {
        c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r")
    }

    private static func isAlpha(_ c: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(c)
    }

    private static func isKeyCharacter(_ c: UInt8) -> Bool {
        isAlpha(c) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) || c == UInt8(ascii: "-")
    }

    private static func lowercased(_ c: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(c) ? c + 32 : c
    }
}
