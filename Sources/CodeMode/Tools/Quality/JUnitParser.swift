#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Reads pytest's JUnit XML report (`-o junit_family=xunit1`) into test cases.
///
/// Each `<testcase>` becomes one `TestCase`: a `<failure>` child is "failed", an `<error>` child
/// (a fixture error, a collection error) is "error", a `<skipped>` child (skip and xfail alike) is
/// "skipped", and no child is "passed" (a non-strict XPASS too). Names are pytest node ids rebuilt
/// from the xunit1 `file` attribute, the class part of `classname` and `name`
/// (`tests/test_models.py::TestGroup::test_inside[1]`); a collection error is named by its file.
/// The report is pytest's own, so this small reader handles exactly the XML pytest writes:
/// elements, attributes, text, character and the five predefined entity references, CDATA,
/// comments and the declaration.
enum JUnitParser {
    /// Everything read from one report.
    struct Report: Equatable {
        /// The test cases in report order.
        var cases: [TestCase]
        /// The sum of the `time` attributes of the test suites, in seconds.
        var duration: Double
    }

    /// The report in `bytes`, or nil when they are not a JUnit report.
    static func parse(_ bytes: [UInt8]) -> Report? {
        var builder = ReportBuilder()
        var reader = XMLReader(bytes: bytes)
        guard reader.read(into: &builder), builder.sawRoot else { return nil }
        return Report(cases: builder.cases, duration: builder.duration)
    }

    /// The pytest node id of a JUnit test case.
    static func nodeID(classname: String, name: String, file: String?) -> String {
        guard let file, !file.isEmpty else { return classname.isEmpty ? name : "\(classname)::\(name)" }
        if classname.isEmpty { return file }
        var module = file.hasSuffix(".py") ? String(file.dropLast(3)) : file
        module = module.replacing("/", with: ".")
        if classname == module { return "\(file)::\(name)" }
        if classname.hasPrefix(module + ".") {
            let classes = classname.dropFirst(module.count + 1).split(separator: ".").joined(separator: "::")
            return "\(file)::\(classes)::\(name)"
        }
        return "\(file)::\(name)"
    }
}

// MARK: - Building the report

/// Turns reader events into test cases.
private struct ReportBuilder: XMLEventHandler {
    var cases: [TestCase] = []
    var duration = 0.0
    var sawRoot = false
    private var current: PendingCase?
    private var capturing = false

    private struct PendingCase {
        var name: String
        var duration: Double
        var outcome = "passed"
        var message: String?
        var text = ""
        var hasOutcome = false
    }

    mutating func start(_ element: String, _ attributes: [String: String]) {
        switch element {
        case "testsuites":
            sawRoot = true
        case "testsuite":
            sawRoot = true
            duration += Double(attributes["time"] ?? "") ?? 0
        case "testcase":
            let classname = attributes["classname"] ?? ""
            let name = attributes["name"] ?? ""
            current = PendingCase(
                name: JUnitParser.nodeID(classname: classname, name: name, file: attributes["file"]),
                duration: Double(attributes["time"] ?? "") ?? 0)
        case "failure", "error", "skipped":
            guard var pending = current, !pending.hasOutcome else { return }
            pending.hasOutcome = true
            pending.outcome = element == "failure" ? "failed" : element
            pending.message = attributes["message"]
            current = pending
            capturing = true
        default:
            break
        }
    }

    mutating func text(_ text: String) {
        if capturing { current?.text += text }
    }

    mutating func end(_ element: String) {
        switch element {
        case "failure", "error", "skipped":
            capturing = false
        case "testcase":
            defer { current = nil }
            // An interrupted run ends with an anonymous <testcase/>: not a test.
            guard let pending = current, !pending.name.isEmpty else { return }
            cases.append(
                TestCase(
                    name: pending.name, outcome: pending.outcome, duration: pending.duration,
                    message: pending.hasOutcome ? Self.message(pending) : nil))
        default:
            break
        }
    }

    /// The message attribute; for a collection failure also the exception line of the traceback;
    /// the first line of the text when there is no attribute.
    private static func message(_ pending: PendingCase) -> String? {
        let lines = pending.text.split(separator: "\n").map { $0.trimmingSpaces() }
        if let message = pending.message, !message.isEmpty {
            if message == "collection failure",
                let exception = lines.last(where: { $0.hasPrefix("E ") })
            {
                return message + ": " + exception.dropFirst(1).trimmingSpaces()
            }
            return message
        }
        return lines.first { !$0.isEmpty }
    }
}

// MARK: - A small XML reader

