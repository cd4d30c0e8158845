import Knowledge
import Probes
import SIPClient
import SIPCore
import ZentrunkAPI

/// Turns a call's record, its insights and the account's resources into a cause, evidence and a fix, and
/// says which fresh probes would confirm it; then reads the probes' results into the final diagnosis.
/// Pure: no I/O, so every hangup code is tested from a table.
public struct DiagnosisPlanner: Sendable {
    public var knowledge: KnowledgeBase
    /// Whether the user gave a SIP password to test an outbound trunk's credential with.
    public var credentialsGiven: Bool

    public init(knowledge: KnowledgeBase = .shared, credentialsGiven: Bool = false) {
        self.knowledge = knowledge
        self.credentialsGiven = credentialsGiven
    }

    /// Insights at or below this quality score (1–5) count as poor, as Plivo's own bands do (2–3 fair, 1–2 poor).
    static let poorQualityScore = 3.0
    /// Packet loss above this percentage is audible.
    static let poorPacketLoss = 3.0

    // MARK: Plan

    public func plan(_ context: CallContext) -> DiagnosisPlan {
        var evidence = recordEvidence(context)
        let code = context.hangupCode
        let entry = code.flatMap { knowledge.hangupCode($0) }
        var cause = entry?.cause ?? .unknown
        if cause == .normal, poorQuality(context.insights) { cause = .poorQuality }
        var probes: [PlannedProbe] = []
        var notPlanned: [String] = []
        var fix = entry.map { "check " + $0.checks.joined(separator: "; ") } ?? ""
        let summary: String
        let trunkRef = context.trunk.map { "trunk \($0.trunkID)" } ?? context.trunkID.map { "trunk \($0)" } ?? "the trunk"

        switch cause {
        case .normal:
            summary = "the call ended normally (\(code.map(String.init) ?? "?")); nothing failed"
            fix = "nothing to change"
        case .poorQuality:
            summary = "the call ended normally but its media quality was poor"
            fix = "check the network between the platform and Plivo's media servers: loss and jitter point at congestion or a "
                + "NAT/firewall path for UDP 10000-30000; prefer a region close to the platform"
        case .mediaTimeout:
            summary = "the call was answered but no media (RTP) arrived, so Zentrunk hung up"
            fix = "open UDP 10000-30000 to and from Plivo's media servers, and make sure the SDP's c= address is the platform's "
                + "public address (NAT): signalling works, media does not"
            if let uri = context.primaryURI?.uri {
                probes.append(PlannedProbe(.options(target: uri), purpose: "the primary origination URI, for NAT facts (Via received/rport)"))
            }
        case .insufficientCredits:
            summary = "the account ran out of credit"
            fix = "add credit to the Plivo account (console: Billing)"
        case .trunkNotFound:
            summary = "the platform dialled a trunk domain that does not exist on the account"
            if let domain = context.record.trunkDomain { evidence.append(DiagnosisEvidence(source: "record", item: "trunk_domain", value: domain)) }
            fix = "set the platform's outbound SIP address to an existing outbound trunk's trunk_domain (trunkprobe api trunk list)"
        case .destinationNotFound:
            summary = "the platform answered the inbound call with 404: it does not know the number"
            if let uri = context.primaryURI?.uri, let number = context.record.toNumber {
                probes.append(PlannedProbe(.invite(target: uri, number: number), purpose: "the primary origination URI, calling the number"))
            }
            fix = "import \(context.record.toNumber ?? "the number") on the platform and bind it to an agent or dispatch rule"
        case .secureTrunkingMismatch:
            summary = "TLS or SRTP was used on a trunk whose secure flag is off"
            planSecure(context, evidence: &evidence, fix: &fix, probes: &probes)
        case .originationURITimeout:
            summary = "the origination URI did not answer the inbound INVITE in time"
            planInboundTimeout(context, evidence: &evidence, fix: &fix, probes: &probes)
        case .unauthorized:
            summary = "Zentrunk rejected the platform's INVITE as unauthorised"
            planUnauthorized(context, evidence: &evidence, fix: &fix, probes: &probes, notPlanned: &notPlanned)
        case .unknownCallerID:
            summary = "the caller ID is not a number of this Plivo account"
            if let from = context.record.fromNumber { evidence.append(DiagnosisEvidence(source: "record", item: "from_number", value: from)) }
            fix = "send a Plivo number of this account as the caller ID (From), in +E.164"
        case .noPrimaryURI:
            summary = "\(trunkRef) has no primary origination URI, so the inbound call had nowhere to go"
            if let trunk = context.trunk {
                evidence.append(DiagnosisEvidence(source: "account", item: "trunk \(trunk.trunkID) primary_uri_uuid",
                                                  value: trunk.primaryURIUUID ?? "none"))
            }
            fix = "create an origination URI and set it: trunkprobe api trunk update \(context.trunkID ?? "TRUNK_ID") --primary-uri URI_UUID"
        case .uriUnresolvable:
            summary = "the origination URI's host name does not resolve"
            for (label, uri) in [("primary", context.primaryURI), ("fallback", context.fallbackURI)] {
                if let target = uri?.uri {
                    probes.append(PlannedProbe(.options(target: target), purpose: "the \(label) origination URI, for its RFC 3263 chain"))
                }
            }
            fix = "fix the origination URI's host name or its DNS records (NAPTR, SRV, A/AAAA): trunkprobe api uri update "
                + "\(context.primaryURI?.uriUUID ?? "URI_UUID") --uri HOST"
        case .geoPermissions:
            summary = "the destination country is not enabled for this account"
            if let to = context.record.raw["to_country"]?.stringValue { evidence.append(DiagnosisEvidence(source: "record", item: "to_country", value: to)) }
            fix = "enable the destination country in the account's geo permissions (console: Voice > Geo Permissions)"
        case .anchoringTerms:
            summary = "a domestic India call did not meet the media-anchoring terms"
            fix = "set up India media anchoring for the account, or route the call elsewhere"
        case .cpsLimit:
            summary = "the calls-per-second limit was exceeded; Zentrunk rejects such calls"
            fix = "spread the platform's call attempts out, or ask Plivo to raise the CPS limit"
        case .concurrencyLimit:
            summary = "the account's concurrent call limit was reached"
            fix = "wait for calls to end, or ask Plivo to raise the concurrent call limit"
        case .unknown:
            summary = "hangup code \(code.map(String.init) ?? "none") is not one trunkprobe knows"
            fix = "look the code up in Zentrunk's hangup-code table; the record and probes below are what trunkprobe can show"
            if context.record.callDirection == "inbound", let uri = context.primaryURI?.uri {
                probes.append(PlannedProbe(.options(target: uri), purpose: "the primary origination URI"))
            }
        }
        if let entry { evidence.insert(DiagnosisEvidence(source: "knowledge", item: "hangup code \(entry.code)", value: entry.name,
                                                          note: entry.meaning), at: 0) }
        return DiagnosisPlan(cause: cause, summary: summary, evidence: evidence, fix: fix, probes: probes,
                             probesNotPlanned: notPlanned)
    }

