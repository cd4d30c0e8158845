import Foundation
import Workflows

/// Renders a `SmokeReport` for stdout and `--junit`. One function per format, so the shared Reporting renderers
/// can take over without touching the command.
enum SmokeRenderer {
    static func render(_ report: SmokeReport, format: OutputFormat) -> String {
        switch format {
        case .text: report.text()
        case .json: report.jsonLine()
        }
    }

    /// JUnit XML as GitLab and Jenkins read it: one testsuite, one testcase per check (classname: the plan;
    /// name: the check's unique name), a failing check as `<failure>` with verdict, explanation and hint, the
    /// probe's JSON report in `<system-out>`.
    static func junit(_ report: SmokeReport) -> String {
        let failures = report.checks.filter { !$0.passed }.count + report.problems.count
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"trunkprobe smoke\" tests=\"\(report.checks.count)\" failures=\"\(failures)\">\n"
        xml += "  <testsuite name=\"\(escape(report.plan))\" tests=\"\(report.checks.count + report.problems.count)\" failures=\"\(failures)\">\n"
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        for check in report.checks {
            let seconds = elapsedSeconds(check)
            xml += "    <testcase classname=\"smoke.\(escape(report.plan))\" name=\"\(escape(check.name))\" time=\"\(String(format: "%.3f", seconds))\">\n"
            if !check.passed {
                xml += "      <failure type=\"\(escape(check.verdict))\" message=\"\(escape("\(check.verdict) (expected \(check.expected)): \(check.explanation)"))\">"
                xml += escape("verdict: \(check.verdict)\nexpected: \(check.expected)\n\(check.explanation)\nhint: \(check.hint)")
                xml += "</failure>\n"
            }
            let json = (try? encoder.encode(check)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            xml += "      <system-out>\(escape(json))</system-out>\n"
            xml += "    </testcase>\n"
        }
        for (index, problem) in report.problems.enumerated() {
            xml += "    <testcase classname=\"smoke.\(escape(report.plan))\" name=\"problem \(index + 1)\" time=\"0\">\n"
            xml += "      <failure type=\"problem\" message=\"\(escape(problem))\">\(escape(problem))</failure>\n    </testcase>\n"
        }
        xml += "  </testsuite>\n</testsuites>\n"
        return xml
    }

    static func elapsedSeconds(_ check: SmokeCheckResult) -> Double {
        switch check.detail {
        case .probe(let report): (report.rttMs ?? 0) / 1000
        case .failover(let report): max(report.primary.rttMs ?? 0, report.fallback?.rttMs ?? 0) / 1000
        case .missing: 0
        }
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
            // XML 1.0 forbids other control characters even escaped.
            case _ where scalar.value < 0x20: out += "?"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
