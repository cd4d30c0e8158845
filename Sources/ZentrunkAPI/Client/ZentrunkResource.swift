/// The Zentrunk collections, named as in their paths (docs/api.md).
public enum ZentrunkResource: String, Sendable, CaseIterable {
    case credential = "Credential"
    case ipAccessControlList = "IPAccessControlList"
    case uri = "URI"
    case trunk = "Trunk"
    case call = "Call"

    /// The id field in objects and in create/update responses.
    public var idField: String {
        switch self {
        case .credential: "credential_uuid"
        case .ipAccessControlList: "ipacl_uuid"
        case .uri: "uri_uuid"
        case .trunk: "trunk_id"
        case .call: "call_uuid"
        }
    }

    /// A human name for messages.
    public var displayName: String {
        switch self {
        case .credential: "credential"
        case .ipAccessControlList: "IP ACL"
        case .uri: "origination URI"
        case .trunk: "trunk"
        case .call: "call"
        }
    }

    /// Path under `Account/{auth_id}/`, with the trailing slash every documented path has.
    public var collectionPath: String { "Zentrunk/\(rawValue)/" }
}
