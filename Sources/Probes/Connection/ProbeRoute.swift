import Foundation
import NIOCore
import SIPClient
import SIPCore

/// How a probe hands its target to the `SIPEndpoint` and turns what the endpoint did (location, each
/// server tried) into reports: the part OPTIONS and INVITE probes share.
struct ProbeRoute {
    let settings: ProbeSettings
    let check: String
    /// The Request-URI the probe sends, for reports before any server is reached.
    let requestURI: String

    /// The RFC 3263 location request for the target.
    var locationRequest: ServerLocationRequest {
        let target = settings.target
        return ServerLocationRequest(
            scheme: target.uri.scheme == .sips ? .sips : .sip, host: target.host, port: target.uri.port,
            transport: target.transportIsExplicit ? target.transport : nil)
    }

    /// Binding and TLS for every flow of this probe.
    var flowOptions: FlowOptions {
        let tls = settings.tls ?? TLSClientSettings()
        let domain = settings.target.host
        return FlowOptions(bindHost: settings.bindHost, bindPort: settings.bindPort, tls: tls.configuration,
                           tlsServerName: { tls.expectedName(domain: domain, target: $0) })
    }

    var timeout: TimeAmount { TimeAmount(settings.timeout) }

    /// The target as one located server sees it: its transport and port.
    func target(for server: ResolvedTarget) -> ProbeTarget {
        var t = settings.target
        t.transport = server.transport
        t.port = server.port
        return t
    }

    /// A report with nothing known yet: the start of every attempt.
    func blank(transport: SIPTransportKind, remoteAddress: String?, requestURI: String? = nil) -> ProbeReport {
        ProbeReport.blank(check: check, target: settings.target.input, requestURI: requestURI ?? self.requestURI,
                          transport: transport, remoteAddress: remoteAddress)
    }

    /// The concluded report for a server that could not be reached, or a location that failed. A stall
    /// before any request was sent is worded as such: the explanation names the stage.
    func unreachable(_ failure: EndpointFailure, transport: SIPTransportKind,
                     conclude: (ProbeReport, Verdict, String?) -> ProbeReport) -> ProbeReport {
        var report = blank(transport: transport, remoteAddress: failure.remoteAddress)
        report.tls = failure.tls
        report.tlsFailure = failure.tlsFailure
        report.stalledStage = failure.stalledStage
        var concluded = conclude(report, StatusKnowledge.transport(failure.outcome, over: transport).verdict, failure.detail)
        if let stage = failure.stalledStage, stage != .transaction {
            // "Stalled", not "the deadline passed": a DNS server that answers no query at all also ends location
            // once every query has used its retries, which can be before a long --timeout.
            concluded.explanation = "stalled in \(stage.rawValue) before any request was sent: \(failure.detail)"
            switch stage {
            case .dns: concluded.hint = "check --dns-server (or the system resolver) answers; probe an address to rule DNS out"
            case .tlsHandshake:
                concluded.hint = "check the transport and port: TLS is usually on 5061, and a plain SIP port (5060) never answers a TLS handshake"
            default: break
            }
        }
        return concluded
    }

    /// Whether the endpoint moves on to the next server after this report (RFC 3263 §4.3).
    static func failsOver(_ report: ProbeReport) -> Bool {
        // An interrupted probe (task cancelled on SIGINT/SIGTERM) ends here rather than trying the next server.
        !Task.isCancelled && StatusKnowledge.failsOver(verdict: report.verdict, statusCode: report.statusCode,
                                                       inviteProceeding: report.check == "invite" && report.receivedProvisional)
    }

    /// Sends through `endpoint` with RFC 3263 fail-over (§4.3, `StatusKnowledge`) and returns the one combined
    /// report: what `run()` of every probe does, given its exchange on a flow and how it concludes a report.
    func send(through endpoint: SIPEndpoint, exchange: (EndpointFlow) async -> ProbeReport,
              conclude: (ProbeReport, Verdict, String?) -> ProbeReport) async -> ProbeReport {
        let outcome = await endpoint.send(
            to: locationRequest, settings: settings.resolution, options: flowOptions, timeout: timeout,
            exchange: exchange,
            failed: { server, failure in unreachable(failure, transport: server.transport, conclude: conclude) },
            failOver: Self.failsOver)
        return combined(outcome, conclude: conclude).interruptedIfCancelled()
    }

    /// `--each-server`: every server the resolution yields, each with its own report and deadline, whatever
    /// the others answered; a failed location gives one report.
    func sendEachServer(through endpoint: SIPEndpoint, exchange: (EndpointFlow) async -> ProbeReport,
                        conclude: (ProbeReport, Verdict, String?) -> ProbeReport) async -> [ProbeReport] {
        let outcome = await endpoint.sendEachServer(
            to: locationRequest, settings: settings.resolution, options: flowOptions, timeout: timeout,
            exchange: exchange,
            failed: { server, failure in unreachable(failure, transport: server.transport, conclude: conclude) })
        if outcome.locationFailure != nil { return [combined(outcome, conclude: conclude)] }
        return reports(outcome).map { $0.interruptedIfCancelled() }
    }

    /// One report per server tried, each with the location facts (`--each-server`, and the input of `combined`).
    func reports(_ outcome: EndpointOutcome<ProbeReport>) -> [ProbeReport] {
        let dnsMs: Double? = locationRequest.hostIsNumeric ? nil : outcome.locationTime.milliseconds
        return outcome.attempts.map { attempt in
            var report = attempt.value
            report.dnsMs = dnsMs
            report.resolution = attempt.server.chain.map {
                ProbeReport.ResolutionLine(type: $0.type.rawValue, name: $0.name, value: $0.value, ttl: $0.ttl)
            }
            return report
        }
    }

    /// The one report of a probe with RFC 3263 fail-over: the last server's, listing every server tried.
    /// An answer that came only after failing over from the first server is WARNING, never OK: a dead
    /// primary must not look healthy, and the explanation says which server failed and why.
    func combined(_ outcome: EndpointOutcome<ProbeReport>, conclude: (ProbeReport, Verdict, String?) -> ProbeReport) -> ProbeReport {
        if let failure = outcome.locationFailure {
            var report = unreachable(failure, transport: settings.target.transport, conclude: conclude)
            report.dnsMs = outcome.locationTime.milliseconds
            return report
        }
        let each = reports(outcome)
        guard var last = each.last else {
            return conclude(blank(transport: settings.target.transport, remoteAddress: nil), .transportError, "no server was located")
        }
        last.attempts = zip(outcome.attempts, each).map { attempt, report in
            ProbeReport.Attempt(remoteAddress: report.remoteAddress ?? attempt.server.description, transport: attempt.server.transport,
                                verdict: report.verdict, statusCode: report.statusCode)
        }
        let failed = each.dropLast()
        if !failed.isEmpty, last.status == .ok {
            last.status = .warning
            let why = failed.map { r in
                "\(r.remoteAddress ?? "?") (\(r.transport)) failed with \(r.verdict.rawValue)"
                    + (r.statusCode.map { " \($0)" } ?? "") + (r.stalledStage.map { " in \($0.rawValue)" } ?? "")
            }
            last.explanation += "; but only after RFC 3263 fail-over: " + why.joined(separator: ", ")
            last.hint = "fix the server(s) that failed (probe each with --each-server); callers hitting them first wait for the fail-over"
        }
        return last
    }
}
