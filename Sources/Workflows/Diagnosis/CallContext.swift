import ZentrunkAPI

/// What `diagnose` read about a call before probing: the record, its insights, and the account's resources
/// the record points at. Missing pieces stay nil, with the reason in `readProblems`.
public struct CallContext: Sendable {
    public var record: CallRecord
    public var insights: CallInsights?
    public var trunk: Trunk?
    public var primaryURI: OriginationURI?
    public var fallbackURI: OriginationURI?
    public var credential: Credential?
    public var ipACL: IPAccessControlList?
    /// Reads that failed (insights missing, trunk deleted since), said in the evidence.
    public var readProblems: [String]

    public init(record: CallRecord, insights: CallInsights? = nil, trunk: Trunk? = nil, primaryURI: OriginationURI? = nil,
                fallbackURI: OriginationURI? = nil, credential: Credential? = nil, ipACL: IPAccessControlList? = nil,
                readProblems: [String] = []) {
        self.record = record; self.insights = insights; self.trunk = trunk; self.primaryURI = primaryURI
        self.fallbackURI = fallbackURI; self.credential = credential; self.ipACL = ipACL; self.readProblems = readProblems
    }

    /// The record's hangup code: `hangup_cause_code`, or the legacy `hangup_code`.
    public var hangupCode: Int? {
        (record.hangupCauseCode ?? record.raw["hangup_code"]?.stringValue).flatMap { Int($0) }
    }

    /// The trunk id: the first label of `trunk_domain` (call records carry no `trunk_id`), or a legacy `trunk_id`.
    public var trunkID: String? {
        if let id = record.raw["trunk_id"]?.stringValue, !id.isEmpty { return id }
        guard let domain = record.trunkDomain, let label = domain.split(separator: ".").first, !label.isEmpty else { return nil }
        return String(label)
    }

    /// The source address Zentrunk saw, when the record carries one (not a documented field; some records do).
    public var sourceAddress: String? {
        for key in ["source_ip", "from_ip", "sip_source_ip", "remote_ip"] {
            if let value = record.raw[key]?.stringValue, !value.isEmpty { return value }
        }
        return nil
    }
}
