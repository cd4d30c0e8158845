import Provisioning

/// `provision` and `teardown` for a person: a line per step as it happens, then the closing lines.
public enum ProvisionTextRenderer {
    /// `credential lk-cred: created (id) - detail`; in a dry run the request that would be sent follows,
    /// its secrets already redacted by the provisioner.
    public static func step(_ step: ProvisionStep) -> String {
        let verb: String = switch (step.action, step.executed) {
        case (.create, true): "created"
        case (.update, true): "updated"
        case (.route, true): "routed"
        case (.delete, true): "deleted"
        case (.create, false): "would create"
        case (.update, false): "would update"
        case (.route, false): "would route"
        case (.delete, false): "would delete"
        case (.unchanged, _): "unchanged"
        case (.absent, _): "absent"
        }
        var text = "\(step.kind) \(step.name): \(verb)"
        if let id = step.id { text += " (\(id))" }
        if let detail = step.detail { text += " - \(detail)" }
        if !step.executed, let request = step.request { text += "\n    \(request)" }
        return text
    }

    /// `provision`: one line per trunk with the ids a later command needs, then the write count.
    public static func provisioned(_ report: ProvisionReport) -> String {
        var lines = report.trunks.map { trunk in
            "trunk \(trunk.name): trunk_id \(trunk.id)  trunk_domain \(trunk.domain)  (\(trunk.direction))"
        }
        lines.append(report.summary)
        return lines.joined(separator: "\n")
    }

    /// `teardown`: how many resources were (or would be) deleted.
    public static func tornDown(_ report: ProvisionReport) -> String {
        let deletes = report.writes
        if deletes == 0 { return "nothing to delete: none of the plan's resources exist" }
        return "\(report.dryRun ? "would delete" : "deleted") \(deletes) resource\(deletes == 1 ? "" : "s")"
    }
}
