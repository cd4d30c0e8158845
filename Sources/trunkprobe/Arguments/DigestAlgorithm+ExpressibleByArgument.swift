import ArgumentParser
import SIPCore

/// `responder --algorithm`: the digest algorithms the responder can offer (RFC 7616 §3.5), no -sess variants.
extension DigestAlgorithm: ExpressibleByArgument {
    public init?(argument: String) {
        guard let algorithm = DigestAlgorithm(token: argument), Self.offered.contains(algorithm) else { return nil }
        self = algorithm
    }

    static let offered: [DigestAlgorithm] = [.md5, .sha256, .sha512_256]

    public static var allValueStrings: [String] { offered.map(\.description) }

    public var defaultValueDescription: String { description }
}
