import Foundation
import ZentrunkAPI

/// The state of one `Provisioner.apply`: the ordered work list, ids learned so far and the steps done.
struct PlanRun {
    enum Item {
        case credential(ProvisioningPlan.Credential)
        case acl(ProvisioningPlan.IPACL)
        case uri(ProvisioningPlan.URI)
        case trunk(ProvisioningPlan.Trunk)
        case number(ProvisioningPlan.Number)

        var label: String {
            switch self {
            case .credential(let c): "credential \(c.name)"
            case .acl(let a): "ip_acl \(a.name)"
            case .uri(let u): "uri \(u.name)"
            case .trunk(let t): "trunk \(t.name)"
            case .number(let n): "number \(n.number)"
            }
        }
    }

    let options: Provisioner.Options
    let client: ZentrunkClient
    let items: [Item]
    var credentialIDs: [String: String] = [:]
    var aclIDs: [String: String] = [:]
    var uriIDs: [String: String] = [:]
    var trunkIDs: [String: String] = [:]
    var completed: [ProvisionStep] = []
    var trunkSummaries: [ProvisionReport.TrunkSummary] = []

    init(plan: ProvisioningPlan, options: Provisioner.Options, client: ZentrunkClient) {
        self.options = options
        self.client = client
        items = plan.credentials.map(Item.credential) + plan.ipACLs.map(Item.acl) + plan.uris.map(Item.uri)
            + plan.trunks.map(Item.trunk) + plan.numbers.map(Item.number)
    }

    func labels(after index: Int) -> [String] { items.dropFirst(index + 1).map(\.label) }

    /// Placeholder for an id that only exists after a create that a dry run did not make.
    static func placeholder(_ kind: String, _ name: String) -> String { "<id of \(kind) \(name)>" }

    func secret(_ reference: PlanSecretReference) throws -> Secret {
        if options.dryRun {
            // A dry run sends nothing; still say when the reference would fail for real.
            if (try? reference.resolve(environment: options.environment, relativeTo: options.planDirectory)) == nil {
                throw ZentrunkInputError(field: "password", message: "\(reference) cannot be read")
            }
            return Secret("dry-run")
        }
        return try reference.resolve(environment: options.environment, relativeTo: options.planDirectory)
    }

    mutating func execute(_ item: Item, inventory: Provisioner.Inventory) async throws -> ProvisionStep {
        switch item {
        case .credential(let entry): try await credential(entry, inventory)
        case .acl(let entry): try await acl(entry, inventory)
        case .uri(let entry): try await uri(entry, inventory)
        case .trunk(let entry): try await trunk(entry, inventory)
        case .number(let entry): try await number(entry)
        }
    }

    // MARK: Credentials

    private mutating func credential(_ entry: ProvisioningPlan.Credential, _ inventory: Provisioner.Inventory) async throws -> ProvisionStep {
        let existing = try Provisioner.unique(inventory.credentials, named: entry.name, kind: "credential") { $0.name }
        var step = ProvisionStep(kind: "credential", name: entry.name, action: .unchanged, id: existing?.credentialUUID,
                                 detail: nil, request: nil, executed: !options.dryRun)
        guard let existing else {
            let password = try secret(entry.password)
            if !options.dryRun { _ = try ZentrunkValidation.checkPassword(password) }
            let parameters = CredentialParameters(name: entry.name, username: entry.username, password: password)
            step.action = .create
            step.detail = "password from \(entry.password)"
            step.request = ZentrunkRequest.create(.credential, body: parameters.body).redactedDescription
            if options.dryRun {
                credentialIDs[entry.name] = Self.placeholder("credential", entry.name)
            } else {
                let result = try await client.createCredential(parameters)
                guard let id = result.id else { throw ZentrunkError(code: .decoding, message: "credential create returned no credential_uuid") }
                credentialIDs[entry.name] = id
                step.id = id
            }
            return step
        }
        credentialIDs[entry.name] = existing.credentialUUID
        let usernameChanged = existing.username != entry.username
        guard usernameChanged || options.rotatePasswords else {
            step.detail = "password not compared (it cannot be read back; --rotate-passwords rewrites it)"
            return step
        }
        // Every credential update rewrites the password (docs/api.md), so one is always sent.
        let password = try secret(entry.password)
        let parameters = CredentialParameters(username: entry.username, password: password)
        step.action = .update
        step.detail = [usernameChanged ? "username" : nil, "password from \(entry.password)"].compactMap { $0 }.joined(separator: ", ")
        step.request = ZentrunkRequest.update(.credential, id: existing.credentialUUID, body: parameters.body).redactedDescription
        if !options.dryRun { _ = try await client.updateCredential(id: existing.credentialUUID, parameters) }
        return step
    }

