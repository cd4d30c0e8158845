/// The output formats every probing command can write (docs/outputs.md).
public enum ReportFormat: String, Sendable, CaseIterable {
    /// For a person at a terminal: the status line first, at most 80 columns.
    case text
    /// JSON Lines: one object per result.
    case json
    /// JUnit XML as GitLab and Jenkins read it.
    case junit
    /// A monitoring-plugins (Nagios, Icinga) status line with perfdata.
    case nagios
    /// Prometheus text exposition, for node_exporter's textfile collector.
    case prometheus
}
