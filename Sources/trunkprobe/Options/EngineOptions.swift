import ArgumentParser
import Probes

/// Flags of the probe commands that run many probes: where the targets come from and how the engine
/// spreads them (see `ProbeEngine`).
struct EngineOptions: ParsableArguments {
    @Option(name: .customLong("targets-file"), help: ArgumentHelp(
        "Read more targets from FILE, one per line ('#' comments, blank lines); '-' reads standard input.",
        valueName: "FILE"))
    var targetsFile: String?

    @Option(help: ArgumentHelp("At most N probes in flight at once (1–10000).", valueName: "N"), transform: PositiveCount.parse)
    var concurrency = PositiveCount(16)

    @Option(name: .customLong("min-interval"), help: ArgumentHelp(
        "At least SECONDS between the starts of two probes to the same host:port:transport. Zentrunk asks for one OPTIONS per 10–15 s to a trunk.",
        valueName: "SECONDS"), transform: IntervalSeconds.parse)
    var minInterval = IntervalSeconds(0)

    func validate() throws {
        guard concurrency.value <= 10_000 else {
            throw ValidationError("--concurrency must be at most 10000, got \(concurrency)")
        }
        if targetsFile?.isEmpty == true { throw ValidationError("--targets-file needs a file name, or '-' for standard input") }
    }

    /// The engine for this run; `pacing` (e.g. `--interval` of repeated probes) raises the minimum interval.
    func engine(pacing: Double = 0) -> ProbeEngine {
        ProbeEngine(concurrency: concurrency.value, minInterval: .milliseconds(Int64(max(minInterval.seconds, pacing) * 1000)))
    }
}
