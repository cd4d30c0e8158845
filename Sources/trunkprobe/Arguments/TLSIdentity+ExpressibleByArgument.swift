import ArgumentParser
import Probes

/// `--tls-identity domain|target|NAME` (RFC 5922 §7.2: the SIP domain by default).
extension TLSClientSettings.Identity: ExpressibleByArgument, CheckedArgument {
    static let requirement = "domain, target, or a host name"

    public init?(argument: String) {
        switch argument {
        case "domain": self = .domain
        case "target": self = .target
        case let name where !name.isEmpty && !name.contains(where: { $0 == " " || $0 == "/" || $0 == "@" || $0 == ":" }):
            self = .name(name)
        default: return nil
        }
    }

    public var defaultValueDescription: String {
        switch self {
        case .domain: "domain"
        case .target: "target"
        case .name(let name): name
        }
    }
}
