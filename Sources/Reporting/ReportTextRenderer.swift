import Foundation
import Probes
import SIPClient
import SIPCore

/// Renders results for a person at a terminal: the status line first (what a pager or `head -1` shows),
/// then what was probed and what came back, at most 80 columns.
public enum ReportTextRenderer {
    /// Remote text (Server, reason phrase, Warning, echoed messages) reaches these lines: each is escaped as
    /// a whole, so a peer's escape sequence or line break can neither drive the terminal nor forge a line.
    public static func render(_ r: ProbeReport) -> String {
        TextWrap.wrapAll(lines(r).map { $0.terminalSafe() })
    }

    static func lines(_ r: ProbeReport) -> [String] {
        var lines: [String] = []
        lines.append("\(r.status.label): \(r.check) \(r.verdict.rawValue): \(r.explanation)")
        lines.append("  target      \(r.requestURI) over \(r.transport.viaToken)")
        var addr = "  remote      \(r.remoteAddress ?? "-")"
        if let local = r.localAddress { addr += "  local \(local)" }
        lines.append(addr)
        // The DNS records behind the server that answered (RFC 3263 §4.1/§4.2: NAPTR, SRV, A/AAAA, or a
        // --resolve entry), with their TTLs; empty for a numeric host.
        for step in r.resolution where step.type != "IP" {
            lines.append("  dns         \(step.type) \(step.name) → \(step.value)" + (step.ttl.map { " (ttl \($0))" } ?? ""))
        }
        if let failedOver = failedOverLine(r) { lines.append("  \(failedOver)") }
        var timing: [String] = []
        if let dns = r.dnsMs, dns >= 0.01 { timing.append("dns \(FixedPoint.format(dns, digits: 2)) ms") }
        if let connect = r.connectMs { timing.append("connect \(FixedPoint.format(connect, digits: 2)) ms") }
        let retransmissions = "\(r.retransmissions) retransmission\(r.retransmissions == 1 ? "" : "s")"
        if let code = r.statusCode {
            let rtt = r.rttMs.map { "\(FixedPoint.format($0, digits: 2)) ms" } ?? "-"
            lines.append("  response    \(code) \(r.reason ?? "") in \(rtt), \(retransmissions)")
        } else {
            lines.append("  response    none, \(retransmissions)")
        }
        if !timing.isEmpty { lines.append("  timing      " + timing.joined(separator: ", ")) }
        for key in ["server", "user-agent", "allow", "supported", "warning", "reason", "retry-after"] {
            if let v = r.headers[key] { lines.append("  \(key.padding(toLength: 11, withPad: " ", startingAt: 0)) \(v)") }
        }
        if let tls = r.tls {
            let expected = r.target.split(separator: ";").first.map(String.init)
            for line in TLSTextLines.lines(tls, failure: r.tlsFailure, expectedName: tls.nameMatch?.expectedName ?? expected.map(hostOnly)) {
                lines.append("  tls         \(line)")
            }
        }
        if let nat = r.nat {
            if nat.received == nil && nat.rport == nil {
                lines.append("  nat         the server did not fill Via received/rport")
            } else {
                let seen = "\(nat.received ?? "?"):\(nat.rport.map(String.init) ?? "?")"
                let verdict = nat.natDetected == true ? "NAT detected (differs from the local socket)" : "no NAT seen"
                lines.append("  nat         server saw \(seen): \(verdict)")
            }
        }
        if let auth = r.auth {
            var text = "  auth        "
            if let code = auth.challengedWith { text += "challenged with \(code)" } else { text += "not challenged" }
            if let realm = auth.realm { text += ", realm \(realm)" }
            if let algorithm = auth.algorithm { text += ", \(algorithm)" }
            if let qop = auth.qop { text += " qop=\(qop)" }
            if let user = auth.username {
                text += ", user \(user), \(auth.attemptsWithCredentials) attempt\(auth.attemptsWithCredentials == 1 ? "" : "s") with credentials"
            }
            if auth.staleRetried { text += ", stale nonce retried" }
            lines.append(text)
        }
        if r.check != "options" || r.exchange.count > 2 {
            for line in r.exchange {
                let arrow = line.direction == "sent" ? "→" : "←"
                lines.append("  \(arrow) \(FixedPoint.format(line.atMs, digits: 2, width: 8)) ms  \(line.message)")
            }
        }
        if let asym = r.asymmetricSource { lines.append("  asymmetric  response came from \(asym)") }
        for note in r.ignored.prefix(5) { lines.append("  ignored     \(note)") }
        // The hint whenever there is something to do: always when not OK, and for an OK verdict that is not
        // the whole story (`reachable` without credentials: give them to test them).
        if r.status != .ok || (r.verdict != .ok && r.hint != "nothing to do") { lines.append("  hint: \(r.hint)") }
        return lines
    }