    // MARK: IP ACLs

    private mutating func acl(_ entry: ProvisioningPlan.IPACL, _ inventory: Provisioner.Inventory) async throws -> ProvisionStep {
        let existing = try Provisioner.unique(inventory.acls, named: entry.name, kind: "ip_acl") { $0.name }
        var step = ProvisionStep(kind: "ip_acl", name: entry.name, action: .unchanged, id: existing?.ipaclUUID,
                                 detail: nil, request: nil, executed: !options.dryRun)
        guard let existing else {
            let parameters = IPACLParameters(name: entry.name, ipAddresses: entry.ipAddresses)
            step.action = .create
            step.request = ZentrunkRequest.create(.ipAccessControlList, body: parameters.body).redactedDescription
            if options.dryRun {
                aclIDs[entry.name] = Self.placeholder("ip_acl", entry.name)
            } else {
                let result = try await client.createIPAccessControlList(parameters)
                guard let id = result.id else { throw ZentrunkError(code: .decoding, message: "IP ACL create returned no ipacl_uuid") }
                aclIDs[entry.name] = id
                step.id = id
            }
            return step
        }
        aclIDs[entry.name] = existing.ipaclUUID
        guard Set(existing.ipAddresses) != Set(entry.ipAddresses) else { return step }
        // The update replaces the whole list (docs/api.md), so the plan's complete list is sent.
        let parameters = IPACLParameters(ipAddresses: entry.ipAddresses)
        step.action = .update
        step.detail = "ip_addresses"
        step.request = ZentrunkRequest.update(.ipAccessControlList, id: existing.ipaclUUID, body: parameters.body).redactedDescription
        if !options.dryRun { _ = try await client.updateIPAccessControlList(id: existing.ipaclUUID, parameters) }
        return step
    }

    // MARK: URIs

    private mutating func uri(_ entry: ProvisioningPlan.URI, _ inventory: Provisioner.Inventory) async throws -> ProvisionStep {
        let existing = try Provisioner.unique(inventory.uris, named: entry.name, kind: "uri") { $0.name }
        var step = ProvisionStep(kind: "uri", name: entry.name, action: .unchanged, id: existing?.uriUUID,
                                 detail: nil, request: nil, executed: !options.dryRun)
        guard let existing else {
            var parameters = URIParameters(name: entry.name, uri: entry.uri)
            if let auth = entry.authentication {
                parameters.authenticationNeeded = true
                parameters.username = auth.username
                parameters.password = try secret(auth.password)
                step.detail = "password from \(auth.password)"
            }
            step.action = .create
            step.request = ZentrunkRequest.create(.uri, body: parameters.body).redactedDescription
            if options.dryRun {
                uriIDs[entry.name] = Self.placeholder("uri", entry.name)
            } else {
                let result = try await client.createURI(parameters)
                guard let id = result.id else { throw ZentrunkError(code: .decoding, message: "URI create returned no uri_uuid") }
                uriIDs[entry.name] = id
                step.id = id
            }
            return step
        }
        uriIDs[entry.name] = existing.uriUUID
        var parameters = URIParameters()
        var changed: [String] = []
        if existing.uri != entry.uri { parameters.uri = entry.uri; changed.append("uri") }
        if let auth = entry.authentication {
            let authChanged = existing.authenticationNeeded != true || existing.username != auth.username
            if authChanged { changed.append(existing.authenticationNeeded != true ? "authentication_needed" : "username") }
            if authChanged || options.rotatePasswords {
                // A password change must restate authentication_needed and username (docs/api.md).
                parameters.authenticationNeeded = true
                parameters.username = auth.username
                parameters.password = try secret(auth.password)
                changed.append("password from \(auth.password)")
            }
        } else if existing.authenticationNeeded == true {
            parameters.authenticationNeeded = false
            changed.append("authentication_needed")
        }
        guard !changed.isEmpty else {
            if entry.authentication != nil {
                step.detail = "password not compared (it cannot be read back; --rotate-passwords rewrites it)"
            }
            return step
        }
        step.action = .update
        step.detail = changed.joined(separator: ", ")
        step.request = ZentrunkRequest.update(.uri, id: existing.uriUUID, body: parameters.body).redactedDescription
        if !options.dryRun { _ = try await client.updateURI(id: existing.uriUUID, parameters) }
        return step
    }

    // MARK: Trunks

