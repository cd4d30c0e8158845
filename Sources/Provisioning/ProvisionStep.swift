/// One thing `provision` or `teardown` did, or would do with `--dry-run`. Its line of text is Reporting's
/// `ProvisionTextRenderer.step`.
public struct ProvisionStep: Sendable, Equatable, Codable {
    public enum Action: String, Sendable, Equatable, Codable {
        case create, update, unchanged, route, delete, absent
    }

    /// credential, ip_acl, uri, trunk, number.
    public var kind: String
    /// Plan name (the number itself for numbers).
    public var name: String
    public var action: Action
    /// The resource's id, when known (a placeholder in a dry run before the create).
    public var id: String?
    /// Why, or what changed: `username`, `uri, authentication_needed`, `password rotated`.
    public var detail: String?
    /// The request sent or to be sent, secrets redacted.
    public var request: String?
    /// False in a dry run.
    public var executed: Bool

    enum CodingKeys: String, CodingKey { case kind, name, action, id, detail, request, executed }

    /// Every key always present, `null` where there is no value (as every JSON report of trunkprobe).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(name, forKey: .name)
        try c.encode(action, forKey: .action)
        try c.encode(id, forKey: .id)
        try c.encode(detail, forKey: .detail)
        try c.encode(request, forKey: .request)
        try c.encode(executed, forKey: .executed)
    }

    public var isWrite: Bool { action == .create || action == .update || action == .route || action == .delete }
}