    /// When the answer came from a server other than the first one located (RFC 3263 §4.3: the next SRV or
    /// A/AAAA target is tried after a timeout, a transport error or a 503), one line saying so and what the
    /// servers before it did; nil when the first server answered.
    static func failedOverLine(_ r: ProbeReport) -> String? {
        guard r.attempts.count > 1, let answered = r.attempts.last else { return nil }
        let before = r.attempts.dropLast().map { "\($0.remoteAddress) (\($0.statusCode.map(String.init) ?? $0.verdict.rawValue))" }
        return "failed over answered by \(answered.remoteAddress), server \(r.attempts.count) of those tried, "
            + "not the first; before it: \(before.joined(separator: ", "))"
    }

    /// The host of a target string (`host`, `host:port`, `sip:user@host:port`), for naming the expected TLS name.
    private static func hostOnly(_ target: String) -> String {
        var text = Substring(target)
        if let colon = text.firstIndex(of: ":"), ["sip", "sips"].contains(text[..<colon].lowercased()) {
            text = text[text.index(after: colon)...]
        }
        if let at = text.lastIndex(of: "@") { text = text[text.index(after: at)...] }
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") { return String(text[text.index(after: text.startIndex)..<close]) }
        return String(text.split(separator: ":").first ?? text)
    }

    /// A ping-style summary of several attempts: the same as that of their tally.
    public static func summary(_ reports: [ProbeReport]) -> String { summary(ProbeTally(reports)) }

    /// A fail-over check: the verdict first, then each URI's report.
    public static func render(_ f: FailoverReport) -> String {
        var lines = ["\(f.status.label): failover \(f.verdict.rawValue): \(f.explanation)", "  hint: \(f.hint)", "", "primary:"]
        lines += Self.lines(f.primary)
        lines.append("")
        if let fallback = f.fallback {
            lines.append("fallback:")
            lines += Self.lines(fallback)
        } else {
            lines.append("fallback: none given")
        }
        return TextWrap.wrapAll(lines.map { $0.terminalSafe() })
    }

    /// A suite run: the worst status and counts first, then one block per check.
    public static func render(_ results: [CheckResult]) -> String {
        let worst = results.map(\.status).max() ?? .ok
        let passed = results.filter { $0.status == .ok }.count
        var lines = ["\(worst.label): \(passed) of \(results.count) check\(results.count == 1 ? "" : "s") passed"]
        for result in results {
            lines.append("")
            var head = "\(result.status.label): \(result.name): \(result.verdict)"
            if let code = result.statusCode { head += " (\(code))" }
            if let rtt = result.rttMs { head += " in \(FixedPoint.format(rtt, digits: 2)) ms" }
            lines.append(head)
            lines.append("  \(result.explanation)")
            if let probe = result.probe, let failedOver = failedOverLine(probe) { lines.append("  \(failedOver)") }
            if let failover = result.failover {
                for (label, report) in [("primary", failover.primary)] + (failover.fallback.map { [("fallback", $0)] } ?? []) {
                    if let failedOver = failedOverLine(report) { lines.append("  \(label) \(failedOver)") }
                }
            }
            if result.status != .ok { lines.append("  hint: \(result.hint)") }
            lines.append("  \(result.kind.rawValue) \(result.target)" + (result.origin.map { "  (\($0))" } ?? ""))
        }
        return TextWrap.wrapAll(lines.map { $0.terminalSafe() })
    }

    /// The closing lines of a run over several targets: probes per status and the worst, which is the exit code.
    public static func runSummary(_ reports: [ProbeReport]) -> String {
        let targets = Set(reports.map(\.target)).count
        let counts = Dictionary(grouping: reports, by: \.status).mapValues(\.count)
        let order: [ProbeStatus] = [.ok, .warning, .critical, .unknown]
        let parts = order.compactMap { status in counts[status].map { "\($0) \(status.label)" } }
        let worst = reports.map(\.status).max() ?? .unknown
        return "--- \(reports.count) probe\(reports.count == 1 ? "" : "s") to \(targets) target\(targets == 1 ? "" : "s") ---\n"
            + parts.joined(separator: ", ") + "; worst \(worst.label)"
    }
}
