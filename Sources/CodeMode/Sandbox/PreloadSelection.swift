/// Which modules a warm worker imports when every program it will run is known in advance (a
/// replay): the allowed modules named among the programs' words, instead of all of them.
///
/// A program can import a module only with an import statement (the guard refuses `__import__`,
/// and `importlib` is not allowed), and in an ASCII program that statement spells the module's name
/// as a word of the text. So the words of the programs hold every module they can import; the
/// worker imports the allowed ones among them (`_punie_runtime.preload`). A program that is not
/// ASCII may spell a module's name in other characters that the parser normalises (`import ｊｓｏｎ`
/// imports json), though not the keywords themselves (`ｉｍｐｏｒｔ` is a syntax error). So a program
/// with a non-ASCII character on a line holding the word `import` or `from` (or on a line continued
/// from one with a backslash) makes the worker import every allowed module, as it does when the
/// programs are not known; a non-ASCII character elsewhere (`print("✓ done")`) changes nothing.
///
/// Measured on the sample corpus: the zygote without the unused modules holds ≈ 2.3 MB (a quarter) less
/// anonymous memory, so each fork copies fewer page-table entries and each execution process
/// frees fewer at exit (docs/benchmarks.md).
public enum PreloadSelection {
    /// Longest argument passed; beyond it the worker imports every allowed module.
    static let maximumLength = 64 << 10

    /// The `--preload-among` value for `programs`: their distinct lowercase words, sorted, joined with
    /// commas (every allowed module name is lowercase ASCII); nil when the worker must import every
    /// allowed module (a program that is not ASCII and may import, or more words than one argument
    /// should carry).
    public static func candidates(for programs: [String]) -> String? {
        var words: Set<Substring> = []
        for program in programs {
            if !program.utf8.allSatisfy({ $0 < 0x80 }), mayNameAModuleInOtherCharacters(program) { return nil }
            var start: String.Index?
            var index = program.startIndex
            while index <= program.endIndex {
                let byte = index < program.endIndex ? program.utf8[index] : 0x20
                if isWordByte(byte) {
                    if start == nil { start = index }
                } else if let first = start {
                    let word = program[first..<index]
                    if isModuleLike(word) { words.insert(word) }
                    start = nil
                }
                guard index < program.endIndex else { break }
                index = program.utf8.index(after: index)
            }
        }
        let joined = words.sorted().joined(separator: ",")
        return joined.utf8.count <= maximumLength ? joined : nil
    }

    /// Whether a non-ASCII character of `program` is on a line that may hold an import statement's
    /// module name: one with the word `import` or `from`, or continued from such a line.
    static func mayNameAModuleInOtherCharacters(_ program: String) -> Bool {
        var continued = false
        for line in program.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            let relevant = continued || hasWord(line, "import") || hasWord(line, "from")
            if relevant, !line.allSatisfy({ $0 < 0x80 }) { return true }
            let end = line.last == 0x0D ? line.dropLast() : line[...]
            continued = relevant && end.last == 0x5C
        }
        return false
    }

    /// Whether `line` holds `word` between bytes that are not ASCII word bytes (a non-ASCII neighbour
    /// counts as a boundary: more lines are looked at, never fewer).
    private static func hasWord(_ line: Substring.UTF8View.SubSequence, _ word: StaticString) -> Bool {
        let target = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        let bytes = Array(line)
        guard bytes.count >= target.count else { return false }
        for offset in 0...(bytes.count - target.count) where bytes[offset] == target[0] {
            guard bytes[offset..<(offset + target.count)].elementsEqual(target) else { continue }
            let before = offset == 0 || !isWordByte(bytes[offset - 1])
            let afterIndex = offset + target.count
            let after = afterIndex == bytes.count || !isWordByte(bytes[afterIndex])
            if before && after { return true }
        }
        return false
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x30 && byte <= 0x39)
            || byte == 0x5f
    }

    /// A word that could be an allowed module's name: lowercase letters, digits and underscores, not
    /// starting with a digit.
    private static func isModuleLike(_ word: Substring) -> Bool {
        guard let first = word.utf8.first, !(first >= 0x30 && first <= 0x39), word.utf8.count <= 32 else {
            return false
        }
        return word.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7a) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5f }
    }
}
