import Foundation
import Probes
import Workflows

/// Renders a `SmokeReport`: text and JSON as smoke's own (they carry what was provisioned and torn down), JUnit,
/// Nagios and Prometheus through the shared renderers, each smoke check becoming a `CheckResult`.
public enum SmokeRenderer {
    public static func render(_ report: SmokeReport, format: ReportFormat) -> String {
        switch format {
        case .text: text(report)
        case .json: JSONLine.encode(report)
        case .junit: JUnitRenderer.render([suite(report)])
        case .nagios: NagiosRenderer.render(results(report))
        case .prometheus: PrometheusRenderer.render([suite(report)])
        }
    }

    /// `--junit FILE` beside any format.
    public static func junit(_ report: SmokeReport) -> String { JUnitRenderer.render([suite(report)]) }

    /// For people: the status line first (as monitoring plugins print it), one block per check (verdict, what
    /// was probed, the explanation, the hint under a failing one), then what was provisioned and torn down;
    /// folded to 80 columns.
    public static func text(_ report: SmokeReport) -> String {
        let platform = report.platform.map { ", platform \($0.rawValue)" } ?? ""
        var lines = ["SMOKE \(report.status.label): \(report.summary) (\(report.plan)\(platform), \(report.mode.rawValue))"]
        for check in report.checks {
            // The verdict on the check's own line, the target under it: a trunk domain or a pair of origination
            // URIs would otherwise push the verdict onto a folded line.
            lines.append("  \(check.passed ? "PASS" : "FAIL") \(check.name): \(check.verdict) (expected \(check.expected))")
            lines.append("       \(check.check) \(check.target)")
            if let answeredBy = failedOverLine(check) { lines.append("       \(answeredBy)") }
            lines.append("       \(check.explanation)")
            if !check.passed, !check.hint.isEmpty { lines.append("       hint: \(check.hint)") }
        }
        for problem in report.problems { lines.append("  PROBLEM \(problem)") }
        let writes = report.provisioned.filter(\.isWrite).count
        if report.mode == .provisioned {
            lines.append("provisioned: \(writes) write\(writes == 1 ? "" : "s")"
                         + (report.kept ? "; kept (--keep)" : "; torn down: \(report.tornDown.filter(\.isWrite).count) deleted"))
        } else {
            lines.append("existing resources checked; nothing written")
        }
        return TextWrap.wrapAll(lines)
    }

    /// An INVITE answered by a server other than the first the resolver gave (RFC 3263 §4.3 fail-over between
    /// SRV targets) says so: the check passed, but the first server did not answer.
    static func failedOverLine(_ check: SmokeCheckResult) -> String? {
        guard case .probe(let report) = check.detail else { return nil }
        return ReportTextRenderer.failedOverLine(report)
    }

    public static func suite(_ report: SmokeReport) -> SuiteResults { SuiteResults(file: report.plan, results: results(report)) }

    /// One `CheckResult` per smoke check, its status already judged against the smoke expectation.
    public static func results(_ report: SmokeReport) -> [CheckResult] {
        report.checks.map { check in
            let kind: CheckDefinition.Kind = check.check == "failover" ? .failover : .invite
            let definition = CheckDefinition(name: check.name, kind: kind, target: check.target, tags: ["smoke"])
            var probe: ProbeReport?
            var failover: FailoverReport?
            var rtt: Double?
            var code: Int?
            switch check.detail {
            case .probe(let r): probe = r; rtt = r.rttMs; code = r.statusCode
            case .failover(let r): failover = r; rtt = r.primary.rttMs; code = r.primary.statusCode
            case .missing: break
            }
            let explanation = check.passed ? "as expected (\(check.expected)): \(check.explanation)" : "expected \(check.expected): \(check.explanation)"
            var result = CheckResult(definition: definition, status: check.status, verdict: check.verdict, statusCode: code,
                                     explanation: explanation, hint: check.hint, durationSeconds: (rtt ?? 0) / 1000, rttMs: rtt,
                                     probe: probe, failover: failover)
            result.expected = check.expected
            return result
        }
    }
}
