#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension ReplayReport {
    /// The report as one self-contained HTML page: no network, no external file.
    ///
    /// The page holds the summary table, inline SVG bar charts (field-access rate by tool, executions
    /// by status, the most frequent unknown fields) and a searchable list of failing turns with their
    /// code, error, response and recorded response. Every piece of corpus text is HTML-escaped; the
    /// only script is the page's own search filter.
    public func html() -> String {
        var page = ""
        page.reserveCapacity(64 * 1024)
        page += """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
            <title>punie-exec replay report</title>
            <style>
            body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222;max-width:1100px}
            table{border-collapse:collapse}td,th{padding:2px 10px;text-align:left;vertical-align:top;border-bottom:1px solid #eee}
            .charts{display:flex;flex-wrap:wrap;gap:24px}.chart h3{margin:.2em 0}
            pre{background:#f6f6f6;padding:6px;white-space:pre-wrap;word-break:break-word;max-height:24em;overflow:auto}
            details{border:1px solid #ddd;border-radius:4px;margin:4px 0;padding:4px 8px}summary{cursor:pointer}
            .status{font-weight:bold;color:#a00}#search{width:40em;padding:4px}
            </style></head><body>
            <h1>punie-exec replay report</h1>

            """
        page += summarySection()
        page += "<h2>Charts</h2>\n<div class=\"charts\">\n"
        let byTool = summary.fieldAccessByTool.sorted { $0.key < $1.key }.map { entry in
            Bar(
                label: entry.key, value: entry.value.rate ?? 0,
                text: "\(((entry.value.rate ?? 0) * 100).fixed(0))% "
                    + "(\(entry.value.accessedExecutions)/\(entry.value.typedCallExecutions))")
        }
        page += chart(id: "chart-field-access", title: "Field-access rate by tool (exact)", bars: byTool, maximum: 1)
        var statuses = summary.executionsByStatus
        if summary.parseFailures > 0 { statuses[ReplayRecord.parseFailure] = summary.parseFailures }
        let statusBars = statuses.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map {
            Bar(label: $0.key, value: Double($0.value), text: "\($0.value)")
        }
        page += chart(
            id: "chart-statuses", title: "Executions by status", bars: statusBars,
            maximum: Double(statuses.values.max() ?? 1))
        let unknownBars = summary.unknownFields.map { field in
            Bar(
                label: "\(field.type).\(field.name)" + (field.suggestion.map { " → \($0)" } ?? ""),
                value: Double(field.executions), text: "\(field.executions)")
        }
        page += chart(
            id: "chart-unknown-fields", title: "Top unknown fields", bars: unknownBars,
            maximum: Double(summary.unknownFields.map(\.executions).max() ?? 1))
        page += "</div>\n"
        page += failingSection()
        page += script
        page += "</body></html>\n"
        return page
    }

    // MARK: - Sections

    private func summarySection() -> String {
        var html = "<h2>Summary</h2>\n<table id=\"summary\">\n"
        for (label, value) in summaryRows() {
            html += "<tr><th>\(Self.escape(label))</th><td>\(Self.escape(value))</td></tr>\n"
        }
        return html + "</table>\n"
    }

    private func summaryRows() -> [(String, String)] {
        // The same rows as the text table: split each line at its two-space column gap.
        summary.table.split(separator: "\n").map { line in
            guard let gap = line.firstRange(of: "  ") else { return (String(line), "") }
            return (
                String(line[..<gap.lowerBound]),
                String(line[gap.upperBound...]).trimmingSpaces()
            )
        }
    }

    private func failingSection() -> String {
        let failing = records.filter(\.failed).sorted { ($0.source, $0.line, $0.turn, $0.call) < ($1.source, $1.line, $1.turn, $1.call) }
        var html = """
            <h2>Failing turns</h2>
            <p><input id="search" type="search" placeholder="Filter by text (error, code, file, line…)" aria-label="filter">
            <span id="shown"></span></p>
            <div id="failures" data-total="\(failing.count)">

            """
        for record in failing.prefix(failureLimit) {
            let title = "\(record.source):\(record.line) turn \(record.turn) call \(record.call)"
            html += "<details class=\"failure\"><summary><span class=\"status\">\(Self.escape(record.status))</span> "
            html += Self.escape(record.errorClass ?? "") + " — " + Self.escape(title) + "</summary>\n"
            if let message = record.errorMessage { html += "<p>\(Self.escape(message))</p>\n" }
            if let code = record.code { html += "<h4>Code</h4><pre>\(Self.escape(code))</pre>\n" }
            if !record.response.isEmpty { html += "<h4>Response now</h4><pre>\(Self.escape(record.response))</pre>\n" }
            if let recorded = record.recordedResponse {
                html += "<h4>Recorded response</h4><pre>\(Self.escape(recorded))</pre>\n"
            }
            if !record.diagnostics.isEmpty {
                let lines = record.diagnostics.map { "\($0.severity.rawValue) \($0.code.rawValue): \($0.message)" }
                html += "<h4>Diagnostics</h4><pre>\(Self.escape(lines.joined(separator: "\n")))</pre>\n"
            }
            html += "</details>\n"
        }
        if failing.count > failureLimit {
            html += "<p>\(failing.count - failureLimit) more failing turns are in the records file.</p>\n"
        }
        return html + "</div>\n"
    }

    private var script: String {
        """
        <script>
        (function () {
          var input = document.getElementById("search");
          var items = Array.prototype.slice.call(document.querySelectorAll("#failures details.failure"));
          var shown = document.getElementById("shown");
          function update() {
            var query = input.value.toLowerCase();
            var count = 0;
            items.forEach(function (item) {
              var match = !query || item.textContent.toLowerCase().indexOf(query) >= 0;
              item.style.display = match ? "" : "none";
              if (match) { count += 1; }
            });
            shown.textContent = count + " of " + items.length + " failing turns shown";
          }
          input.addEventListener("input", update);
          var hash = decodeURIComponent(location.hash.slice(1));
          if (hash) { input.value = hash; }
          update();
        })();
        </script>

        """
    }

    // MARK: - Charts

    private struct Bar {
        var label: String
        var value: Double
        var text: String
    }

    /// A horizontal bar chart as inline SVG.
    private func chart(id: String, title: String, bars: [Bar], maximum: Double) -> String {
        let labelWidth = 260.0
        let barWidth = 220.0
        let rowHeight = 20.0
        let height = max(1, Double(bars.count)) * rowHeight + 10
        var svg = "<div class=\"chart\"><h3>\(Self.escape(title))</h3>\n"
        svg += "<svg id=\"\(id)\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(labelWidth + barWidth + 90))\" "
        svg += "height=\"\(Int(height))\" role=\"img\" aria-label=\"\(Self.escape(title))\">\n"
        if bars.isEmpty {
            svg += "<text x=\"4\" y=\"16\" font-size=\"12\">none</text>\n"
        }
        for (index, bar) in bars.enumerated() {
            let y = Double(index) * rowHeight + 4
            let width = maximum > 0 ? max(1, bar.value / maximum * barWidth) : 1
            svg += "<g class=\"bar\"><text x=\"\(Int(labelWidth - 6))\" y=\"\(Int(y + 13))\" font-size=\"12\" text-anchor=\"end\">"
            svg += Self.escape(String(bar.label.prefix(40))) + "</text>"
            svg += "<rect x=\"\(Int(labelWidth))\" y=\"\(Int(y + 2))\" width=\"\(width.fixed(1))\" height=\"\(Int(rowHeight - 6))\" fill=\"#4a7bd0\"/>"
            svg += "<text x=\"\(Int(labelWidth + width + 4))\" y=\"\(Int(y + 13))\" font-size=\"12\">\(Self.escape(bar.text))</text></g>\n"
        }
        return svg + "</svg></div>\n"
    }

    /// Escapes text for HTML element content and quoted attribute values.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            case "\u{0}": escaped += "\u{FFFD}"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
