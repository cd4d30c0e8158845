import Foundation
import Logging
import Probes
import Provisioning
import SIPClient
import SIPCore
import ZentrunkAPI

/// `trunkprobe smoke PLAN`: where the API, plans and probes meet.
///
/// Provisions the plan (or, `existing`, only reads the account), derives checks from the trunks that exist —
/// each outbound trunk: an INVITE to its `trunk_domain` with the plan's credential, expected `auth_ok` (or, for
/// an ACL-only trunk, admitted without a challenge); each inbound trunk: its primary and fallback origination URIs
/// probed together, expected `healthy`, plus an INVITE to each when the platform's OPTIONS proves nothing — runs
/// them, and deletes what this run created unless `keep`.
public struct SmokeWorkflow: Sendable {
    public struct Options: Sendable {
        /// Only read the account; the credential's password comes from the plan's reference.
        public var existing = false
        /// Leave what this run created.
        public var keep = false
        /// The number outbound INVITEs call (the Request-URI user).
        public var number: String
        /// Timeout, bind address, From, User-Agent, TLS and resolution for every probe; its target is replaced.
        public var probe: ProbeSettings
        public var environment: [String: String]
        public var planDirectory: String?

        public init(number: String, probe: ProbeSettings, existing: Bool = false, keep: Bool = false,
                    environment: [String: String] = ProcessInfo.processInfo.environment, planDirectory: String? = nil) {
            self.number = number
            self.probe = probe
            self.existing = existing
            self.keep = keep
            self.environment = environment
            self.planDirectory = planDirectory
        }
    }

    let client: ZentrunkClient
    let logger: Logger

    public init(client: ZentrunkClient, logger: Logger = Logger(label: "trunkprobe.smoke")) {
        self.client = client
        self.logger = logger
    }

    /// Runs the whole flow. Throws `ProvisionFailure` when provisioning fails (after deleting what it had created,
    /// unless `keep`), a `ZentrunkError` when the account cannot be read, a `ZentrunkInputError` for an unreadable
    /// secret reference.
    public func run(_ plan: ProvisioningPlan, planName: String, options: Options) async throws -> SmokeReport {
        var report = SmokeReport(plan: planName, platform: plan.platform.flatMap(SmokePlatform.init(rawValue:)),
                                 mode: options.existing ? .existing : .provisioned)
        let provisioner = Provisioner(client: client, logger: logger)
        if options.existing {
            // Read before probing: an unset variable is the user's mistake, not the trunk's.
            for (_, reference) in plan.secretReferences {
                _ = try reference.resolve(environment: options.environment, relativeTo: options.planDirectory)
            }
        } else {
            let provisionOptions = Provisioner.Options(environment: options.environment, planDirectory: options.planDirectory)
            do {
                report.provisioned = try await provisioner.apply(plan, options: provisionOptions).steps
            } catch let failure as ProvisionFailure {
                if !options.keep {
                    let created = Self.created(by: failure.completed, in: plan)
                    // Its own task: an interrupted run (SIGINT) still deletes what it created.
                    _ = try? await Task { try await provisioner.teardown(created) }.value
                }
                throw failure
            }
        }
        report.checks = try await checks(plan, options: options, platform: report.platform)
        if options.existing { return report }
        if options.keep {
            report.kept = true
        } else {
            do {
                let created = Self.created(by: report.provisioned, in: plan)
                // Its own task: an interrupted run (SIGINT) still deletes what it created.
                report.tornDown = try await Task { try await provisioner.teardown(created) }.value.steps
            } catch {
                report.problems.append("teardown failed: \(error)")
            }
        }
        return report
    }

    /// The expectation of an INVITE to a LiveKit origination URI, as reports name it.
    static let rangOrAnswered = "rang or answered"

    /// True when the INVITE reached a callee: answered (2xx), or rang and was cancelled by the probe (487; a CANCEL
    /// is only sent after a provisional response, RFC 3261 §9.1).
    static func rangOrAnswered(_ report: ProbeReport) -> Bool {
        guard report.status == .ok, let code = report.statusCode else { return false }
        return (200..<300).contains(code) || code == 487
    }

    /// The part of `plan` that `steps` created: what a run must delete to leave the account as it found it.
    static func created(by steps: [ProvisionStep], in plan: ProvisioningPlan) -> ProvisioningPlan {
        func made(_ kind: String, _ name: String) -> Bool {
            steps.contains { $0.kind == kind && $0.name == name && $0.action == .create && $0.executed }
        }
        return ProvisioningPlan(credentials: plan.credentials.filter { made("credential", $0.name) },
                                ipACLs: plan.ipACLs.filter { made("ip_acl", $0.name) },
                                uris: plan.uris.filter { made("uri", $0.name) },
                                trunks: plan.trunks.filter { made("trunk", $0.name) })
    }

    /// Derives the checks from what is on the account now and runs them, one trunk after another.
    func checks(_ plan: ProvisioningPlan, options: Options, platform: SmokePlatform?) async throws -> [SmokeCheckResult] {
        let trunks = try await client.allTrunks()
        let uris = try await client.allURIs()
        var results: [SmokeCheckResult] = []
        for entry in plan.trunks {
            let matches = trunks.filter { $0.name == entry.name }
            guard matches.count == 1, let trunk = matches.first else {
                let why = matches.isEmpty ? "trunk \(entry.name) is not on the account"
                                          : "\(matches.count) trunks named \(entry.name) on the account"
                results.append(SmokeCheckResult(name: "\(entry.direction) \(entry.name)", check: entry.direction == "outbound" ? "invite" : "failover",
                                                target: "-", expected: entry.direction == "outbound" ? "auth_ok" : "healthy",
                                                detail: .missing(why), passes: { _ in false }))
                continue
            }
            if entry.direction == "outbound" {
                results.append(try await outbound(entry, trunk: trunk, plan: plan, options: options, platform: platform))
            } else {
                results += try await inbound(entry, trunk: trunk, uris: uris, options: options, platform: platform)
            }
        }
        return results
    }

