/// A documented path under `/v1/Account/{auth_id}/`, as the sandbox's router matched it: the resource and the ids
/// the path carries. `SandboxState` answers each by method (405 where the API has no such method).
public enum SandboxEndpoint: Sendable, Equatable {
    /// `Zentrunk/Credential/` and `Zentrunk/Credential/{id}/`.
    case credential(id: String?)
    /// `Zentrunk/IPAccessControlList/` and `…/{id}/`.
    case ipAccessControlList(id: String?)
    /// `Zentrunk/URI/` and `…/{id}/`.
    case uri(id: String?)
    /// `Zentrunk/Trunk/` and `…/{id}/`.
    case trunk(id: String?)
    /// `Zentrunk/Call/` and `Zentrunk/Call/{call_uuid}/`.
    case call(id: String?)
    /// `Zentrunk/Call/{call_uuid}/Insights/`.
    case callInsights(id: String)
    /// `Number/`.
    case numbers
    /// `Number/{number}/`.
    case number(String)
}
