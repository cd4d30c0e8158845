import ArgumentParser
import Probes
import SIPCore

/// Runs one probe per (target, repetition) through the engine and prints each report as it completes:
/// text for people, or JSON Lines (one object per probe, then a summary object when there was more than
/// one). Returns the worst status, which is the exit code.
struct ProbeBatch {
    var targets: [ProbeTarget]
    var count: Int = 1
    var engine: ProbeEngine
    var format: OutputFormat

    func run(_ probe: @escaping @Sendable (ProbeTarget) async -> ProbeReport) async -> ProbeStatus {
        // Repetition-major order: every target's first probe goes before any target's second, and the
        // engine's pacing spaces the repetitions to one destination.
        var jobs: [ProbeJob<ProbeReport>] = []
        jobs.reserveCapacity(targets.count * count)
        for _ in 0..<count {
            for target in targets {
                jobs.append(ProbeJob(destination: target.destination) { await probe(target) })
            }
        }
        let several = jobs.count > 1
        var reports: [ProbeReport] = []
        reports.reserveCapacity(jobs.count)
        for await (_, report) in engine.run(jobs) {
            reports.append(report)
            switch format {
            case .json: Output.line(report.jsonLine())
            case .text: Output.line(ReportTextRenderer.render(report) + (several ? "\n" : ""))
            }
        }
        if several {
            switch format {
            case .json: Output.line(ProbeSummary(reports: reports).jsonLine())
            case .text:
                Output.line(targets.count == 1 ? ReportTextRenderer.summary(reports) : ReportTextRenderer.runSummary(reports))
            }
        }
        return reports.map(\.status).max() ?? .unknown
    }
}
