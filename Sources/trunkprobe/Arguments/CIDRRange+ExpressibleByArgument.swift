import ArgumentParser
import SIPClient

/// `responder --allow CIDR`: an IPv4 or IPv6 address or prefix.
extension CIDRRange: ExpressibleByArgument, CheckedArgument {
    static let requirement = "an IPv4 or IPv6 address or CIDR, e.g. 192.0.2.0/24 or 2001:db8::/32"

    public init?(argument: String) {
        guard let parsed = CIDRRange(parsing: argument) else { return nil }
        self = parsed
    }
}
