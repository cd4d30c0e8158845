import SIPClient
import SIPCore

/// What every probe needs to reach its target and how long it may take: the target, deadline, local
/// address, identity headers, credentials, timers, TLS and server location. `OptionsProbe` uses it as is;
/// `InviteProbe` adds the number to call.
public struct ProbeSettings: Sendable {
    public var target: ProbeTarget
    /// Deadline of one attempt (resolution, connection and transaction together).
    public var timeout: Duration
    /// Local address (and port) to send from.
    public var bindHost: String?
    public var bindPort: Int?
    /// From URI; defaults to `sip:trunkprobe@<local address>`.
    public var from: String?
    public var userAgent: String
    /// Answers a 401/407 with these (never printed).
    public var credentials: DigestCredentials?
    public var timers: SIPTimers
    /// Trust, identity and client certificate for TLS targets.
    public var tls: TLSClientSettings?
    /// RFC 3263 server location: `--dns-server`, `--resolve`.
    public var resolution: ResolutionSettings = ResolutionSettings()

    public init(target: ProbeTarget, timeout: Duration = .seconds(5), bindHost: String? = nil, bindPort: Int? = nil,
                from: String? = nil, userAgent: String = "trunkprobe", credentials: DigestCredentials? = nil,
                timers: SIPTimers = .rfc3261, tls: TLSClientSettings? = nil) {
        self.credentials = credentials
        self.target = target
        self.timeout = timeout
        self.bindHost = bindHost
        self.bindPort = bindPort
        self.from = from
        self.userAgent = userAgent
        self.timers = timers
        self.tls = tls
    }
}
