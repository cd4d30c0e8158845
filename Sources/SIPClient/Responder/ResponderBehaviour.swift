import SIPCore

/// What the responder answers. Pure: a request and what the caller knows (source, local address, issued
/// nonces) in, a `ResponderPlan` out. The state a real UAS keeps (pending INVITEs, nonces, sent
/// responses for retransmissions) lives in `ResponderState`, which calls this.
public struct ResponderBehaviour: Sendable {
    public var serverName: String
    /// How INVITE is answered once it passes the ACL and auth checks (`--invite`).
    public var invite: InviteOutcome
    /// Delay between the provisional and the final of `provisionalThenFinal` (`--ring-ms`).
    public var ringTime: Duration
    /// Digest challenge for INVITE (and OPTIONS if asked); nil: no authentication.
    public var auth: ResponderAuth?
    /// Allowed source ranges (`--allow`); empty: every source.
    public var allow: [CIDRRange]
    /// Status for OPTIONS (`--options`): 200, or e.g. 503 to play a primary in maintenance for `failover`.
    public var optionsStatus: Int

    public init(serverName: String = "trunkprobe-responder", invite: InviteOutcome = .final(486), ringTime: Duration = .seconds(1),
                auth: ResponderAuth? = nil, allow: [CIDRRange] = [], optionsStatus: Int = 200) {
        self.serverName = serverName
        self.invite = invite
        self.ringTime = ringTime
        self.auth = auth
        self.allow = allow
        self.optionsStatus = optionsStatus
    }

    /// The old single-status initializer, kept for callers that only set the INVITE status.
    public init(serverName: String = "trunkprobe-responder", inviteStatus: (code: Int, reason: String)) {
        self.init(serverName: serverName, invite: .final(inviteStatus.code))
    }

    public static let allowHeader = "INVITE, ACK, CANCEL, BYE, OPTIONS"
    /// The earlier single-status view of `invite`, kept for existing callers: a final outcome's code (or the
    /// provisional-then-final's final); setting it makes the outcome that final at once.
    public var inviteStatus: (code: Int, reason: String) {
        get {
            switch invite {
            case .final(let c), .provisionalThenFinal(_, let c): return (c, InviteOutcome.reason(for: c))
            case .provisionalOnly(let c): return (c, InviteOutcome.reason(for: c))
            case .silent: return (0, "")
            }
        }
        set { invite = .final(newValue.code) }
    }

    /// The earlier name of `allowHeader`, kept for existing callers.
    public static let allow = allowHeader

    /// The earlier stateless entry point: the first immediate response, or nil (ACK, silent, dropped).
    /// Without state there are no nonces (any credentials are stale) and no CANCEL matching: use
    /// `ResponderState` for those.
    public func respond(to request: SIPRequest, sourceHost: String?, sourcePort: Int?) -> SIPResponse? {
        plan(Input(request: request, sourceHost: sourceHost, sourcePort: sourcePort)).immediate.first
    }

    /// Everything the plan depends on besides the request.
    public struct Input {
        public var request: SIPRequest
        public var sourceHost: String?
        public var sourcePort: Int?
        /// The listener's own address, for Contact and the SDP answer of a 200.
        public var localHost: String
        public var localPort: Int
        public var transport: SIPTransportKind
        /// True for a nonce this responder issued and that has not expired.
        public var isKnownNonce: (String) -> Bool
        /// The nonce to put in a challenge, if one is needed (drawn by the caller so this stays pure).
        public var freshNonce: String

        public init(request: SIPRequest, sourceHost: String?, sourcePort: Int?, localHost: String = "127.0.0.1", localPort: Int = 5060,
                    transport: SIPTransportKind = .udp, isKnownNonce: @escaping (String) -> Bool = { _ in false },
                    freshNonce: String = "0") {
            self.request = request
            self.sourceHost = sourceHost
            self.sourcePort = sourcePort
            self.localHost = localHost
            self.localPort = localPort
            self.transport = transport
            self.isKnownNonce = isKnownNonce
            self.freshNonce = freshNonce
        }
    }

    /// The responses to `input.request` (CANCEL is the state's job: see `cancelResponses`).
    public func plan(_ input: Input) -> ResponderPlan {
        let request = input.request
        let method = request.method.uppercased()
        guard request.headers.first("Via") != nil, request.headers.first("CSeq") != nil else {
            // Without a Via there is nowhere to send a response (RFC 3261 §8.2.6.2 needs it); drop.
            return ResponderPlan(note: "dropped: no Via or CSeq")
        }
        // ACK is never answered (RFC 3261 §17.2.1 absorbs it for a non-2xx; for a 2xx it is end to end).
        if method == "ACK" { return ResponderPlan(note: "ACK absorbed") }
        let stamped = Self.stampVia(request, host: input.sourceHost, port: input.sourcePort)

        // An IP ACL refuses before any challenge: the `acl_rejected` case (403 without WWW-Authenticate).
        if !allow.isEmpty, !allow.contains(where: { $0.contains(input.sourceHost ?? "") }) {
            return ResponderPlan(immediate: [response(stamped, 403, reason: "Forbidden")],
                                 note: "source \(input.sourceHost ?? "?") not in --allow")
        }
        if let auth, auth.protects(method) {
            let header = auth.challenge.header.responseHeaderName
            // The digest-uri is not required to equal the Request-URI: SIPp's [authentication] sends
            // `sip:REMOTE_IP:PORT` whatever the Request-URI is, and a test peer should accept such clients.
            // The digest still covers the uri they sent, so it is verified all the same.
            switch auth.verifier.verify(headerValues: request.headers[header], method: request.method,
                                              isKnownNonce: input.isKnownNonce) {
            case .valid:
                break
            case .missing:
                return challenge(stamped, auth: auth, nonce: input.freshNonce, stale: false, note: "challenged")
            case .staleNonce:
                return challenge(stamped, auth: auth, nonce: input.freshNonce, stale: true, note: "unknown or expired nonce: stale=true")
            case .rejected(let why):
                // RFC 3261 §22.2/§22.3: a server that will not accept the credentials may answer 403.
                return ResponderPlan(immediate: [response(stamped, 403, reason: "Forbidden")], note: "credentials rejected: \(why)")
            }
        }
        switch method {
        case "OPTIONS":
            // RFC 3261 §11.2: Allow, Accept and Supported whatever the status.
            var r = response(stamped, optionsStatus)
            r.headers.add("Allow", Self.allowHeader)
            r.headers.add("Supported", "replaces, timer")
            r.headers.add("Accept", "application/sdp")
            return ResponderPlan(immediate: [r])
        case "INVITE":
            return planInvite(stamped, input: input)
        case "BYE":
            return ResponderPlan(immediate: [response(stamped, 200)])
        case "CANCEL":
            // No pending INVITE was found by the state (RFC 3261 §9.2).
            return ResponderPlan(immediate: [response(stamped, 481)])
        default:
            var r = response(stamped, 501)
            r.headers.add("Allow", Self.allowHeader)
            return ResponderPlan(immediate: [r])
        }
    }

