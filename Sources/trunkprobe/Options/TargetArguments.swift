import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import SIPCore

/// Parsing shared by every command that takes a target, --transport and --bind.
enum TargetArguments {
    static func target(_ text: String, transport: String?) throws -> ProbeTarget {
        var kind: SIPTransportKind?
        if let transport {
            guard let k = SIPTransportKind(token: transport) else {
                throw ValidationError("unknown transport '\(transport)': use udp, tcp or tls")
            }
            kind = k
        }
        do {
            return try ProbeTarget(parsing: text, transport: kind)
        } catch {
            throw ValidationError("bad target '\(text)': \(error.message)")
        }
    }

    static func bind(_ text: String?) throws -> (host: String?, port: Int?) {
        guard let text else { return (nil, nil) }
        if text.hasPrefix(":"), let port = Int(text.dropFirst()), (0...65535).contains(port) { return (nil, port) }
        do {
            let (host, port) = try HostPort.split(text)
            guard IPAddressText.isNumeric(host) else { throw ValidationError("--bind needs an IP address, got '\(host)'") }
            guard isLocal(host) else { throw ValidationError("--bind: \(host) is not an address of this machine") }
            return (host, port)
        } catch let error as SIPParseError {
            throw ValidationError("--bind: \(error.message)")
        }
    }

    /// Whether a socket can be bound to `host` here: a sending address that is not local is our mistake
    /// (exit 3), not the far end's.
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
