/// One Zentrunk hangup code: what it means, which side caused it, and what to check.
public struct HangupCodeEntry: Sendable, Codable, Equatable {
    public var code: Int
    public var name: String
    public var cause: DiagnosisCause
    /// `customer` (the platform or its settings), `zentrunk`, `carrier` or `either`.
    public var side: String
    /// `inbound`, `outbound` or `any`: the direction of call the code arises on.
    public var direction: String
    public var meaning: String
    public var checks: [String]
    /// Where docs/ explains the entry.
    public var source: String
}
