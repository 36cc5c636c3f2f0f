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
        var names: Set<String> = []
        for program in programs {
            if !program.utf8.allSatisfy({ $0 < 0x80 }), mayNameAModuleInOtherCharacters(program) { return nil }
            for word in words(program.utf8[...]) where isModuleLike(word) {
                names.insert(String(decoding: word, as: UTF8.self))
            }
        }
        let joined = names.sorted().joined(separator: ",")
        return joined.utf8.count <= maximumLength ? joined : nil
    }

    /// Whether a non-ASCII character of `program` is on a line that may hold an import statement's
    /// module name: one with the word `import` or `from`, or continued from such a line.
    static func mayNameAModuleInOtherCharacters(_ program: String) -> Bool {
        var continued = false
        for line in program.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            // (A non-ASCII neighbour ends a word here too: more lines are looked at, never fewer.)
            let relevant =
                continued || words(line).contains { $0.elementsEqual("import".utf8) || $0.elementsEqual("from".utf8) }
            if relevant, !line.allSatisfy({ $0 < 0x80 }) { return true }
            let end = line.last == 0x0D ? line.dropLast() : line[...]
            continued = relevant && end.last == 0x5C
        }
        return false
    }

    /// The runs of ASCII letters, digits and underscores of `text`; any other byte ends a word.
    private static func words(_ text: Substring.UTF8View) -> [Substring.UTF8View.SubSequence] {
        text.split(whereSeparator: { !isWordByte($0) })
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x30 && byte <= 0x39)
            || byte == 0x5f
    }

    /// A word that could be an allowed module's name: lowercase letters, digits and underscores, not
    /// starting with a digit.
    private static func isModuleLike(_ word: Substring.UTF8View.SubSequence) -> Bool {
        guard let first = word.first, !(first >= 0x30 && first <= 0x39), word.count <= 32 else { return false }
        return word.allSatisfy { ($0 >= 0x61 && $0 <= 0x7a) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5f }
    }
}
