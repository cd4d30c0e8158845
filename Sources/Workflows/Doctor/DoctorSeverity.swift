/// How bad a finding is; the exit code is the worst one (critical 2, warning 1, info 0).
public enum DoctorSeverity: String, Sendable, Codable, Comparable {
    case info, warning, critical

    public var exitCode: Int32 {
        switch self {
        case .info: 0
        case .warning: 1
        case .critical: 2
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.exitCode < rhs.exitCode }
}
