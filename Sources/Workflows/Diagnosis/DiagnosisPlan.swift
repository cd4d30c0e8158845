import Knowledge

/// What the record alone says: the cause, its evidence, the fix, and the fresh probes that can confirm it.
public struct DiagnosisPlan: Sendable {
    public var cause: DiagnosisCause
    /// One line: what happened to the call.
    public var summary: String
    public var evidence: [DiagnosisEvidence]
    public var fix: String
    public var probes: [PlannedProbe]
    /// Probes the cause calls for that cannot run from what is known (no password given), and why.
    public var probesNotPlanned: [String]
}
