/// A failure the sandbox serves instead of handling a request, for tests of retries and partial provisioning.
public struct SandboxFault: Sendable, Equatable {
    /// Which requests it hits.
    public enum Trigger: Sendable, Equatable {
        /// The Nth write (POST or DELETE) from now, 1-based. The write is not applied.
        case write(Int)
        /// The next N requests of any kind.
        case next(Int)
    }

    public var trigger: Trigger
    public var status: Int
    public var retryAfter: String?

    public init(_ trigger: Trigger, status: Int = 500, retryAfter: String? = nil) {
        self.trigger = trigger; self.status = status; self.retryAfter = retryAfter
    }
}
