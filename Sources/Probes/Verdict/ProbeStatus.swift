/// Exit status in the monitoring-plugins convention (Nagios, Icinga, and CI alike).
///
/// `unknown` is only for bad arguments or configuration, never for what a target did.
public enum ProbeStatus: Int32, Sendable, Codable, Comparable {
    case ok = 0
    case warning = 1
    case critical = 2
    case unknown = 3

    public static func < (lhs: ProbeStatus, rhs: ProbeStatus) -> Bool {
        lhs.severity < rhs.severity
    }

    /// Severity order for combining results: UNKNOWN ranks between WARNING and CRITICAL, as monitoring-plugins do.
    private var severity: Int {
        switch self {
        case .ok: 0
        case .warning: 1
        case .unknown: 2
        case .critical: 3
        }
    }

    public var label: String {
        switch self {
        case .ok: "OK"
        case .warning: "WARNING"
        case .critical: "CRITICAL"
        case .unknown: "UNKNOWN"
        }
    }
}
