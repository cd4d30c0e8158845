import Foundation
import Probes
import Reporting
import Workflows

/// Renders a `SmokeReport`: text and JSON as smoke's own (they carry what was provisioned and torn down), JUnit,
/// Nagios and Prometheus through the shared Reporting renderers, each check becoming a `CheckResult`.
enum SmokeRenderer {
    static func render(_ report: SmokeReport, format: ReportFormat) -> String {
        switch format {
        case .text: report.text()
        case .json: report.jsonLine()
        case .junit: JUnitRenderer.render([suite(report)])
        case .nagios: NagiosRenderer.render(results(report))
        case .prometheus: PrometheusRenderer.render([suite(report)])
        }
    }

    static func junit(_ report: SmokeReport) -> String { JUnitRenderer.render([suite(report)]) }

    static func suite(_ report: SmokeReport) -> SuiteResults { SuiteResults(file: report.plan, results: results(report)) }

    /// One `CheckResult` per smoke check, its status already judged against the smoke expectation.
    static func results(_ report: SmokeReport) -> [CheckResult] {
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
