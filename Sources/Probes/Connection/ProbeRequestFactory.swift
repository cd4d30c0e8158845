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

    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// `length` characters from [a-z0-9], twelve from each 64-bit draw of the system generator (36^12 <
    /// 2^63): one getrandom call per twelve characters instead of one per character, which showed in the
    /// profile of a 20,000-probe run. The small modulo bias does not matter for a Call-ID, tag or branch,
    /// which need to be unique, not secret (RFC 3261 §8.1.1.4, §8.1.1.7, §19.3).
    static func token(_ length: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(length)
        var draw: UInt64 = 0
        var left = 0
        for _ in 0..<length {
            if left == 0 {
                draw = generator.next()
                left = 12
            }
            bytes.append(alphabet[Int(draw % 36)])
            draw /= 36
            left -= 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
