import NIOCore
import SIPCore

/// Builds the requests of one probe: one Call-ID and From tag for all of them (an auth retry is the same
/// call, RFC 3261 §8.1.3.5), a fresh branch per transaction (§8.1.1.7), and the Via, From and Contact that
/// name the local socket.
struct ProbeRequestFactory {
    let target: ProbeTarget
    let localHost: String
    let localPort: Int
    let from: String
    let fromTag: String
    let callID: String
    let userAgent: String

    init(target: ProbeTarget, local: SocketAddress?, from: String?, userAgent: String) {
        self.target = target
        localHost = local?.ipAddress ?? "127.0.0.1"
        localPort = local?.port ?? 0
        self.from = from ?? "sip:trunkprobe@\(HostPort.join(host: localHost, port: nil))"
        fromTag = Self.token(10)
        callID = "\(Self.token(20))@\(HostPort.join(host: localHost, port: nil))"
        self.userAgent = userAgent
    }

    var sentBy: String { HostPort.join(host: localHost, port: localPort) }

    /// The top Via for a new transaction; `rport` asks the server to reveal our public port (RFC 3581).
    func via(branch: String = ProbeRequestFactory.newBranch()) -> Via {
        Via(transport: target.transport.viaToken, host: localHost, port: localPort, parameters: [("branch", branch), ("rport", nil)])
    }

    /// A request to `requestURI` (the target's URI unless given) with the common headers.
    func request(method: String, cseq: UInt32, requestURI: SIPURI? = nil, extra: SIPHeaders = [], body: [UInt8] = []) -> SIPRequest {
        let uri = requestURI ?? target.uri
        var toURI = uri
        toURI.parameters = []
        let contactParams = target.transport == .udp ? "" : ";transport=\(target.transport.rawValue)"
        var headers: SIPHeaders = [
            ("Via", via().headerValue),
            ("Max-Forwards", "70"),
            ("From", "<\(from)>;tag=\(fromTag)"),
            ("To", "<\(toURI)>"),
            ("Call-ID", callID),
            ("CSeq", "\(cseq) \(method)"),
            ("Contact", "<\(target.uri.scheme.rawValue):trunkprobe@\(sentBy)\(contactParams)>"),
        ]
        for field in extra { headers.add(field.name, field.value) }
        headers.add("User-Agent", userAgent)
        return SIPRequest(method: method, uri: uri.description, headers: headers, body: body)
    }

    /// `z9hG4bK` is RFC 3261's magic cookie: it marks branches that are unique per transaction.
    static func newBranch() -> String { "z9hG4bK" + token(16) }

    static func token(_ length: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<length).map { _ in alphabet.randomElement()! })
    }
}
