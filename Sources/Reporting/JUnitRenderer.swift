import Foundation
import Probes

/// JUnit XML as GitLab and Jenkins read it: one `<testsuite>` per suite file, one `<testcase>` per check with
/// a unique classname and name, `time` in seconds, a `<failure>` (WARNING, CRITICAL) or `<error>` (UNKNOWN)
/// carrying the verdict, explanation and hint, and the SIP exchange in `<system-out>`.
public enum JUnitRenderer {
    public static func render(_ suites: [SuiteResults], timestamp: Date = Date()) -> String {
        let all = suites.flatMap(\.results)
        let stamp = ISO8601DateFormatter().string(from: timestamp)
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"trunkprobe\" tests=\"\(all.count)\" failures=\"\(failures(all))\" errors=\"\(errors(all))\" "
        xml += "time=\"\(seconds(all.map(\.durationSeconds).reduce(0, +)))\">\n"
        var seen: Set<String> = []
        for suite in suites {
            let classname = "trunkprobe." + className(suite.file)
            xml += "  <testsuite name=\"\(escape(suite.file))\" tests=\"\(suite.results.count)\" failures=\"\(failures(suite.results))\" "
            xml += "errors=\"\(errors(suite.results))\" skipped=\"0\" time=\"\(seconds(suite.results.map(\.durationSeconds).reduce(0, +)))\" "
            xml += "timestamp=\"\(stamp)\">\n"
            for result in suite.results {
                var name = result.name
                var n = 2
                while seen.contains(classname + "\u{0}" + name) { name = "\(result.name) (\(n))"; n += 1 }
                seen.insert(classname + "\u{0}" + name)
                xml += "    <testcase classname=\"\(escape(classname))\" name=\"\(escape(name))\" time=\"\(seconds(result.durationSeconds))\""
                if let origin = result.origin {
                    xml += " file=\"\(escape(origin.file))\""
                    if let line = origin.line { xml += " line=\"\(line)\"" }
                }
                xml += ">\n"
                let body = escape("\(result.verdict): \(result.explanation)\nhint: \(result.hint)")
                let message = escape("\(result.status.label): \(result.verdict)")
                switch result.status {
                case .ok: break
                case .warning, .critical:
                    xml += "      <failure message=\"\(message)\" type=\"\(result.verdict)\">\(body)</failure>\n"
                case .unknown:
                    xml += "      <error message=\"\(message)\" type=\"\(result.verdict)\">\(body)</error>\n"
                }
                let exchange = exchangeText(result)
                if !exchange.isEmpty { xml += "      <system-out>\(escape(exchange))</system-out>\n" }
                xml += "    </testcase>\n"
            }
            xml += "  </testsuite>\n"
        }
        xml += "</testsuites>\n"
        return xml
    }

    /// The SIP messages, one summary per line, for each probe behind the check.
    static func exchangeText(_ result: CheckResult) -> String {
        var reports: [(String, ProbeReport)] = []
        if let probe = result.probe { reports.append(("", probe)) }
        if let failover = result.failover {
            reports.append(("primary ", failover.primary))
            if let fallback = failover.fallback { reports.append(("fallback ", fallback)) }
        }
        var lines: [String] = []
        for (label, report) in reports {
            lines.append("\(label)\(report.check) \(report.requestURI) over \(report.transport.rawValue.uppercased()) to \(report.remoteAddress ?? "-")")
            for line in report.exchange {
                lines.append("  \(line.direction == "sent" ? "->" : "<-") \(FixedPoint.format(line.atMs, digits: 2, width: 8)) ms  \(line.message)")
            }
        }
        return lines.joined(separator: "\n")
    }

    static func failures(_ results: [CheckResult]) -> Int { results.filter { $0.status == .warning || $0.status == .critical }.count }
    static func errors(_ results: [CheckResult]) -> Int { results.filter { $0.status == .unknown }.count }
    static func seconds(_ value: Double) -> String { FixedPoint.format(value, digits: 3) }

    /// `probes/livekit.yaml` → `livekit`: the suite file's name without directory and extension.
    static func className(_ file: String) -> String {
        let base = (file as NSString).lastPathComponent
        let stem = (base as NSString).deletingPathExtension
        return stem.isEmpty ? "suite" : stem
    }

    /// XML 1.0 text and attribute escaping; characters XML 1.0 cannot carry are dropped.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\t": out.unicodeScalars.append(scalar)
            case "\r": out += "&#13;"
            default:
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
