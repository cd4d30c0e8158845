import Probes
import SIPCore

/// One named way to probe, from the `modules:` mapping of the exporter's configuration (docs/exporter.md).
///
/// Everything that is a setting lives here and not in the scrape URL: per-target settings in URL parameters
/// would turn the exporter into an open SIP proxy. The URL only says what to probe (`target`, and for a
/// fail-over check its `fallback`).
public struct ProbeModule: Sendable {
    /// Which probe a module runs.
    public enum Check: String, Sendable, CaseIterable {
        case options
        case invite
        case failover
    }

    /// Where a password comes from: never the configuration file itself, so the file can be shared.
    public enum PasswordSource: Sendable, Equatable, CustomStringConvertible {
        case environment(String)
        case file(String)

        public var description: String {
            switch self {
            case .environment(let name): "password_env: \(name)"
            case .file(let path): "password_file: \(path)"
            }
        }
    }

    public var name: String
    public var check: Check
    /// Overrides the transport of every target (nil: from the target, RFC 3263 §4.1).
    public var transport: SIPTransportKind?
    /// Upper bound of one probe; the scrape timeout can only shorten it.
    public var timeout: Duration
    /// Sooner than this after the last probe of the same destination, a scrape gets the last result.
    public var minInterval: Duration
    public var username: String?
    public var passwordSource: PasswordSource?
    /// Read when the configuration is loaded (and again on reload); never printed.
    public var credentials: DigestCredentials?
    /// What counts as `probe_success 1` (verdicts or status codes), as in a suite's check; nil: the
    /// default rule (docs/exporter.md).
    public var expect: CheckExpectation?
    public var tls: TLSClientSettings?
    /// The user part to call for `invite` (nil: the target URI's own user part).
    public var to: String?
    public var from: String?
    public var userAgent: String
    /// `HOST[:PORT]` of the DNS server for NAPTR/SRV/A (nil: the system's).
    public var dnsServer: String?
    /// Servers tried per probe (RFC 3263 order); 1 like blackbox_exporter, so a probe tests one address.
    public var maxAttempts: Int

    public init(name: String, check: Check) {
        self.name = name
        self.check = check
        transport = nil
        timeout = .seconds(5)
        minInterval = .zero
        expect = nil
        userAgent = "trunkprobe"
        maxAttempts = 1
    }

    /// The verdict names `expect:` accepts for this module's check.
    var knownVerdicts: [String] {
        check == .failover ? FailoverVerdict.allCases.map(\.rawValue) : Verdict.allCases.map(\.rawValue)
    }
}