    // MARK: Conclude

    /// Reads what the probes found into the plan's evidence and fix.
    public func conclude(_ plan: DiagnosisPlan, context: CallContext, outcomes: [(PlannedProbe, ProbeOutcome)]) -> CallDiagnosis {
        var evidence = plan.evidence
        var fix = plan.fix
        var reports: [ProbeReport] = []
        var notRun = plan.probesNotPlanned
        var anyProbeFailed = false
        for (probe, outcome) in outcomes {
            switch outcome {
            case .notRun(let why):
                notRun.append("\(probe.summary): \(why)")
            case .report(let report):
                reports.append(report)
                evidence.append(probeEvidence(probe, report))
                if report.status != .ok { anyProbeFailed = true }
            case .failover(let failover):
                reports += outcome.reports
                evidence.append(DiagnosisEvidence(source: "probe", item: probe.summary, value: failover.verdict.rawValue,
                                                  note: failover.explanation))
                if failover.status != .ok { anyProbeFailed = true }
            }
        }
        refineFix(plan.cause, outcomes: outcomes, context: context, fix: &fix)
        let exit: Int32
        switch plan.cause {
        case .normal: exit = anyProbeFailed ? 1 : 0
        case .poorQuality: exit = 1
        default: exit = 2
        }
        return CallDiagnosis(
            callUUID: context.record.callUUID ?? "", hangupCode: context.hangupCode,
            hangupCause: context.record.hangupCauseName ?? context.record.raw["hangup_cause"]?.stringValue,
            hangupSource: context.record.raw["hangup_source"]?.stringValue ?? context.record.raw["hangup_initiator"]?.stringValue,
            direction: context.record.callDirection, cause: plan.cause, summary: plan.summary, evidence: evidence, fix: fix,
            probes: reports, probesNotRun: notRun, exitCode: exit)
    }

    // MARK: Per cause

