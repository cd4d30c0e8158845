import ArgumentParser
import SIPCore

/// `--listen HOST:PORT` of the servers (`serve`, `sandbox`): a host name or IP address (IPv6 in brackets)
/// and a port, 0 for any free one.
struct ListenAddress: CheckedArgument, CustomStringConvertible, Sendable, Equatable {
    static let requirement = "HOST:PORT (IPv6 in brackets; port 0 picks a free one), e.g. 127.0.0.1:9166"

    let host: String
    let port: Int

    init(host: String, port: Int) { (self.host, self.port) = (host, port) }

    init?(argument: String) {
        // HostPort takes ports 1–65535 (a URI's); a listener also takes 0, which the kernel replaces.
        if argument.hasSuffix(":0"), let (host, port) = try? HostPort.split(String(argument.dropLast(2))), port == nil {
            (self.host, self.port) = (host, 0)
            return
        }
        guard let (host, port) = try? HostPort.split(argument), let port, (0...65535).contains(port) else { return nil }
        (self.host, self.port) = (host, port)
    }

    var isNumeric: Bool { IPAddressText.isNumeric(host) }

    /// Throws the one line for a numeric address that is not this machine's (EADDRNOTAVAIL when bound), so
    /// it is found in `validate()` rather than as the socket library's error. Host names are left to the bind.
    func checkLocal(flag: String) throws {
        if isNumeric, !BindAddress.isLocal(host) {
            throw ValidationError("\(flag) \(host): not an address of this machine")
        }
    }

    var description: String { HostPort.join(host: host, port: port) }
}
