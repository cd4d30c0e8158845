import Probes

/// Check results in any `--format`: `check`'s suites, and a single-target command's probes as one suite named
/// after the command (`options`, `invite`, `failover`). Ends without a newline; `--output` adds one.
public enum CheckResultsRenderer {
    public static func render(_ suites: [SuiteResults], format: ReportFormat,
                              thresholds: RoundTripThresholds = RoundTripThresholds()) -> String {
        let results = suites.flatMap(\.results)
        let text: String
        switch format {
        case .text: text = ReportTextRenderer.render(results)
        // JSON Lines: one object per check, then the summary object.
        case .json: text = (results.map(JSONLine.encode) + [JSONLine.encode(SuiteSummary(results: results))]).joined(separator: "\n")
        case .junit: text = JUnitRenderer.render(suites)
        case .nagios: text = NagiosRenderer.render(results, thresholds: thresholds)
        case .prometheus: text = PrometheusRenderer.render(suites)
        }
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }

    /// A single-target command's results as one suite named after the command.
    public static func render(_ results: [CheckResult], format: ReportFormat, command: String) -> String {
        render([SuiteResults(file: command, results: results)], format: format)
    }
}
