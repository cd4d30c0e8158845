extension ZentrunkClient {
    /// Routes `number` (digits, no `+`) to an inbound trunk: `POST Number/{number}/ {"app_id": trunk_id}`
    /// (docs/api.md). Reads the trunk first: routing to an outbound trunk "succeeds" but the number then
    /// silently stops answering.
    public func routeNumber(_ number: String, toTrunk trunkID: String) async throws -> WriteResult {
        try ZentrunkValidation.checkNumber(number, field: "number")
        guard !trunkID.isEmpty else { throw ZentrunkInputError(field: "trunk", message: "must not be empty") }
        let trunk = try await getTrunk(id: trunkID)
        if let direction = trunk.trunkDirection, direction != "inbound" {
            throw ZentrunkInputError(field: "trunk", message: "trunk \(trunkID) is \(direction); only inbound trunks take numbers")
        }
        let json = try await sendJSON(.routeNumber(number, trunkID: trunkID))
        return Self.writeResult(json, idField: "app_id")
    }

    /// The trunk a number is routed to, read from `app_id` or the `application` path `…/Zentrunk/Trunk/{id}/`.
    /// `nil` when the number points elsewhere.
    public func routedTrunk(ofNumber number: String) async throws -> String? {
        try ZentrunkValidation.checkNumber(number, field: "number")
        let json = try await sendJSON(.getNumber(number))
        return PhoneNumber.trunkID(application: json["application"]?.stringValue) ?? json["app_id"]?.stringValue
    }

    /// Every number of the account with its route (`GET Number/`, paged like the Zentrunk lists).
    public func allNumbers() async throws -> [PhoneNumber] {
        try await listAllJSON(path: "Number/").compactMap(PhoneNumber.init(json:))
    }
}