    private func planSecure(_ context: CallContext, evidence: inout [DiagnosisEvidence], fix: inout String, probes: inout [PlannedProbe]) {
        let secure = context.trunk?.secure ?? false
        if let trunk = context.trunk {
            evidence.append(DiagnosisEvidence(source: "account", item: "trunk \(trunk.trunkID) secure", value: String(secure)))
        }
        if let transport = context.record.raw["transport_protocol"]?.stringValue {
            evidence.append(DiagnosisEvidence(source: "record", item: "transport_protocol", value: transport))
        }
        if let srtp = context.record.raw["srtp"] { evidence.append(DiagnosisEvidence(source: "record", item: "srtp", value: srtp.compactJSON())) }
        var tlsURIs: [OriginationURI] = []
        for uri in [context.primaryURI, context.fallbackURI].compactMap({ $0 }) {
            let tls = Self.usesTLS(uri.uri)
            evidence.append(DiagnosisEvidence(source: "account", item: "origination URI \(uri.uriUUID)", value: uri.uri ?? "",
                                              note: tls ? "TLS" : "not TLS"))
            if tls { tlsURIs.append(uri) }
            if let target = uri.uri { probes.append(PlannedProbe(.options(target: target), purpose: "origination URI \(uri.uriUUID) over its transport")) }
        }
        let id = context.trunkID ?? "TRUNK_ID"
        if !secure {
            fix = "either turn secure trunking on (trunkprobe api trunk update \(id) --secure) so TLS and SRTP are allowed, or turn "
                + "TLS and media encryption off on the platform side"
                + (tlsURIs.isEmpty ? "" : " and drop ;transport=tls from \(tlsURIs.map(\.uriUUID).joined(separator: ", "))")
        } else {
            fix = "the trunk is secure now: make the origination URIs TLS (;transport=tls, port 5061) and turn on the platform's "
                + "media encryption, so both sides agree"
        }
    }

    private func planInboundTimeout(_ context: CallContext, evidence: inout [DiagnosisEvidence], fix: inout String,
                                    probes: inout [PlannedProbe]) {
        guard let primary = context.primaryURI?.uri else {
            fix = "the trunk's origination URIs could not be read; run trunkprobe doctor"
            return
        }
        let fallback = context.fallbackURI?.uri
        evidence.append(DiagnosisEvidence(source: "account", item: "primary origination URI", value: primary))
        evidence.append(DiagnosisEvidence(source: "account", item: "fallback origination URI", value: fallback ?? "none",
                                          note: fallback == nil ? "no fallback: nothing takes over when the primary does not answer" : nil))
        probes.append(PlannedProbe(.failover(primary: primary, fallback: fallback), purpose: "the trunk's primary and fallback URIs"))
        if let number = context.record.toNumber {
            probes.append(PlannedProbe(.invite(target: primary, number: number), purpose: "the primary URI, calling the number"))
            if let fallback { probes.append(PlannedProbe(.invite(target: fallback, number: number), purpose: "the fallback URI, calling the number")) }
        }
        fix = "make the primary origination URI answer INVITEs from Plivo (its transport, port and firewall)"
            + (fallback == nil ? ", and add a fallback URI: trunkprobe api trunk update \(context.trunkID ?? "TRUNK_ID") --fallback-uri URI_UUID" : "")
    }

    private func planUnauthorized(_ context: CallContext, evidence: inout [DiagnosisEvidence], fix: inout String,
                                  probes: inout [PlannedProbe], notPlanned: inout [String]) {
        var fixes: [String] = []
        if let credential = context.credential {
            evidence.append(DiagnosisEvidence(source: "account", item: "credential \(credential.credentialUUID) username",
                                              value: credential.username ?? "?"))
            if credentialsGiven, let domain = context.trunk?.trunkDomain ?? context.record.trunkDomain, let to = context.record.toNumber {
                probes.append(PlannedProbe(.invite(target: domain, number: to), purpose: "the trunk domain with the given credential"))
            } else {
                notPlanned.append("INVITE to the trunk domain with the platform's credential: give --username and --password-env to run it")
            }
            fixes.append("set the platform's SIP username and password to credential \(credential.credentialUUID)'s "
                         + "(or reset it: trunkprobe api credential update \(credential.credentialUUID) --password-env VAR)")
        }
        if let acl = context.ipACL {
            evidence.append(DiagnosisEvidence(source: "account", item: "IP ACL \(acl.ipaclUUID)", value: acl.ipAddresses.joined(separator: ", ")))
            if let source = context.sourceAddress {
                let inside = acl.ipAddresses.contains { (CIDRRange(parsing: $0) ?? CIDRRange(parsing: $0 + (source.contains(":") ? "/128" : "/32")))?.contains(source) ?? false }
                evidence.append(DiagnosisEvidence(source: "record", item: "source address Zentrunk saw", value: source,
                                                  note: inside ? "inside the IP ACL" : "NOT in the IP ACL"))
                if !inside {
                    fixes.insert("add \(source) to IP ACL \(acl.ipaclUUID): trunkprobe api ipacl update \(acl.ipaclUUID) "
                                 + (acl.ipAddresses + [source]).map { "--ip \($0)" }.joined(separator: " "), at: 0)
                }
            } else {
                fixes.append("make sure every address the platform sends from is in IP ACL \(acl.ipaclUUID)")
            }
        }
        if context.credential == nil && context.ipACL == nil {
            evidence.append(DiagnosisEvidence(source: "account", item: "\(context.trunkID.map { "trunk \($0)" } ?? "trunk") authentication",
                                              value: "none readable", note: "neither a credential nor an IP ACL could be read"))
            fixes.append("give the outbound trunk a credential or an IP ACL that matches the platform")
        }
        fix = fixes.joined(separator: "; ")
    }

