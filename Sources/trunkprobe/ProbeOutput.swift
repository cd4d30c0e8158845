import Probes
import Reporting

/// The check formats (junit, nagios, prometheus) for the single-target probe commands: their results are
/// rendered as one suite named after the command.
enum ProbeOutput {
    static func render(_ results: [CheckResult], format: ReportFormat, command: String) -> String {
        let suite = [SuiteResults(file: command, results: results)]
        let text: String
        switch format {
        case .junit: text = JUnitRenderer.render(suite)
        case .nagios: text = NagiosRenderer.render(results)
        case .prometheus: text = PrometheusRenderer.render(suite)
        case .text: text = ReportTextRenderer.render(results)
        case .json: text = results.map(JSONLine.encode).joined(separator: "\n")
        }
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }
}
