import Provisioning

/// `provision` and `teardown` for a person. Each step's line is printed as it happens (`ProvisionStep`'s
/// description); these are the closing lines once the run is over.
public enum ProvisionTextRenderer {
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
