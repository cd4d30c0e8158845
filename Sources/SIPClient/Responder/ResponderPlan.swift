import SIPCore

/// What `ResponderBehaviour` decided for one request.
public struct ResponderPlan: Sendable, Equatable {
    /// Sent at once, in order.
    public var immediate: [SIPResponse]
    /// The INVITE's final, sent after `delay` unless a CANCEL came first (`180-then-486`).
    public var delayedFinal: SIPResponse?
    public var delay: Duration
    /// A nonce put in a challenge; the state must remember it.
    public var issuedNonce: String?
    /// The INVITE has no final yet and a CANCEL may still end it (RFC 3261 §9.2).
    public var keepsPending: Bool
    /// Why, for the log.
    public var note: String?

    public init(immediate: [SIPResponse] = [], delayedFinal: SIPResponse? = nil, delay: Duration = .zero,
                issuedNonce: String? = nil, keepsPending: Bool = false, note: String? = nil) {
        self.immediate = immediate
        self.delayedFinal = delayedFinal
        self.delay = delay
        self.issuedNonce = issuedNonce
        self.keepsPending = keepsPending
        self.note = note
    }
}
