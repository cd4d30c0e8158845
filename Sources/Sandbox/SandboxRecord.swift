import ZentrunkAPI

/// What the sandbox saw: one line per request that passed authentication, in order.
public struct SandboxRecord: Sendable, Equatable, CustomStringConvertible {
    public var method: String
    /// Path relative to `/v1/Account/{auth_id}/`.
    public var path: String
    public var status: Int

    public var isWrite: Bool { method == "POST" || method == "DELETE" }
    public var description: String { "\(method) \(path) -> \(status)" }
}
