import ZentrunkAPI

extension Provisioner {
    /// Deletes what the plan names, in dependency order: trunks first (which also detaches their numbers), then
    /// URIs, credentials and IP ACLs. Deleting a URI first would cascade-delete its trunks on the live API, and a
    /// credential or ACL still in use would leave a trunk that cannot authenticate. Missing resources are reported
    /// as absent, so a re-run after a failure finishes the job.
    public func teardown(_ plan: ProvisioningPlan, dryRun: Bool = false,
                         observe: @Sendable (ProvisionStep) -> Void = { _ in }) async throws -> ProvisionReport {
        let inventory: Inventory
        do {
            inventory = try await Inventory.read(client)
        } catch {
            throw ProvisionFailure(completed: [], failedStep: "reading the account's current resources", underlying: error, notAttempted: [])
        }
        var work: [(kind: String, name: String, resource: ZentrunkResource, id: () throws -> String?)] = []
        for trunk in plan.trunks {
            work.append(("trunk", trunk.name, .trunk, { try Self.unique(inventory.trunks, named: trunk.name, kind: "trunk") { $0.name }?.trunkID }))
        }
        for uri in plan.uris {
            work.append(("uri", uri.name, .uri, { try Self.unique(inventory.uris, named: uri.name, kind: "uri") { $0.name }?.uriUUID }))
        }
        for credential in plan.credentials {
            work.append(("credential", credential.name, .credential, {
                try Self.unique(inventory.credentials, named: credential.name, kind: "credential") { $0.name }?.credentialUUID
            }))
        }
        for acl in plan.ipACLs {
            work.append(("ip_acl", acl.name, .ipAccessControlList, {
                try Self.unique(inventory.acls, named: acl.name, kind: "ip_acl") { $0.name }?.ipaclUUID
            }))
        }
        var steps: [ProvisionStep] = []
        for (index, item) in work.enumerated() {
            do {
                var step = ProvisionStep(kind: item.kind, name: item.name, action: .absent, id: nil, detail: nil,
                                         request: nil, executed: !dryRun)
                if let id = try item.id() {
                    step.id = id
                    step.action = .delete
                    let request = ZentrunkRequest.delete(item.resource, id: id)
                    step.request = request.redactedDescription
                    if !dryRun {
                        do {
                            _ = try await client.send(request)
                        } catch let error as ZentrunkError where error.code == .notFound {
                            step.action = .absent  // gone already (e.g. a URI delete cascaded to it)
                        }
                    }
                }
                steps.append(step)
                observe(step)
            } catch {
                throw ProvisionFailure(completed: steps, failedStep: "\(item.kind) \(item.name) (delete)", underlying: error,
                                       notAttempted: work.dropFirst(index + 1).map { "\($0.kind) \($0.name)" })
            }
        }
        return ProvisionReport(steps: steps, trunks: [], dryRun: dryRun)
    }
}