    /// An INVITE to the trunk domain, as the platform would send it: with the plan's credential (password read from
    /// the plan's reference), from the probe's bind address (which the trunk's ACL must admit).
    ///
    /// Vapi (the plan's `platform: vapi`) is admitted by an IP ACL listing Vapi's own addresses, so a smoke run from
    /// anywhere else cannot be admitted: unless the source the edge saw is one the trunk's ACL lists, the check
    /// expects the edge to refuse it (`acl_rejected`), as the Vapi preset of `check` does.
    func outbound(_ entry: ProvisioningPlan.Trunk, trunk: Trunk, plan: ProvisioningPlan, options: Options,
                  platform: SmokePlatform? = nil) async throws -> SmokeCheckResult {
        let domain = trunk.trunkDomain ?? "\(trunk.trunkID).zt.plivo.com"
        var credentials: DigestCredentials?
        if let name = entry.credential, let credential = plan.credentials.first(where: { $0.name == name }) {
            let password = try credential.password.resolve(environment: options.environment, relativeTo: options.planDirectory)
            credentials = DigestCredentials(username: credential.username, password: password.value)
        }
        var settings = options.probe
        settings.target = try ProbeTarget(parsing: domain, transport: nil)
        settings.credentials = credentials
        var configuration = InviteProbe.Configuration(target: settings.target, to: options.number)
        configuration.settings = settings
        let report = await InviteProbe(configuration: configuration, logger: logger).run()
        // With a credential the trunk must challenge and accept it; an ACL-only trunk admits without a challenge.
        var expected: Verdict = credentials != nil ? .authOK : .noChallenge
        if credentials == nil, platform == .vapi, let aclID = trunk.ipaclUUID, !aclID.isEmpty {
            let acl = try await client.getIPAccessControlList(id: aclID)
            let ranges = acl.ipAddresses.compactMap(CIDRRange.init(parsing:))
            // The source the edge judged: what it says it saw (Via received, RFC 3581), else the local address.
            let source = report.nat?.received ?? report.localAddress.flatMap { try? HostPort.split($0).host } ?? options.probe.bindHost
            let inside = source.map { address in ranges.contains { $0.contains(address) } } ?? false
            if !inside { expected = .aclRejected }
        }
        return SmokeCheckResult(name: "outbound \(entry.name)", check: "invite", target: domain, expected: expected.rawValue,
                                detail: .probe(report)) { _ in report.verdict == expected }
    }

    /// The origination URIs: OPTIONS to primary and fallback at once (the fail-over verdict), expected healthy;
    /// with a platform whose OPTIONS proves nothing, an INVITE to each as well, expected to ring or be answered.
    func inbound(_ entry: ProvisioningPlan.Trunk, trunk: Trunk, uris: [OriginationURI], options: Options,
                 platform: SmokePlatform?) async throws -> [SmokeCheckResult] {
        func address(_ id: String?) -> String? {
            guard let id, !id.isEmpty else { return nil }
            return uris.first { $0.uriUUID == id }?.uri
        }
        guard let primary = address(trunk.primaryURIUUID) else {
            return [SmokeCheckResult(name: "inbound \(entry.name)", check: "failover", target: "-", expected: "healthy",
                                     detail: .missing("inbound trunk \(entry.name) has no primary URI"), passes: { _ in false })]
        }
        let fallback = address(trunk.fallbackURIUUID)
        func settings(_ uri: String) throws -> ProbeSettings {
            var s = options.probe
            s.target = try ProbeTarget(parsing: uri, transport: nil)
            s.credentials = nil
            return s
        }
        let failover = await FailoverProbe(primary: try settings(primary), fallback: try fallback.map(settings), logger: logger).run()
        var results = [SmokeCheckResult(name: "inbound \(entry.name)", check: "failover",
                                        target: [primary, fallback ?? "(no fallback)"].joined(separator: " + "), expected: "healthy",
                                        detail: .failover(failover)) { _ in failover.verdict == .healthy }]
        if platform?.inboundNeedsInvite == true {
            for (role, uri) in [("primary", primary), ("fallback", fallback)] {
                guard let uri else { continue }
                var configuration = InviteProbe.Configuration(target: try ProbeTarget(parsing: uri, transport: nil), to: options.number)
                configuration.settings = try settings(uri)
                let report = await InviteProbe(configuration: configuration, logger: logger).run()
                // Rang (180, then 487 after the probe's CANCEL) or answered (2xx): a trunk and a dispatch rule took the
                // call. LiveKit refuses a call nothing matches with 404 and no challenge, which is no_challenge and
                // OK for the probe itself, so the probe's status alone would pass the failure this check is for.
                results.append(SmokeCheckResult(name: "inbound \(entry.name) \(role)", check: "invite", target: uri,
                                                expected: Self.rangOrAnswered, detail: .probe(report), atLeast: .critical) { _ in
                    Self.rangOrAnswered(report)
                })
            }
        }
        return results
    }
}
