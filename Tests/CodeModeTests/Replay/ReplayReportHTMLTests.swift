import Foundation
import Testing

@testable import CodeMode

/// The HTML report: self-contained, escaped, and working in a real browser (headless Chromium).
@Suite(.timeLimit(.minutes(2)))
struct ReplayReportHTMLTests {
    static let hostile = "print('</pre><b id=\"pwned\">x</b><script>document.title=\"pwned\"</script>')"

    static func report() -> ReplayReport {
        var failing = ReplayRecord(
            key: "f:1:0:0", source: "f", line: 1, transcriptFormat: .messages, turn: 0, call: 0, format: .bare,
            tool: "execute_code", diagnostics: [], status: "error")
        failing.code = hostile
        failing.errorClass = "AttributeError"
        failing.errorMessage = "'X' object has no attribute '<y>'"
        failing.recordedResponse = "<tool_response>&amp;"
        var other = failing
        other.key = "f:2:0:0"
        other.line = 2
        other.errorClass = "IndexError"
        other.code = "print([][0])"
        var ok = failing
        ok.key = "f:3:0:0"
        ok.status = "ok"
        let records = [failing, other, ok]
        let summary = ReplaySummary(
            tools: .recorded, files: ["f"], corpus: ReplayCorpusCounts(), malformedLines: [], records: records)
        return ReplayReport(summary: summary, records: records)
    }

    @Test func everythingIsEscapedAndNothingIsFetched() {
        let html = Self.report().html()
        #expect(!html.contains("<b id=\"pwned\">"))
        #expect(html.contains("&lt;b id=&quot;pwned&quot;&gt;"))
        // The only URLs are the SVG namespace names.
        #expect(html.components(separatedBy: "http://").count == html.components(separatedBy: "http://www.w3.org/2000/svg").count)
        #expect(!html.contains("https://"))
        #expect(!html.contains("src="))
        #expect(html.components(separatedBy: "<svg").count == 4)
        #expect(html.components(separatedBy: "class=\"failure\"").count == 3)
    }

    static var chromium: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func chromiumRequired() -> Bool {
        chromium != nil || ProcessInfo.processInfo.environment["CI"] == "true"
    }

    @Test(.enabled(if: chromiumRequired(), "needs chromium (scripts/setup.sh chromium)"))
    func headlessChromiumShowsTheSummaryChartsAndTheFilteredList() throws {
        let binary = try #require(Self.chromium, "chromium is missing: run scripts/setup.sh chromium")
        let directory = try TemporaryDirectory()
        let path = try directory.write("report.html", Self.report().html())
        func dom(_ url: String) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = [
                "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(directory.path)/profile",
                "--dump-dom", url,
            ]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        let page = try dom("file://" + path)
        // The page's script ran and counted the failing turns; the hostile code stayed text.
        #expect(page.contains("2 of 2 failing turns shown"), "\(page.prefix(500))")
        #expect(page.contains("<title>punie-exec replay report</title>"))
        #expect(!page.contains("<b id=\"pwned\">"))
        #expect(page.contains("chart-field-access") && page.contains("chart-statuses") && page.contains("chart-unknown-fields"))
        #expect(page.contains("AttributeError 1"))
        // The search filter (driven through the URL fragment) hides what does not match.
        let filtered = try dom("file://" + path + "#IndexError")
        #expect(filtered.contains("1 of 2 failing turns shown"))
    }
}
