import ArgumentParser
import Foundation
import Probes
import Reporting
import SIPCore

/// Runs one probe per (target, repetition) through the engine and prints each report as it completes:
/// text for people, or JSON Lines (one object per probe, then a summary object when there was more than
/// one). Returns the worst status, which is the exit code.
///
/// SIGINT/SIGTERM (`SignalTrap`) stop the run: the probes in flight are cancelled (an INVITE ends its call
/// first) and their reports still printed, no other probe starts, the summary covers what ran, and the status
/// is at least UNKNOWN.
struct ProbeBatch {
    var targets: [ProbeTarget]
    var count: Int = 1
    var engine: ProbeEngine
    var format: ReportFormat
    /// `--trace`: every message of each probe on stderr, and in its JSON object.
    var trace = false
    /// The command's name, for the suite the check formats (junit, nagios, prometheus) render.
    var command: String

    /// `probe` returns one report, or one per server with `--each-server`.
    func run(_ probe: @escaping @Sendable (ProbeTarget) async -> [ProbeReport]) async -> ProbeStatus {
        // Repetition-major order: every target's first probe goes before any target's second, and the
        // engine's pacing spaces the repetitions to one destination.
        var jobs: [ProbeJob<[ProbeReport]>] = []
        jobs.reserveCapacity(targets.count * count)
        for _ in 0..<count {
            for target in targets {
                jobs.append(ProbeJob(destination: target.destination) { await probe(target) })
            }
        }
        let run = engine.start(jobs)
        let format = format
        let trace = trace
        // The check formats render one document from whole reports at the end; the others print as they go.
        let document = format == .junit || format == .nagios || format == .prometheus
        let spaced = jobs.count > 1
        // The printer is not the task a signal cancels, so it keeps draining the interrupted probes' reports.
        let printer = Task { () -> [ProbeReport] in
            var reports: [ProbeReport] = []
            for await (_, batch) in run.results {
                for var report in batch {
                    if trace {
                        report.includeTrace()
                        Output.error(TraceTextRenderer.render(report))
                    }
                    reports.append(document ? report : Self.forSummary(report))
                    switch format {
                    case .json: Output.line(JSONLine.encode(report))
                    case .text: Output.line(ReportTextRenderer.render(report) + (spaced || batch.count > 1 ? "\n" : ""))
                    case .junit, .nagios, .prometheus: break  // one document for all reports, below
                    }
                }
            }
            return reports
        }
        var reports = await SignalTrap.interruptible {
            await withTaskCancellationHandler { await printer.value } onCancel: { run.cancel() }
        }
        let interrupted = SignalTrap.interruptedBy
        if let interrupted, !reports.contains(where: \.interrupted) {
            // Stopped between probes: nothing was in flight, but the run is unfinished.
            Output.error("trunkprobe: \(SignalTrap.name(interrupted)): stopped after \(reports.count) of \(jobs.count) probes")
            if !reports.isEmpty { reports[reports.count - 1] = reports[reports.count - 1].markedInterrupted() }
        }
        let several = jobs.count > 1 || reports.count > 1
        switch format {
        case .json where several: Output.line(JSONLine.encode(ProbeSummary(reports: reports)))
        case .text where several:
            Output.line(Set(reports.map(\.target)).count == 1 ? ReportTextRenderer.summary(reports) : ReportTextRenderer.runSummary(reports))
        case .junit, .nagios, .prometheus:
            let results = reports.enumerated().map { index, report in
                CheckResult.of(report, name: several ? "\(command) \(report.target) #\(index + 1)" : nil)
            }
            Output.line(CheckResultsRenderer.render(results, format: format, command: command))
        default: break
        }
        if interrupted != nil && reports.isEmpty { return .unknown }
        return reports.map(\.status).max() ?? .unknown
    }

    /// What the summary and the exit code need of a printed report. Keeping whole reports (exchange,
    /// headers, resolution, attempts) of a 20,000-probe run cost over 100 MiB.
    static func forSummary(_ report: ProbeReport) -> ProbeReport {
        var kept = report
        kept.exchange = []
        kept.trace = nil
        kept.headers = [:]
        kept.ignored = []
        kept.resolution = []
        kept.attempts = []
        kept.tls = nil
        kept.nat = nil
        kept.auth = nil
        kept.explanation = ""
        kept.hint = ""
        return kept
    }
}
