import Foundation
import SIPClient
import SIPCore

/// The result of one probe attempt: what was probed, what happened, and what it means.
///
/// Encoded as one JSON object (docs/json.md): keys carry their units (`rtt_ms`); keys the schema promises
/// are always present, with `null` where there is no value.
public struct ProbeReport: Sendable, Encodable {
    public struct NAT: Sendable, Encodable, Equatable {
        /// The address the server saw (Via `received`), if it said.
        public var received: String?
        /// The port the server saw (Via `rport`), if it said.
        public var rport: Int?
        /// True when the server saw another address or port than our socket's: a NAT is on the path.
        public var natDetected: Bool?

        enum CodingKeys: String, CodingKey {
            case received, rport
            case natDetected = "nat_detected"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(received, forKey: .received)
            try c.encode(rport, forKey: .rport)
            try c.encode(natDetected, forKey: .natDetected)
        }
    }

    public struct ExchangeLine: Sendable, Encodable, Equatable {
        public var direction: String
        public var message: String
        public var atMs: Double
        /// The whole message with credentials redacted (`TraceMessage.redacted`); only `trace` shows it.
        public var text: String? = nil
        enum CodingKeys: String, CodingKey {
            case direction, message
            case atMs = "at_ms"
        }
    }

    /// One server tried, in RFC 3263 order.
    public struct Attempt: Sendable, Encodable, Equatable {
        public var remoteAddress: String
        public var transport: SIPTransportKind
        public var verdict: Verdict
        public var statusCode: Int?
        enum CodingKeys: String, CodingKey {
            case transport, verdict
            case remoteAddress = "remote_address"
            case statusCode = "status_code"
        }
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(remoteAddress, forKey: .remoteAddress)
            try c.encode(transport, forKey: .transport)
            try c.encode(verdict, forKey: .verdict)
            try c.encode(statusCode, forKey: .statusCode)
        }
    }

    /// One step of the resolution chain (NAPTR, SRV, A/AAAA, or a static entry) with its TTL.
    public struct ResolutionLine: Sendable, Encodable, Equatable {
        public var type: String
        public var name: String
        public var value: String
        public var ttl: UInt32?
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(type, forKey: .type)
            try c.encode(name, forKey: .name)
            try c.encode(value, forKey: .value)
            try c.encode(ttl, forKey: .ttl)
        }
        enum CodingKeys: String, CodingKey { case type, name, value, ttl }
    }

    public var check: String = "options"
    public var target: String
    public var requestURI: String
    public var transport: SIPTransportKind
    public var remoteAddress: String?
    public var localAddress: String?
    public var verdict: Verdict
    public var status: ProbeStatus
    public var statusCode: Int?
    public var reason: String?
    public var rttMs: Double?
    public var dnsMs: Double?
    public var connectMs: Double?
    public var retransmissions: Int
    /// The TLS session (version, cipher, certificate, verification, matched name); `null` over UDP and TCP.
    public var tls: TLSSessionReport?
    /// Why TLS failed, when the verdict is `tls_failed`.
    public var tlsFailure: TLSFailure? = nil
    /// Server, User-Agent, Allow, Supported, Warning (and others when present), by lowercase name.
    public var headers: [String: String]
    public var nat: NAT?
    public var asymmetricSource: String?
    public var exchange: [ExchangeLine]
    public var ignored: [String]
    public var callID: String?
    /// Digest authentication facts; `null` when no challenge and no credentials were involved.
    public var auth: AuthFacts? = nil
    /// How the server was found (RFC 3263), for the server this report describes.
    public var resolution: [ResolutionLine] = []
    /// Every server tried, in order (more than one when the first failed over).
    public var attempts: [Attempt] = []
    /// The stage the deadline caught (`dns`, `tcp_connect`, `tls_handshake`, `transaction`, `cleanup`),
    /// or nil when the probe did not end in a timeout.
    public var stalledStage: EndpointStage? = nil
    public var explanation: String
    public var hint: String
    public var timestamp: Date
    /// Every SIP message sent and received, in full, when `--trace` asked for them; absent otherwise.
    public var trace: [TraceMessage]? = nil
    /// The probe was interrupted (SIGINT, SIGTERM, or its task cancelled) before it finished; what it saw
    /// is reported, its status is at least UNKNOWN (docs/verdicts.md).
    public var interrupted: Bool = false

    enum CodingKeys: String, CodingKey {
        case check, target, transport, verdict, status, reason, retransmissions, tls, headers, nat, exchange, ignored
        case explanation, hint, timestamp, auth, resolution, attempts, interrupted
        case requestURI = "request_uri"
        case remoteAddress = "remote_address"
        case localAddress = "local_address"
        case statusCode = "status_code"
        case rttMs = "rtt_ms"
        case dnsMs = "dns_ms"
        case connectMs = "connect_ms"
        case asymmetricSource = "asymmetric_source"
        case tlsFailure = "tls_failure"
        case callID = "call_id"
        case exitCode = "exit_code"
        case trace
        case stalledStage = "stalled_stage"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(check, forKey: .check)
        try c.encode(target, forKey: .target)
        try c.encode(requestURI, forKey: .requestURI)
        try c.encode(transport, forKey: .transport)
        // Promised keys are encoded even when nil, as JSON null.
        try c.encode(remoteAddress, forKey: .remoteAddress)
        try c.encode(localAddress, forKey: .localAddress)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(status.label, forKey: .status)
        try c.encode(status.rawValue, forKey: .exitCode)
        try c.encode(statusCode, forKey: .statusCode)
        try c.encode(reason, forKey: .reason)
        try c.encode(rttMs.map(Self.round), forKey: .rttMs)
        try c.encode(dnsMs.map(Self.round), forKey: .dnsMs)
        try c.encode(connectMs.map(Self.round), forKey: .connectMs)
        try c.encode(retransmissions, forKey: .retransmissions)
        try c.encode(tls, forKey: .tls)
        try c.encode(tlsFailure?.rawValue, forKey: .tlsFailure)
        try c.encode(headers, forKey: .headers)
        try c.encode(nat, forKey: .nat)
        try c.encode(asymmetricSource, forKey: .asymmetricSource)
        try c.encode(exchange, forKey: .exchange)
        try c.encode(ignored, forKey: .ignored)
        try c.encode(callID, forKey: .callID)
        try c.encode(auth, forKey: .auth)
        try c.encode(resolution, forKey: .resolution)
        try c.encode(attempts, forKey: .attempts)
        try c.encode(stalledStage?.rawValue, forKey: .stalledStage)
        try c.encode(explanation, forKey: .explanation)
        try c.encode(hint, forKey: .hint)
        try c.encode(interrupted, forKey: .interrupted)
        // The same text as ISO8601DateFormatter's default ("2026-11-30T04:10:00Z"), without building an ICU
        // date formatter per report (13% of a 20,000-probe run's CPU in the profile).
        try c.encode(timestamp.formatted(Date.ISO8601FormatStyle()), forKey: .timestamp)
        try c.encodeIfPresent(trace, forKey: .trace)
    }

    /// A report with nothing known yet but what was probed: the start of every probe attempt.
    static func blank(check: String, target: String, requestURI: String, transport: SIPTransportKind,
                      remoteAddress: String? = nil) -> ProbeReport {
        ProbeReport(
            check: check, target: target, requestURI: requestURI, transport: transport,
            remoteAddress: remoteAddress, localAddress: nil, verdict: .timeout, status: .critical, statusCode: nil, reason: nil,
            rttMs: nil, dnsMs: nil, connectMs: nil, retransmissions: 0, tls: nil, headers: [:], nat: nil,
            asymmetricSource: nil, exchange: [], ignored: [], callID: nil, explanation: "", hint: "", timestamp: Date())
    }

    /// Fills `trace` from the exchange: the full messages, credentials already redacted.
    public mutating func includeTrace() {
        trace = exchange.map { TraceMessage(direction: $0.direction, atMs: $0.atMs, text: $0.text ?? $0.message) }
    }

    /// This report as the result of an interrupted probe: flagged, and its status raised to UNKNOWN unless
    /// it is already CRITICAL (monitoring-plugins' order): an unfinished check did not determine the state,
    /// but what it did determine as CRITICAL stays so.
    public func markedInterrupted() -> ProbeReport {
        var r = self
        guard !r.interrupted else { return r }
        r.interrupted = true
        if r.verdict == .timeout {
            // The interruption, not the target, cut the wait short: no finding about the target.
            r.status = .unknown
            r.explanation = "interrupted before an answer came: nothing can be said about the target yet"
            r.hint = "run it again to the end; --timeout sets how long it waits"
        } else {
            r.status = max(r.status, .unknown)
            r.explanation += (r.explanation.isEmpty ? "" : "; ") + "interrupted before the probe finished"
        }
        return r
    }

    /// `markedInterrupted()` when the current task is cancelled, else unchanged.
    func interruptedIfCancelled() -> ProbeReport { Task.isCancelled ? markedInterrupted() : self }

    static func round(_ ms: Double) -> Double { (ms * 1000).rounded() / 1000 }
}
