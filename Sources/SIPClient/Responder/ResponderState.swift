import NIOConcurrencyHelpers
import SIPCore

/// The little state a real UAS keeps around `ResponderBehaviour`'s pure decisions, shared by every
/// listener of one responder (a client may retry over another connection):
/// - the last response per server transaction, so a retransmitted request gets it again
///   (RFC 3261 §17.2.1, §17.2.2) instead of a second, different answer;
/// - INVITEs without a final yet, so a CANCEL can end them with 487 (RFC 3261 §9.2);
/// - the nonces issued in challenges and when, so an unknown or expired one gets `stale=true` (RFC 7616 §3.3).
///
/// Every entry expires on its own, and the tables are bounded (`capacity`):
/// - a completed transaction's last response is kept for `completedLifetime` (64·T1 = 32 s: Timer J,
///   RFC 3261 §17.2.2; it also covers Timer H/I of §17.2.1), then dropped; when the table is full the
///   oldest completed entries go first, never one whose INVITE is still in progress;
/// - an INVITE without a final is kept for `pendingLifetime` (or until its final, CANCEL or ACK); when
///   `capacity` INVITEs are in progress a new one is refused with 503 and Retry-After (RFC 3261 §21.5.4)
///   instead of flushing the table and orphaning the calls it holds;
/// - a nonce lives `nonceLifetime`.
/// Because pending INVITEs are bounded, so are the delayed-final timers the listeners schedule for them.
///
/// - Note: finals are not retransmitted over UDP (Timer G): enough for a probe peer, not for a phone.
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
        var expires: ContinuousClock.Instant
    }

    struct Completed {
        var response: SIPResponse
        var expires: ContinuousClock.Instant
    }

    struct Store {
        var lastResponse: [String: Completed] = [:]
        /// Keys of `lastResponse` in insertion order (may hold keys already removed).
        var order: [String] = []
        var pending: [String: Pending] = [:]
        var nonces: [String: ContinuousClock.Instant] = [:]
    }

    public let behaviour: ResponderBehaviour
    /// Chooses the behaviour for one request (e.g. by Request-URI host, for a stand-in serving many trunks);
    /// nil from it, or no selector: `behaviour`.
    public let selector: (@Sendable (SIPRequest) -> ResponderBehaviour?)?
    public let nonceLifetime: Duration
    /// How long a completed transaction's last response is kept for retransmissions (64·T1).
    public let completedLifetime: Duration
    /// How long an INVITE without a final is kept (it rings until CANCEL, its final, or this).
    public let pendingLifetime: Duration
    /// The most entries per table (completed transactions, pending INVITEs, nonces).
    public let capacity: Int
    private let store = NIOLockedValueBox(Store())
    private let makeNonce: @Sendable () -> String
    private let clock: @Sendable () -> ContinuousClock.Instant
    public static let maximumTransactions = 4096

    public convenience init(behaviour: ResponderBehaviour, nonceLifetime: Duration = .seconds(300),
                            nonce: @escaping @Sendable () -> String = ResponderState.randomNonce,
                            selector: (@Sendable (SIPRequest) -> ResponderBehaviour?)? = nil) {
        self.init(behaviour: behaviour, nonceLifetime: nonceLifetime, nonce: nonce, selector: selector,
                  capacity: Self.maximumTransactions)
    }

    /// `now` is injectable so expiry is tested in virtual time.
    public init(behaviour: ResponderBehaviour, nonceLifetime: Duration = .seconds(300),
                nonce: @escaping @Sendable () -> String = ResponderState.randomNonce,
                selector: (@Sendable (SIPRequest) -> ResponderBehaviour?)? = nil,
                completedLifetime: Duration = .seconds(32), pendingLifetime: Duration? = nil,
                capacity: Int, now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.behaviour = behaviour
        self.selector = selector
        self.nonceLifetime = nonceLifetime
        self.makeNonce = nonce
        self.completedLifetime = completedLifetime
        // Long enough for the longest ring (--ring-ms ≤ 600 s) plus the CANCEL that may follow it.
        self.pendingLifetime = pendingLifetime ?? max(.seconds(600), behaviour.ringTime + completedLifetime)
        self.capacity = max(2, capacity)
        self.clock = now
    }

    /// Entries currently held: completed transactions and pending INVITEs (for tests and logs).
    public var counts: (completed: Int, pending: Int) {
        store.withLockedValue { ($0.lastResponse.count, $0.pending.count) }
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
        let now = clock()
        let freshNonce = makeNonce()
        let behaviour = selector?(request) ?? self.behaviour
        return store.withLockedValue { s in
            if method == "ACK" {
                // The ACK for a non-2xx final has the INVITE's branch (RFC 3261 §17.1.1.3): that transaction is done.
                s.pending[branch] = nil
                return Reaction(responses: [], note: "ACK absorbed")
            }
            if !branch.isEmpty, let again = s.lastResponse[key], again.expires > now {
                return Reaction(responses: [again.response], note: "retransmission: same response again")
            }
            // A pending INVITE is found in its own table, so no eviction of responses can orphan it.
            if method == "CANCEL", !branch.isEmpty, s.pending[branch] != nil || s.lastResponse["INVITE \(branch)"] != nil {
                // RFC 3261 §9.2: the CANCEL matches the INVITE by branch; 200 to it in every case, and 487 to the
                // INVITE only if the INVITE has no final yet.
                let pendingInvite = s.pending[branch]?.invite
                let responses = behaviour.cancelResponses(cancel: request, invite: pendingInvite, sourceHost: sourceHost, sourcePort: sourcePort)
                remember(&s, key, responses[0], now: now)
                if responses.count > 1 {
                    remember(&s, "INVITE \(branch)", responses[1], now: now)
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
            if plan.keepsPending, !branch.isEmpty, s.pending[branch] == nil {
                // Bounded: INVITEs nobody CANCELs (`--invite 180`) expire; while `capacity` calls are really in
                // progress a new one is refused (RFC 3261 §21.5.4) rather than any of them forgotten.
                if s.pending.count >= capacity { s.pending = s.pending.filter { $0.value.expires > now } }
                if s.pending.count >= capacity {
                    var busy = behaviour.response(ResponderBehaviour.stampVia(request, host: sourceHost, port: sourcePort), 503)
                    busy.headers.add("Retry-After", "5")
                    remember(&s, key, busy, now: now)
                    return Reaction(responses: [busy], note: "\(s.pending.count) INVITEs in progress: 503")
                }
            }
            if let nonce = plan.issuedNonce {
                if s.nonces.count >= capacity {
                    let lifetime = nonceLifetime
                    s.nonces = s.nonces.filter { now - $0.value < lifetime }
                    if s.nonces.count >= capacity {
                        // Still full of live nonces: the older half is challenged again (stale=true); no call is lost.
                        let keep = s.nonces.sorted { $0.value > $1.value }.prefix(capacity / 2)
                        s.nonces = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
                    }
                }
                s.nonces[nonce] = now
            }
            if let last = plan.immediate.last, !branch.isEmpty { remember(&s, key, last, now: now) }
            var delayed: (key: String, delay: Duration)?
            if plan.keepsPending, !branch.isEmpty {
                s.pending[branch] = Pending(invite: ResponderBehaviour.stampVia(request, host: sourceHost, port: sourcePort),
                                            final: plan.delayedFinal, expires: now + pendingLifetime)
                if plan.delayedFinal != nil { delayed = (branch, plan.delay) }
            }
            return Reaction(responses: plan.immediate, delayed: delayed, note: plan.note)
        }
    }

    /// The delayed final for the INVITE with this branch, if no CANCEL ended it first; it becomes the
    /// transaction's last response.
    public func takeDelayedFinal(key branch: String) -> SIPResponse? {
        let now = clock()
        return store.withLockedValue { s in
            guard let final = s.pending[branch]?.final else { return nil }
            s.pending[branch] = nil
            remember(&s, "INVITE \(branch)", final, now: now)
            return final
        }
    }

    /// Records a transaction's last response with its own expiry. When the table is full, expired entries
    /// go first, then the oldest completed ones; a response whose INVITE is still pending is kept.
    private func remember(_ s: inout Store, _ key: String, _ response: SIPResponse, now: ContinuousClock.Instant) {
        let entry = Completed(response: response, expires: now + completedLifetime)
        if s.lastResponse.updateValue(entry, forKey: key) != nil { return }
        s.order.append(key)
        guard s.lastResponse.count > capacity || s.order.count > 2 * capacity else { return }
        s.lastResponse = s.lastResponse.filter { $0.value.expires > now }
        var excess = s.lastResponse.count - capacity / 2
        if excess > 0 {
            for old in s.order where excess > 0 {
                guard s.lastResponse[old] != nil, !Self.isPendingInvite(old, in: s) else { continue }
                s.lastResponse[old] = nil
                excess -= 1
            }
        }
        let kept = s.lastResponse
        s.order = s.order.filter { kept[$0] != nil }
    }

    private static func isPendingInvite(_ key: String, in s: Store) -> Bool {
        guard key.hasPrefix("INVITE ") else { return false }
        return s.pending[String(key.dropFirst(7))] != nil
    }
}
