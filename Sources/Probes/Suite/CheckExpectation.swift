/// What a check must see to pass. A check passes when its verdict is one of `verdicts` or its final status
/// code is one of `statusCodes`; so a negative check ("a source outside the ACL is rejected":
/// `expect: acl_rejected`, or `expect: {status: [403]}`) passes when the far end refuses.
public struct CheckExpectation: Sendable, Equatable, Codable {
    /// Verdict names: a probe verdict (`ok`, `auth_ok`, `acl_rejected`…) or a fail-over verdict (`healthy`…).
    public var verdicts: Set<String>
    public var statusCodes: Set<Int>

    public init(verdicts: Set<String> = [], statusCodes: Set<Int> = []) {
        self.verdicts = verdicts
        self.statusCodes = statusCodes
    }

    public func isMet(verdict: String, statusCode: Int?) -> Bool {
        if verdicts.contains(verdict) { return true }
        if let statusCode, statusCodes.contains(statusCode) { return true }
        return false
    }

    /// For explanations: `acl_rejected or 403`.
    public var description: String {
        (verdicts.sorted() + statusCodes.sorted().map(String.init)).joined(separator: " or ")
    }
}