    private mutating func trunk(_ entry: ProvisioningPlan.Trunk, _ inventory: Provisioner.Inventory) async throws -> ProvisionStep {
        let existing = try Provisioner.unique(inventory.trunks, named: entry.name, kind: "trunk") { $0.name }
        var step = ProvisionStep(kind: "trunk", name: entry.name, action: .unchanged, id: existing?.trunkID,
                                 detail: nil, request: nil, executed: !options.dryRun)
        let credential = entry.credential.flatMap { credentialIDs[$0] }
        let acl = entry.ipACL.flatMap { aclIDs[$0] }
        let primary = entry.primaryURI.flatMap { uriIDs[$0] }
        let fallback = entry.fallbackURI.flatMap { uriIDs[$0] }
        guard let existing else {
            let parameters = TrunkParameters(name: entry.name, direction: entry.direction, status: entry.status,
                                             secure: entry.secure, ipaclUUID: acl, credentialUUID: credential,
                                             primaryURIUUID: primary, fallbackURIUUID: fallback)
            step.action = .create
            step.request = ZentrunkRequest.create(.trunk, body: parameters.body).redactedDescription
            if options.dryRun {
                let id = Self.placeholder("trunk", entry.name)
                trunkIDs[entry.name] = id
                trunkSummaries.append(.init(name: entry.name, id: id, domain: "<trunk_id>.zt.plivo.com", direction: entry.direction))
            } else {
                let created = try await client.createTrunk(parameters)
                trunkIDs[entry.name] = created.trunkID
                step.id = created.trunkID
                step.detail = "trunk_domain \(created.trunkDomain)"
                trunkSummaries.append(.init(name: entry.name, id: created.trunkID, domain: created.trunkDomain, direction: entry.direction))
            }
            return step
        }
        trunkIDs[entry.name] = existing.trunkID
        let domain = existing.trunkDomain ?? "\(existing.trunkID).zt.plivo.com"
        trunkSummaries.append(.init(name: entry.name, id: existing.trunkID, domain: domain, direction: entry.direction))
        // Only fields the plan sets are compared; fields it leaves out are left as they are.
        var parameters = TrunkParameters(direction: entry.direction)
        var changed: [String] = []
        if existing.trunkDirection != entry.direction { changed.append("trunk_direction") }
        if let status = entry.status, existing.trunkStatus != status { parameters.status = status; changed.append("trunk_status") }
        if let secure = entry.secure, existing.secure != secure { parameters.secure = secure; changed.append("secure") }
        if let credential, existing.credentialUUID != credential { parameters.credentialUUID = credential; changed.append("credential_uuid") }
        if let acl, existing.ipaclUUID != acl { parameters.ipaclUUID = acl; changed.append("ipacl_uuid") }
        if let primary, existing.primaryURIUUID != primary { parameters.primaryURIUUID = primary; changed.append("primary_uri_uuid") }
        if let fallback, existing.fallbackURIUUID != fallback { parameters.fallbackURIUUID = fallback; changed.append("fallback_uri_uuid") }
        guard !changed.isEmpty else {
            step.detail = "trunk_domain \(domain)"
            return step
        }
        step.action = .update
        step.detail = changed.joined(separator: ", ") + "; trunk_domain \(domain)"
        // trunk_direction is always in the body: the live API requires it on every update (docs/api.md).
        step.request = ZentrunkRequest.update(.trunk, id: existing.trunkID, body: parameters.body).redactedDescription
        if !options.dryRun { _ = try await client.updateTrunk(id: existing.trunkID, parameters) }
        return step
    }

    // MARK: Numbers

    private mutating func number(_ entry: ProvisioningPlan.Number) async throws -> ProvisionStep {
        let trunkID = trunkIDs[entry.trunk] ?? Self.placeholder("trunk", entry.trunk)
        var step = ProvisionStep(kind: "number", name: entry.number, action: .unchanged, id: trunkID,
                                 detail: "trunk \(entry.trunk)", request: nil, executed: !options.dryRun)
        var current: String?
        if !trunkID.hasPrefix("<") {
            do {
                current = try await client.routedTrunk(ofNumber: entry.number)
            } catch let error as ZentrunkError where error.code == .notFound {
                current = nil  // not readable as routed: route it, and let the route call report a real problem
            }
        }
        guard current != trunkID else { return step }
        step.action = .route
        step.request = ZentrunkRequest.routeNumber(entry.number, trunkID: trunkID).redactedDescription
        if !options.dryRun { _ = try await client.routeNumber(entry.number, toTrunk: trunkID) }
        return step
    }
}
