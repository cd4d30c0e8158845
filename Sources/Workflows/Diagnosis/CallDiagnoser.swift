import Logging
import ZentrunkAPI

/// `diagnose CALL_UUID`: reads the call's record and insights and the resources it points at, plans the
/// probes its hangup code calls for, runs them, and concludes.
public struct CallDiagnoser: Sendable {
    public var client: ZentrunkClient
    public var planner: DiagnosisPlanner
    public var runner: PlannedProbeRunner

    public init(client: ZentrunkClient, planner: DiagnosisPlanner, runner: PlannedProbeRunner) {
        self.client = client
        self.planner = planner
        self.runner = runner
    }

    /// Throws only when the call record itself cannot be read; everything else becomes evidence.
    public func diagnose(callUUID: String) async throws -> CallDiagnosis {
        let record = try await client.getCall(id: callUUID)
        let context = await readContext(record)
        let plan = planner.plan(context)
        let outcomes = await runner.run(plan.probes)
        return planner.conclude(plan, context: context, outcomes: outcomes)
    }

    /// The record's insights and account resources; a failed read is noted, not thrown.
    func readContext(_ record: CallRecord) async -> CallContext {
        var context = CallContext(record: record)
        if let id = record.callUUID {
            do { context.insights = try await client.callInsights(id: id) } catch {
                context.readProblems.append("insights: \(error)")
            }
        }
        guard let trunkID = context.trunkID else {
            context.readProblems.append("the record names no trunk")
            return context
        }
        do {
            let trunk = try await client.getTrunk(id: trunkID)
            context.trunk = trunk
            if let id = trunk.primaryURIUUID, !id.isEmpty { context.primaryURI = await read("primary URI \(id)", &context) { try await client.getURI(id: id) } }
            if let id = trunk.fallbackURIUUID, !id.isEmpty { context.fallbackURI = await read("fallback URI \(id)", &context) { try await client.getURI(id: id) } }
            if let id = trunk.credentialUUID, !id.isEmpty { context.credential = await read("credential \(id)", &context) { try await client.getCredential(id: id) } }
            if let id = trunk.ipaclUUID, !id.isEmpty { context.ipACL = await read("IP ACL \(id)", &context) { try await client.getIPAccessControlList(id: id) } }
        } catch {
            context.readProblems.append("trunk \(trunkID): \(error)")
        }
        return context
    }

    private func read<T>(_ what: String, _ context: inout CallContext, _ body: () async throws -> T) async -> T? {
        do { return try await body() } catch {
            context.readProblems.append("\(what): \(error)")
            return nil
        }
    }
}
