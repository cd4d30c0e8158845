import Knowledge
import Probes

/// `trunkprobe diagnose`'s result: the cause of a failed call, the evidence, the fix, and the fresh probes.
/// JSON keys (docs/diagnose.md): `call_uuid`, `hangup_code`, `hangup_cause`, `hangup_source`, `direction`,
/// `cause`, `summary`, `evidence`, `fix`, `probes`, `probes_not_run`, `exit_code`.
public struct CallDiagnosis: Sendable, Encodable {
    public var callUUID: String
    public var hangupCode: Int?
    public var hangupCause: String?
    public var hangupSource: String?
    public var direction: String?
    public var cause: DiagnosisCause
    public var summary: String
    public var evidence: [DiagnosisEvidence]
    public var fix: String
    public var probes: [ProbeReport]
    public var probesNotRun: [String]
    /// 0: nothing failed; 1: a warning (poor quality); 2: a fault was found.
    public var exitCode: Int32

    enum CodingKeys: String, CodingKey {
        case callUUID = "call_uuid", hangupCode = "hangup_code", hangupCause = "hangup_cause", hangupSource = "hangup_source"
        case direction, cause, summary, evidence, fix, probes, probesNotRun = "probes_not_run", exitCode = "exit_code"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(callUUID, forKey: .callUUID)
        try c.encode(hangupCode, forKey: .hangupCode)
        try c.encode(hangupCause, forKey: .hangupCause)
        try c.encode(hangupSource, forKey: .hangupSource)
        try c.encode(direction, forKey: .direction)
        try c.encode(cause, forKey: .cause)
        try c.encode(summary, forKey: .summary)
        try c.encode(evidence, forKey: .evidence)
        try c.encode(fix, forKey: .fix)
        try c.encode(probes, forKey: .probes)
        try c.encode(probesNotRun, forKey: .probesNotRun)
        try c.encode(exitCode, forKey: .exitCode)
    }
}
