import ArgumentParser
import SIPCore

/// `--transport udp|tcp|tls`, case-insensitive as in a URI's `transport` parameter (RFC 3261 §19.1.1).
extension SIPTransportKind: ExpressibleByArgument {
    public init?(argument: String) { self.init(token: argument) }
}
