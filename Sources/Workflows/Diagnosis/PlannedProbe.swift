/// A fresh probe a hangup code calls for, before it runs.
public struct PlannedProbe: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// OPTIONS to a URI: does anything answer there?
        case options(target: String)
        /// INVITE to a URI calling `number` (then cancelled): does the call path answer?
        case invite(target: String, number: String)
        /// OPTIONS to a primary and a fallback URI, combined into a fail-over verdict.
        case failover(primary: String, fallback: String?)
    }

    public var kind: Kind
    /// Why it runs, said in the report ("the trunk's primary origination URI").
    public var purpose: String

    public init(_ kind: Kind, purpose: String) {
        self.kind = kind
        self.purpose = purpose
    }

    /// One line naming the probe, for "could not run" notes.
    public var summary: String {
        switch kind {
        case .options(let target): return "OPTIONS \(target) (\(purpose))"
        case .invite(let target, let number): return "INVITE \(number) at \(target) (\(purpose))"
        case .failover(let primary, let fallback): return "failover \(primary) -> \(fallback ?? "none") (\(purpose))"
        }
    }
}
