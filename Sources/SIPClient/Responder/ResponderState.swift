import NIOConcurrencyHelpers
import SIPCore

/// The little state a real UAS keeps around `ResponderBehaviour`'s pure decisions, shared by every
/// listener of one responder (a client may retry over another connection):
/// - the last response per server transaction, so a retransmitted request gets it again
///   (RFC 3261 §17.2.1, §17.2.2) instead of a second, different answer;
/// - INVITEs without a final yet, so a CANCEL can end them with 487 (RFC 3261 §9.2);
/// - the nonces issued in challenges and when, so an unknown or expired one gets `stale=true` (RFC 7616 §3.3).
///
/// - Note: the server transaction timers (G, H, I, J) are not run: finals are not retransmitted over UDP
///   and entries are dropped by count, not by Timer J/H. Enough for a probe peer, not for a phone.
public final class ResponderState: Sendable {
    public struct Reaction: Sendable {
        /// Sent at once, in order.
        public var responses: [SIPResponse]
        /// Sent after `delay` if `takeDelayedFinal(key:)` still returns it then.
        public var delayed: (key: String, delay: Duration)?
        public var note: String?
    }

    struct Pending {
        var invite: SIPRequest
        var final: SIPResponse?
    }

    struct Store {
        var lastResponse: [String: SIPResponse] = [:]
        var order: [String] = []
        var pending: [String: Pending] = [:]
        var nonces: [String: ContinuousClock.Instant] = [:]
    }

    public let behaviour: ResponderBehaviour
    /// Chooses the behaviour for one request (e.g. by Request-URI host, for a stand-in serving many trunks);
    /// nil from it, or no selector: `behaviour`.
    public let selector: (@Sendable (SIPRequest) -> ResponderBehaviour?)?
    public let nonceLifetime: Duration
    private let store = NIOLockedValueBox(Store())
    private let makeNonce: @Sendable () -> String
    static let maximumTransactions = 4096

    public init(behaviour: ResponderBehaviour, nonceLifetime: Duration = .seconds(300),
                nonce: @escaping @Sendable () -> String = ResponderState.randomNonce,
                selector: (@Sendable (SIPRequest) -> ResponderBehaviour?)? = nil) {
        self.behaviour = behaviour
        self.selector = selector
        self.nonceLifetime = nonceLifetime
        self.makeNonce = nonce
    }

    /// 16 bytes from the system CSPRNG as hex: unguessable, so a nonce cannot be precomputed.
    @Sendable public static func randomNonce() -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<16).map { _ in
            let b = UInt8.random(in: .min ... .max, using: &g)
            return (b < 16 ? "0" : "") + String(b, radix: 16)
        }.joined()
    }

    /// Handles one request; the caller sends `responses` to the source (RFC 3581 rport on UDP).
    public func handle(_ request: SIPRequest, sourceHost: String?, sourcePort: Int?, localHost: String, localPort: Int,
                       transport: SIPTransportKind) -> Reaction {
        let method = request.method.uppercased()
        // RFC 3261 §17.2.3 matches by branch and sent-by; the source address stands in for sent-by here, so
        // two clients that happen to pick the same branch do not share a transaction.
        let branch = request.topViaBranch.map { "\($0) \(sourceHost ?? "?"):\(sourcePort ?? 0)" } ?? ""
        let key = "\(method) \(branch)"
        let now = ContinuousClock.now
        let freshNonce = makeNonce()
        let behaviour = selector?(request) ?? self.behaviour
        return store.withLockedValue { s in
            if method == "ACK" {
                // The ACK for a non-2xx final has the INVITE's branch (RFC 3261 §17.1.1.3): that transaction is done.
                s.pending[branch] = nil
                return Reaction(responses: [], note: "ACK absorbed")
            }
            if !branch.isEmpty, let again = s.lastResponse[key] {
                return Reaction(responses: [again], note: "retransmission: same response again")
            }
            if method == "CANCEL", !branch.isEmpty, s.lastResponse["INVITE \(branch)"] != nil {
                // RFC 3261 §9.2: the CANCEL matches the INVITE by branch; 200 to it in every case, and 487 to the
                // INVITE only if the INVITE has no final yet.
                let pendingInvite = s.pending[branch]?.invite
                let responses = behaviour.cancelResponses(cancel: request, invite: pendingInvite, sourceHost: sourceHost, sourcePort: sourcePort)
                Self.remember(&s, key, responses[0])
                if responses.count > 1 {
                    Self.remember(&s, "INVITE \(branch)", responses[1])
                    s.pending[branch] = nil
                }
                return Reaction(responses: responses, note: pendingInvite == nil ? "CANCEL after the final: no effect" : "CANCEL: 487 to the INVITE")
            }
            let nonces = s.nonces
            let lifetime = nonceLifetime
            let input = ResponderBehaviour.Input(
                request: request, sourceHost: sourceHost, sourcePort: sourcePort, localHost: localHost, localPort: localPort,
                transport: transport,
                isKnownNonce: { nonce in nonces[nonce].map { now - $0 < lifetime } ?? false },
                freshNonce: freshNonce)
            let plan = behaviour.plan(input)
            if let nonce = plan.issuedNonce {
                if s.nonces.count >= Self.maximumTransactions { s.nonces.removeAll() }
                s.nonces[nonce] = now
            }
            if let last = plan.immediate.last, !branch.isEmpty { Self.remember(&s, key, last) }
            var delayed: (key: String, delay: Duration)?
            if plan.keepsPending, !branch.isEmpty {
                // Bounded: INVITEs nobody CANCELs (`--invite 180`) must not grow the table forever.
                if s.pending.count >= Self.maximumTransactions { s.pending.removeAll() }
                s.pending[branch] = Pending(invite: ResponderBehaviour.stampVia(request, host: sourceHost, port: sourcePort),
                                            final: plan.delayedFinal)
                if plan.delayedFinal != nil { delayed = (branch, plan.delay) }
            }
            return Reaction(responses: plan.immediate, delayed: delayed, note: plan.note)
        }
    }

    /// The delayed final for the INVITE with this branch, if no CANCEL ended it first; it becomes the
    /// transaction's last response.
    public func takeDelayedFinal(key branch: String) -> SIPResponse? {
        store.withLockedValue { s in
            guard let final = s.pending[branch]?.final else { return nil }
            s.pending[branch] = nil
            Self.remember(&s, "INVITE \(branch)", final)
            return final
        }
    }

    private static func remember(_ s: inout Store, _ key: String, _ response: SIPResponse) {
        if s.lastResponse.updateValue(response, forKey: key) == nil {
            s.order.append(key)
            if s.order.count > maximumTransactions {
                let n = s.order.count / 2
                for old in s.order.prefix(n) { s.lastResponse[old] = nil }
                s.order.removeFirst(n)
            }
        }
    }
}
