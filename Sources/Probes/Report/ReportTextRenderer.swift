import Foundation
import SIPClient
import SIPCore

/// Renders reports for a person at a terminal: what was probed, what came back, the verdict, the hint.
public enum ReportTextRenderer {
    public static func render(_ r: ProbeReport) -> String {
        var lines: [String] = []
        lines.append("\(r.check.uppercased()) \(r.requestURI) over \(r.transport.viaToken)")
        var addr = "  remote      \(r.remoteAddress ?? "-")"
        if let local = r.localAddress { addr += "    local \(local)" }
        lines.append(addr)
        var timing: [String] = []
        if let dns = r.dnsMs, dns >= 0.01 { timing.append(String(format: "dns %.2f ms", dns)) }
        if let connect = r.connectMs { timing.append(String(format: "connect %.2f ms", connect)) }
        if let code = r.statusCode {
            let rtt = r.rttMs.map { String(format: "%.2f ms", $0) } ?? "-"
            lines.append("  response    \(code) \(r.reason ?? "") in \(rtt), \(r.retransmissions) retransmission\(r.retransmissions == 1 ? "" : "s")")
        } else {
            lines.append("  response    none, \(r.retransmissions) retransmission\(r.retransmissions == 1 ? "" : "s")")
        }
        if !timing.isEmpty { lines.append("  timing      " + timing.joined(separator: ", ")) }
        for key in ["server", "user-agent", "allow", "supported", "warning", "reason", "retry-after"] {
            if let v = r.headers[key] { lines.append("  \(key.padding(toLength: 11, withPad: " ", startingAt: 0)) \(v)") }
        }
        if let tls = r.tls {
            for line in tls.textLines { lines.append("  tls         \(line)") }
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
            if let user = auth.username { text += ", user \(user), \(auth.attemptsWithCredentials) attempt\(auth.attemptsWithCredentials == 1 ? "" : "s") with credentials" }
            if auth.staleRetried { text += ", stale nonce retried" }
            lines.append(text)
        }
        if r.check != "options" || r.exchange.count > 2 {
            for line in r.exchange {
                let arrow = line.direction == "sent" ? "→" : "←"
                let ms = String(format: "%8.2f", line.atMs)
                lines.append("  \(arrow) \(ms) ms  \(line.message)")
            }
        }
        if let asym = r.asymmetricSource { lines.append("  asymmetric  response came from \(asym)") }
        for note in r.ignored.prefix(5) { lines.append("  ignored     \(note)") }
        lines.append("\(r.status.label): \(r.verdict.rawValue): \(r.explanation)")
        if r.verdict != .ok { lines.append("  hint: \(r.hint)") }
        // Remote text (Server, reason phrase, Warning, echoed messages) reaches these lines: each is escaped
        // as a whole, so a peer's escape sequence or line break can neither drive the terminal nor forge a line.
        return lines.map { $0.terminalSafe() }.joined(separator: "\n")
    }

    /// A ping-style summary of several attempts.
    public static func summary(_ reports: [ProbeReport]) -> String {
        let rtts = reports.compactMap(\.rttMs)
        let answered = reports.filter { $0.statusCode != nil }.count
        var line = "--- \(reports.first?.requestURI ?? "") ---\n\(reports.count) sent, \(answered) answered"
        let lost = reports.count - answered
        line += String(format: ", %.0f%% without response", reports.isEmpty ? 0 : Double(lost) * 100 / Double(reports.count))
        if let min = rtts.min(), let max = rtts.max() {
            let avg = rtts.reduce(0, +) / Double(rtts.count)
            line += String(format: "\nrtt min/avg/max = %.3f/%.3f/%.3f ms", min, avg, max)
        }
        return line.terminalSafe(keepingNewlines: true)
    }
}
