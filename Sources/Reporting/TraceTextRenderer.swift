import Foundation
import Probes
import SIPCore

/// `--trace` as text for stderr: every SIP message of a probe, in order, each headed by its time (wall
/// clock and milliseconds since the attempt began) and direction. Credentials are already redacted.
public enum TraceTextRenderer {
    public static func render(_ report: ProbeReport, label: String? = nil) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var out = "=== trace \(label.map { "\($0): " } ?? "")\(report.check) \(report.requestURI) over \(report.transport.viaToken)"
        if let callID = report.callID { out += " (Call-ID \(callID))" }
        out += "\n"
        let messages = report.trace ?? report.exchange.map { TraceMessage(direction: $0.direction, atMs: $0.atMs, text: $0.text ?? $0.message) }
        if messages.isEmpty { out += "(no SIP message was sent)\n" }
        for message in messages {
            let when = formatter.string(from: report.timestamp.addingTimeInterval(message.atMs / 1000))
            let peer = report.remoteAddress ?? "-"
            let way = message.direction == "sent" ? "sent to \(peer)" : "received from \(peer)"
            out += "--- \(when) +\(FixedPoint.format(message.atMs, digits: 2)) ms \(way)\n"
            // The peer's bytes: line breaks kept, anything that could drive a terminal escaped.
            out += message.text.replacingOccurrences(of: "\r\n", with: "\n").terminalSafe(keepingNewlines: true)
            if !out.hasSuffix("\n") { out += "\n" }
        }
        return out
    }
}
