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
        // Retention is bounded: the summary and the exit code need only a tally; whole reports are kept only
        // for the formats that render one document from all of them.
        let printer = Task { () -> (tally: ProbeTally, documents: [ProbeReport]) in
            var tally = ProbeTally()
            var documents: [ProbeReport] = []
            for await (_, batch) in run.results {
                for var report in batch {
                    if trace {
                        report.includeTrace()
                        Output.error(TraceTextRenderer.render(report))
                    }
                    tally.add(report)
                    if document { documents.append(report) }
                    switch format {
                    case .json: Output.line(JSONLine.encode(report))
                    case .text: Output.line(ReportTextRenderer.render(report) + (spaced || batch.count > 1 ? "\n" : ""))
                    case .junit, .nagios, .prometheus: break  // one document for all reports, below
                    }
                }
            }
            return (tally, documents)
        }
        var (tally, documents) = await SignalTrap.interruptible {
            await withTaskCancellationHandler { await printer.value } onCancel: { run.cancel() }
        }
        let interrupted = SignalTrap.interruptedBy
        if let interrupted, !tally.anyInterrupted {
            // Stopped between probes: nothing was in flight, but the run is unfinished.
            Output.error("trunkprobe: \(SignalTrap.name(interrupted)): stopped after \(tally.count) of \(jobs.count) probes")
            if let marked = tally.markLastInterrupted(), !documents.isEmpty { documents[documents.count - 1] = marked }
        }
        let several = jobs.count > 1 || tally.count > 1
        switch format {
        case .json where several: Output.line(JSONLine.encode(ProbeSummary(tally: tally)))
        case .text where several:
            Output.line(tally.targets.count == 1 ? ReportTextRenderer.summary(tally) : ReportTextRenderer.runSummary(tally))
        case .junit, .nagios, .prometheus:
            let results = documents.enumerated().map { index, report in
                CheckResult.of(report, name: several ? "\(command) \(report.target) #\(index + 1)" : nil)
            }
            Output.line(CheckResultsRenderer.render(results, format: format, command: command))
        default: break
        }
        if interrupted != nil && tally.isEmpty { return .unknown }
        return tally.worst
    }
}
