import ArgumentParser
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
            return (host, port)
        } catch let error as SIPParseError {
            throw ValidationError("--bind: \(error.message)")
        }
    }
}