    func planInvite(_ request: SIPRequest, input: Input) -> ResponderPlan {
        switch invite {
        case .silent:
            return ResponderPlan(note: "silent")
        case .final(let code):
            return ResponderPlan(immediate: [inviteFinal(request, code, input: input)])
        case .provisionalOnly(let p):
            return ResponderPlan(immediate: [response(request, p)], keepsPending: true)
        case .provisionalThenFinal(let p, let f):
            return ResponderPlan(immediate: [response(request, p)], delayedFinal: inviteFinal(request, f, input: input),
                                 delay: ringTime, keepsPending: true)
        }
    }

    /// A final response to INVITE; a 2xx carries Contact and a PCMU SDP answer (RFC 3261 §13.3.1.4, RFC 3264 §6).
    func inviteFinal(_ request: SIPRequest, _ code: Int, input: Input) -> SIPResponse {
        var r = response(request, code)
        guard (200..<300).contains(code) else { return r }
        let host = input.localHost.contains(":") ? "[\(input.localHost)]" : input.localHost
        r.headers.add("Contact", "<sip:responder@\(host):\(input.localPort);transport=\(input.transport.rawValue)>")
        r.headers.add("Allow", Self.allowHeader)
        r.headers.add("Content-Type", "application/sdp")
        r.body = Array(Self.sdpAnswer(localHost: input.localHost).utf8)
        return r
    }

    /// A minimal answer: one audio stream, PCMU only. No media is sent; the port is only there so the
    /// stream is not rejected (port 0 would decline it, RFC 3264 §6).
    public static func sdpAnswer(localHost: String) -> String {
        let family = localHost.contains(":") ? "IP6" : "IP4"
        return """
            v=0\r
            o=trunkprobe 1 1 IN \(family) \(localHost)\r
            s=trunkprobe-responder\r
            c=IN \(family) \(localHost)\r
            t=0 0\r
            m=audio 40000 RTP/AVP 0\r
            a=rtpmap:0 PCMU/8000\r
            a=sendrecv\r

            """
    }

    /// A CANCEL that matched a pending INVITE (RFC 3261 §9.2): 200 to the CANCEL, then 487 Request
    /// Terminated to the INVITE. `invite` is nil when the INVITE already had its final: then only the 200.
    public func cancelResponses(cancel: SIPRequest, invite: SIPRequest?, sourceHost: String?, sourcePort: Int?) -> [SIPResponse] {
        let stamped = Self.stampVia(cancel, host: sourceHost, port: sourcePort)
        var out = [response(stamped, 200)]
        if let invite { out.append(response(invite, 487)) }
        return out
    }

    func challenge(_ request: SIPRequest, auth: ResponderAuth, nonce: String, stale: Bool, note: String) -> ResponderPlan {
        var r = response(request, auth.challenge.rawValue, reason: auth.challenge.reason)
        r.headers.add(auth.challenge.header.rawValue, auth.verifier.challengeValue(nonce: nonce, opaque: auth.opaque, stale: stale))
        return ResponderPlan(immediate: [r], issuedNonce: nonce, note: note)
    }

    func response(_ request: SIPRequest, _ code: Int, reason: String? = nil) -> SIPResponse {
        var r = SIPResponse(answering: request, statusCode: code, reason: reason ?? InviteOutcome.reason(for: code),
                            toTag: code == 100 ? nil : Self.tag(for: request))
        r.headers.add("Server", serverName)
        return r
    }

    /// The request with its top Via stamped, so every response to it carries received/rport.
    public static func stampVia(_ request: SIPRequest, host: String?, port: Int?) -> SIPRequest {
        var r = request
        r.headers = stampVia(request.headers, host: host, port: port)
        return r
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

    /// A To tag derived from the Call-ID, so retransmitted requests get the same tag and the provisional
    /// and final of one INVITE share a dialog.
    static func tag(for request: SIPRequest) -> String {
        var hash: UInt64 = 1469598103934665603
        for b in (request.headers.first("Call-ID") ?? "").utf8 { hash = (hash ^ UInt64(b)) &* 1099511628211 }
        return String(hash, radix: 16)
    }
}
