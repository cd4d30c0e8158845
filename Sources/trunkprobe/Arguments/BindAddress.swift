import Foundation
import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import SIPCore

/// `--bind ADDRESS[:PORT]`, `[IPv6]:PORT` or `:PORT`: where probes are sent from. The syntax is checked
/// when parsing; whether the address belongs to this machine is checked by `checkLocal()` in `validate()`,
/// so a foreign address is one line and exit 3 rather than a transport error blamed on the far end.
struct BindAddress: CheckedArgument, CustomStringConvertible, Sendable, Equatable {
    static let requirement = "an IP address of this machine, optionally with :PORT (IPv6 in brackets), or :PORT"

    /// nil: every address (`:PORT`).
    let host: String?
    let port: Int?

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix(":"), let port = Int(text.dropFirst()), (0...65535).contains(port) {
            (host, self.port) = (nil, port)
            return
        }
        // HostPort takes ports 1–65535 (a URI's); a local port may also be 0, any free one.
        if text.hasSuffix(":0"), let (host, port) = try? HostPort.split(String(text.dropLast(2))), port == nil,
           IPAddressText.isNumeric(host) {
            (self.host, self.port) = (host, 0)
            return
        }
        guard let (host, port) = try? HostPort.split(text), IPAddressText.isNumeric(host) else { return nil }
        (self.host, self.port) = (host, port)
    }

    var description: String { host.map { HostPort.join(host: $0, port: port) } ?? ":\(port ?? 0)" }

    /// Throws the one line for an address that is not this machine's (EADDRNOTAVAIL when bound).
    func checkLocal() throws {
        if let host, !Self.isLocal(host) {
            throw ValidationError("--bind \(host): not an address of this machine")
        }
    }

    /// Whether a socket can be bound to `host` here.
    static func isLocal(_ host: String) -> Bool {
        var hints = addrinfo()
        hints.ai_flags = AI_NUMERICHOST
        hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, "0", &hints, &result) == 0, let info = result else { return false }
        defer { freeaddrinfo(result) }
        let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, 0)
        guard fd >= 0 else { return true }
        defer { close(fd) }
        return Glibc.bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 || errno != EADDRNOTAVAIL
    }
}
