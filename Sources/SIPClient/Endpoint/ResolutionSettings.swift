import SIPCore

/// How the endpoint finds servers: RFC 3263 location (NAPTR, SRV, A/AAAA) with the user's overrides.
public struct ResolutionSettings: Sendable {
    /// `--dns-server HOST[:PORT]`: every query goes there. nil: the system's nameserver for NAPTR/SRV and
    /// the system resolver (with /etc/hosts) for addresses.
    public var dnsServer: String?
    /// `--resolve HOST:PORT:ADDRESS` (curl's convention).
    public var staticEntries: [StaticResolveEntry]
    /// Picks among SRV records of equal priority (RFC 2782); injectable so tests are deterministic.
    public var random: ServerSelectionRandom
    /// At most this many located targets are tried.
    public var maxAttempts: Int

    public init(dnsServer: String? = nil, staticEntries: [StaticResolveEntry] = [], random: ServerSelectionRandom = .system,
                maxAttempts: Int = 5) {
        self.dnsServer = dnsServer
        self.staticEntries = staticEntries
        self.random = random
        self.maxAttempts = maxAttempts
    }
}