    private func refineFix(_ cause: DiagnosisCause, outcomes: [(PlannedProbe, ProbeOutcome)], context: CallContext, fix: inout String) {
        switch cause {
        case .originationURITimeout:
            for (probe, outcome) in outcomes {
                guard case .failover(let f) = outcome, case .failover = probe.kind else { continue }
                if f.primary.status == .ok {
                    fix = "the primary URI answers now: the timeout was transient, or the platform answers trunkprobe but not Plivo "
                        + "(a firewall allowing only some sources, or a platform that drops INVITEs from unlisted addresses); " + fix
                } else if let transport = Self.platformTransportHint(f.primary) {
                    fix = transport + "; " + fix
                }
            }
        case .unauthorized:
            for (_, outcome) in outcomes {
                guard case .report(let r) = outcome else { continue }
                if r.verdict == .authOK {
                    fix = "the given credential is accepted now: the platform sends a different one, or its source address was the problem; " + fix
                } else if r.verdict == .authRejected {
                    fix = "the given credential is rejected too: " + fix
                }
            }
        case .uriUnresolvable:
            let resolvesNow = outcomes.contains { if case .report(let r) = $0.1 { return r.verdict != .dnsFailed } else { return false } }
            if resolvesNow { fix = "the URI resolves now (a DNS change may have fixed it, or the failure was transient); " + fix }
        default: break
        }
    }

    // MARK: Helpers

    private func recordEvidence(_ context: CallContext) -> [DiagnosisEvidence] {
        var out: [DiagnosisEvidence] = []
        let record = context.record
        for key in ["hangup_cause_code", "hangup_cause_name", "hangup_source", "call_direction", "trunk_domain", "from_number",
                    "to_number", "transport_protocol"] {
            if let value = record.raw[key], value != .null {
                out.append(DiagnosisEvidence(source: "record", item: key, value: value.stringValue ?? value.compactJSON()))
            }
        }
        if let insights = context.insights {
            for (key, value) in [("rtt", insights.rtt), ("jitter", insights.jitter), ("packet_loss", insights.packetLoss),
                                 ("plivo_quality_score", insights.qualityScore)] {
                if let value { out.append(DiagnosisEvidence(source: "insights", item: key, value: value)) }
            }
        }
        for problem in context.readProblems { out.append(DiagnosisEvidence(source: "account", item: "read", value: problem)) }
        return out
    }

    private func probeEvidence(_ probe: PlannedProbe, _ report: ProbeReport) -> DiagnosisEvidence {
        var value = report.verdict.rawValue
        if let code = report.statusCode { value += " (\(code) \(report.reason ?? ""))".replacingOccurrences(of: " )", with: ")") }
        return DiagnosisEvidence(source: "probe", item: probe.summary, value: value, note: report.explanation)
    }

    private func poorQuality(_ insights: CallInsights?) -> Bool {
        guard let insights else { return false }
        if let score = insights.qualityScore.flatMap(Double.init), score <= Self.poorQualityScore { return true }
        if let loss = insights.packetLoss.flatMap(Double.init), loss > Self.poorPacketLoss { return true }
        return false
    }

    /// Whether an origination URI string asks for TLS (`sips:` or `;transport=tls`).
    static func usesTLS(_ uri: String?) -> Bool {
        guard let uri = uri?.lowercased() else { return false }
        return uri.hasPrefix("sips:") || uri.contains("transport=tls")
    }

    /// A primary URI refused or timing out over UDP often means the platform listens on TCP/TLS only.
    static func platformTransportHint(_ report: ProbeReport) -> String? {
        guard report.transport == .udp, [.timeout, .refused].contains(report.verdict) else { return nil }
        return "the URI is tried over UDP; LiveKit, Retell and ElevenLabs listen on TCP or TLS only: add ;transport=tcp"
    }
}
