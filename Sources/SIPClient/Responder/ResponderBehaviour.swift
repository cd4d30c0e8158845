import SIPCore

/// What the responder answers. Pure: a request in, at most one response out.
public struct ResponderBehaviour: Sendable {
    public var serverName: String
    /// Status for INVITE; 486 Busy Here until the auth and failover checks need more.
    public var inviteStatus: (code: Int, reason: String)

    public init(serverName: String = "trunkprobe-responder", inviteStatus: (code: Int, reason: String) = (486, "Busy Here")) {
        self.serverName = serverName
        self.inviteStatus = inviteStatus
    }

    public static let allow = "INVITE, ACK, CANCEL, BYE, OPTIONS"

    /// The response to `request` received from `source` (address, port), or nil for ACK.
    public func respond(to request: SIPRequest, sourceHost: String?, sourcePort: Int?) -> SIPResponse? {
        guard request.headers.first("Via") != nil, request.headers.first("CSeq") != nil else {
            // Without a Via there is nowhere to send a response (RFC 3261 §8.2.6.2 needs it); drop.
            return nil
        }
        let code: (Int, String)
        switch request.method.uppercased() {
        case "ACK": return nil
        case "OPTIONS": code = (200, "OK")
        case "INVITE": code = inviteStatus
        case "BYE", "CANCEL": code = (200, "OK")
        default: code = (501, "Not Implemented")
        }
        var answer = request
        answer.headers = Self.stampVia(request.headers, host: sourceHost, port: sourcePort)
        var response = SIPResponse(answering: answer, statusCode: code.0, reason: code.1, toTag: Self.tag(for: request))
        response.headers.add("Server", serverName)
        if request.method.uppercased() == "OPTIONS" || code.0 == 501 || code.0 == 405 {
            response.headers.add("Allow", Self.allow)
            response.headers.add("Supported", "replaces, timer")
            response.headers.add("Accept", "application/sdp")
        }
        return response
    }

    /// RFC 3261 §18.2.1 and RFC 3581 §4: record where the request really came from in the top Via.
    static func stampVia(_ headers: SIPHeaders, host: String?, port: Int?) -> SIPHeaders {
        var vias = headers["Via"]
        guard !vias.isEmpty, var top = try? Via(parsing: vias[0]) else { return headers }
        if let host, top.received == nil { top.parameters.append(("received", host)) }
        if let port, let index = top.parameters.firstIndex(where: { $0.name.lowercased() == "rport" }) {
            top.parameters[index] = ("rport", String(port))
        }
        vias[0] = top.headerValue
        var out = headers
        out.remove("Via")
        var rebuilt = SIPHeaders()
        for v in vias { rebuilt.add("Via", v) }
        for f in out { rebuilt.add(f.name, f.value) }
        return rebuilt
    }

    /// A To tag derived from the Call-ID, so retransmitted requests get the same tag.
    static func tag(for request: SIPRequest) -> String {
        var hash: UInt64 = 1469598103934665603
        for b in (request.headers.first("Call-ID") ?? "").utf8 { hash = (hash ^ UInt64(b)) &* 1099511628211 }
        return String(hash, radix: 16)
    }
}
