import ArgumentParser

/// `--format` of the commands whose output is a record of what they did (provision, teardown, api): text
/// or JSON. Probing commands take `ReportFormat`, which adds junit, nagios and prometheus.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