/// Receives the events of `XMLReader`.
protocol XMLEventHandler {
    mutating func start(_ element: String, _ attributes: [String: String])
    mutating func text(_ text: String)
    mutating func end(_ element: String)
}

/// A forgiving, non-validating reader for machine-written XML (UTF-8).
struct XMLReader {
    let bytes: [UInt8]
    private var index = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// Reads the whole document; false when it is not XML (it must start with a tag).
    mutating func read(into handler: inout some XMLEventHandler) -> Bool {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "<") else { return false }
        var depth = 0
        while index < bytes.count {
            if bytes[index] != UInt8(ascii: "<") {
                let start = index
                while index < bytes.count, bytes[index] != UInt8(ascii: "<") { index += 1 }
                handler.text(Self.decodeEntities(bytes[start..<index]))
                continue
            }
            if matches("<?") {
                guard skip(past: "?>") else { return false }
            } else if matches("<!--") {
                guard skip(past: "-->") else { return false }
            } else if matches("<![CDATA[") {
                let start = index + 9
                guard skip(past: "]]>") else { return false }
                handler.text(String(decoding: bytes[start..<(index - 3)], as: UTF8.self))
            } else if matches("<!") {
                guard skip(past: ">") else { return false }
            } else if matches("</") {
                index += 2
                let name = readName()
                guard skip(past: ">") else { return false }
                handler.end(name)
                depth -= 1
            } else {
                index += 1
                let name = readName()
                guard !name.isEmpty, let (attributes, selfClosing) = readAttributes() else { return false }
                handler.start(name, attributes)
                if selfClosing { handler.end(name) } else { depth += 1 }
            }
        }
        return depth == 0
    }

    private func matches(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return literal.withUTF8Buffer { buffer in
            buffer.indices.allSatisfy { bytes[index + $0] == buffer[$0] }
        }
    }

    private mutating func skip(past literal: StaticString) -> Bool {
        while index < bytes.count {
            if matches(literal) {
                index += literal.utf8CodeUnitCount
                return true
            }
            index += 1
        }
        return false
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, Self.isSpace(bytes[index]) { index += 1 }
    }

    private mutating func readName() -> String {
        let start = index
        while index < bytes.count, !Self.isSpace(bytes[index]),
            bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "/"), bytes[index] != UInt8(ascii: "=")
        {
            index += 1
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// Reads attributes up to and including `>` or `/>`.
    private mutating func readAttributes() -> ([String: String], Bool)? {
        var attributes: [String: String] = [:]
        while true {
            skipWhitespace()
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: ">") {
                index += 1
                return (attributes, false)
            }
            if matches("/>") {
                index += 2
                return (attributes, true)
            }
            let name = readName()
            guard !name.isEmpty else { return nil }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { return nil }
            index += 1
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
                return nil
            }
            let quote = bytes[index]
            index += 1
            let start = index
            while index < bytes.count, bytes[index] != quote { index += 1 }
            guard index < bytes.count else { return nil }
            attributes[name] = Self.decodeEntities(bytes[start..<index])
            index += 1
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }

    /// Replaces `&lt;`, `&gt;`, `&amp;`, `&quot;`, `&apos;`, `&#N;` and `&#xH;`; anything else stays.
    static func decodeEntities(_ slice: ArraySlice<UInt8>) -> String {
        guard slice.contains(UInt8(ascii: "&")) else { return String(decoding: slice, as: UTF8.self) }
        var output: [UInt8] = []
        output.reserveCapacity(slice.count)
        var position = slice.startIndex
        while position < slice.endIndex {
            let byte = slice[position]
            guard byte == UInt8(ascii: "&"),
                let end = slice[position...].prefix(12).firstIndex(of: UInt8(ascii: ";"))
            else {
                output.append(byte)
                position += 1
                continue
            }
            let entity = String(decoding: slice[(position + 1)..<end], as: UTF8.self)
            let replacement: String? =
                switch entity {
                case "lt": "<"
                case "gt": ">"
                case "amp": "&"
                case "quot": "\""
                case "apos": "'"
                default: characterReference(entity)
                }
            if let replacement {
                output.append(contentsOf: replacement.utf8)
                position = end + 1
            } else {
                output.append(byte)
                position += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func characterReference(_ entity: String) -> String? {
        guard entity.hasPrefix("#") else { return nil }
        let digits = entity.dropFirst()
        let value =
            digits.hasPrefix("x") || digits.hasPrefix("X")
            ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
        return value.flatMap(Unicode.Scalar.init).map { String(Character($0)) }
    }
}
