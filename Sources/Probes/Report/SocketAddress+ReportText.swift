import NIOCore
import SIPCore

extension SocketAddress {
    /// `host:port` as reports print it, IPv6 in brackets.
    var reportText: String { HostPort.join(host: ipAddress ?? "?", port: port) }
}
