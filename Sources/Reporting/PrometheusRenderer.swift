import Foundation
import Probes

/// Prometheus text exposition format 0.0.4, for node_exporter's textfile collector: one gauge family per
/// fact, labelled by suite, check, kind and target; a HELP and TYPE line before each family.
public enum PrometheusRenderer {
    public static func render(_ suites: [SuiteResults], timestamp: Date = Date()) -> String {
        var families: [(name: String, help: String, samples: [String])] = [
            ("trunkprobe_check_success", "Whether the check passed (1) or not (0).", []),
            ("trunkprobe_check_status", "Monitoring-plugins status of the check: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.", []),
            ("trunkprobe_check_duration_seconds", "How long the check took.", []),
            ("trunkprobe_check_rtt_seconds", "Round-trip time of the answered request.", []),
            ("trunkprobe_check_sip_status_code", "The final SIP status code the check saw.", []),
            ("trunkprobe_check_verdict", "The check's verdict, as a label; the value is always 1.", []),
        ]
        for suite in suites {
            for result in suite.results {
                let labels = "suite=\"\(escape(suite.file))\",check=\"\(escape(result.name))\",kind=\"\(result.kind.rawValue)\",target=\"\(escape(result.target))\""
                families[0].samples.append("trunkprobe_check_success{\(labels)} \(result.status == .ok ? 1 : 0)")
                families[1].samples.append("trunkprobe_check_status{\(labels)} \(result.status.rawValue)")
                families[2].samples.append("trunkprobe_check_duration_seconds{\(labels)} \(number(result.durationSeconds))")
                if let rtt = result.rttMs { families[3].samples.append("trunkprobe_check_rtt_seconds{\(labels)} \(number(rtt / 1000))") }
                if let code = result.statusCode { families[4].samples.append("trunkprobe_check_sip_status_code{\(labels)} \(code)") }
                families[5].samples.append("trunkprobe_check_verdict{\(labels),verdict=\"\(escape(result.verdict))\"} 1")
            }
        }
        var out = ""
        for family in families where !family.samples.isEmpty {
            out += "# HELP \(family.name) \(family.help)\n# TYPE \(family.name) gauge\n"
            out += family.samples.joined(separator: "\n") + "\n"
        }
        out += "# HELP trunkprobe_last_run_timestamp_seconds When the checks ran (Unix time).\n"
        out += "# TYPE trunkprobe_last_run_timestamp_seconds gauge\n"
        out += "trunkprobe_last_run_timestamp_seconds \(number(timestamp.timeIntervalSince1970.rounded()))\n"
        return out
    }

    /// Label values escape backslash, double quote and newline.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return FixedPoint.format(value, digits: 6)
    }
}
