import SIPCore

extension ProbeTarget {
    /// The key `ProbeEngine` paces on: `host:port:transport` as written, before RFC 3263 resolution
    /// (resolving first would cost a DNS lookup per job just to schedule it).
    public var destination: String {
        "\(host.lowercased()):\(port):\(transport.rawValue)"
    }
}
