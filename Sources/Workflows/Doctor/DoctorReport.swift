import Probes

/// `trunkprobe doctor`'s result. JSON keys (docs/doctor.md): `platform`, `findings`, `probes`, `counts`, `exit_code`.
public struct DoctorReport: Sendable, Encodable {
    public var platform: String?
    public var findings: [DoctorFinding]
    public var probes: [ProbeReport]
    /// Resources read, by kind, so an empty account is told apart from a clean one.
    public var counts: [String: Int]

    public var worst: DoctorSeverity? { findings.map(\.severity).max() }
    public var exitCode: Int32 { worst?.exitCode ?? 0 }

    enum CodingKeys: String, CodingKey {
        case platform, findings, probes, counts, exitCode = "exit_code"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(platform, forKey: .platform)
        try c.encode(findings, forKey: .findings)
        try c.encode(probes, forKey: .probes)
        try c.encode(counts, forKey: .counts)
        try c.encode(exitCode, forKey: .exitCode)
    }
}
