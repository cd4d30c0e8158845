import ArgumentParser
import Probes

/// Flags of the probe commands that run many probes: where the targets come from and how the engine
/// spreads them (see `ProbeEngine`).
struct EngineOptions: ParsableArguments {
    @Option(name: .customLong("targets-file"), help: ArgumentHelp(
        "Read more targets from FILE, one per line ('#' comments, blank lines); '-' reads standard input.",
        valueName: "FILE"))
    var targetsFile: String?

    @Option(help: "At most N probes in flight at once.")
    var concurrency: Int = 16

    @Option(name: .customLong("min-interval"), help: ArgumentHelp(
        "At least SECONDS between the starts of two probes to the same host:port:transport. Zentrunk asks for one OPTIONS per 10–15 s to a trunk.",
        valueName: "SECONDS"))
    var minInterval: Double = 0

    func validate() throws {
        guard concurrency >= 1, concurrency <= 10_000 else {
            throw ValidationError("--concurrency must be between 1 and 10000, got \(concurrency)")
        }
        guard minInterval >= 0, minInterval <= 86_400, minInterval.isFinite else {
            throw ValidationError("--min-interval must be between 0 and 86400 seconds, got \(minInterval)")
        }
        if targetsFile?.isEmpty == true { throw ValidationError("--targets-file needs a file name, or '-' for standard input") }
    }

    /// The engine for this run; `pacing` (e.g. `--interval` of repeated probes) raises the minimum interval.
    func engine(pacing: Double = 0) -> ProbeEngine {
        ProbeEngine(concurrency: concurrency, minInterval: .milliseconds(Int64(max(minInterval, pacing) * 1000)))
    }
}
