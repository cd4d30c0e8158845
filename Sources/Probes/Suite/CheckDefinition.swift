import SIPCore

/// One check of a suite, and of an exporter module: what to send, where, with which credentials, and what
/// counts as passing. Plain data: loading (`SuiteFile`), preset expansion (`PlatformPreset`) and running
/// (`SuiteRunner`) live beside it.
public struct CheckDefinition: Sendable, Equatable, Codable {
    /// The probe behind a check.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// One OPTIONS (RFC 3261 §11) to `target`.
        case options
        /// An INVITE to `to` at `target`, ended cleanly (CANCEL, ACK, BYE).
        case invite
        /// OPTIONS to `target` (primary) and `fallback` at once, combined into a fail-over verdict.
        case failover
    }

    /// Unique within a suite; labels the check in every output format.
    public var name: String
    public var kind: Kind
    /// A sip:/sips: URI, host, host:port or an origination-URI string; for `failover`, the primary URI.
    public var target: String
    /// `failover` only: the fallback URI (nil: the trunk has none, which the verdict reports).
    public var fallback: String?
    /// Overrides the transport the target implies.
    public var transport: SIPTransportKind?
    /// `invite` only: the number or user to call.
    public var to: String?
    /// From URI (default `sip:trunkprobe@<local address>`).
    public var from: String?
    /// Digest credentials to answer a 401/407 with; the password is read only when the check runs.
    public var credential: CredentialReference?
    /// What counts as passing; nil means the verdict's own status (OK passes, WARNING warns).
    public var expect: CheckExpectation?
    public var tags: [String]
    /// Deadline of one attempt.
    public var timeout: Duration
    /// `failover` only: status codes that trigger fail-over besides 503.
    public var failoverOn: [Int]
    /// Where the check was defined, for error messages and reports.
    public var origin: SourceLocation?

    public init(name: String, kind: Kind, target: String, fallback: String? = nil, transport: SIPTransportKind? = nil,
                to: String? = nil, from: String? = nil, credential: CredentialReference? = nil,
                expect: CheckExpectation? = nil, tags: [String] = [], timeout: Duration = .seconds(5),
                failoverOn: [Int] = [], origin: SourceLocation? = nil) {
        self.name = name
        self.kind = kind
        self.target = target
        self.fallback = fallback
        self.transport = transport
        self.to = to
        self.from = from
        self.credential = credential
        self.expect = expect
        self.tags = tags
        self.timeout = timeout
        self.failoverOn = failoverOn
        self.origin = origin
    }

    /// True when the check carries any of `tags`, or when `tags` is empty.
    public func matches(tags wanted: Set<String>) -> Bool {
        wanted.isEmpty || !wanted.isDisjoint(with: tags)
    }
}
