/// A phone number of the account and where it routes (docs/api.md): a Zentrunk trunk when its
/// `application` is a `…/Zentrunk/Trunk/{id}/` path.
public struct PhoneNumber: Sendable, Equatable {
    public var number: String
    /// The trunk it routes to, or nil when it routes elsewhere (an application) or nowhere.
    public var trunkID: String?

    public init(number: String, trunkID: String?) {
        self.number = number
        self.trunkID = trunkID
    }

    /// Reads `app_id` or the trunk id inside an `application` path.
    init?(json: JSONValue) {
        guard let number = json["number"]?.stringValue, !number.isEmpty else { return nil }
        self.number = number
        trunkID = Self.trunkID(application: json["application"]?.stringValue) ?? json["app_id"]?.stringValue
    }

    static func trunkID(application: String?) -> String? {
        guard let application, let range = application.range(of: "/Zentrunk/Trunk/") else { return nil }
        let id = application[range.upperBound...].split(separator: "/").first.map(String.init)
        return id?.isEmpty == false ? id : nil
    }
}
