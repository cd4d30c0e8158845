/// One SIP message as sent or received, for `--trace` (sipsak -vvv, SIPp -trace_msg): when, which way, and
/// the whole text with credentials redacted.
public struct TraceMessage: Sendable, Encodable, Equatable {
    public var direction: String
    public var atMs: Double
    public var text: String

    public init(direction: String, atMs: Double, text: String) {
        self.direction = direction
        self.atMs = atMs
        self.text = text
    }

    enum CodingKeys: String, CodingKey {
        case direction, text
        case atMs = "at_ms"
    }

    /// The message with the values of Authorization and Proxy-Authorization (RFC 3261 §20.7, §20.28)
    /// replaced: a digest response lets anyone who sees it guess the password offline.
    public static func redacted(_ message: String) -> String {
        // Most messages carry no credentials: one pass over the bytes spares them the line splitting.
        guard mentionsAuthorization(message) else { return message }
        var lines = message.components(separatedBy: "\r\n")
        if lines.count == 1 { lines = message.components(separatedBy: "\n") }
        var inHeaders = true
        var redacting = false
        for i in lines.indices {
            let line = lines[i]
            if !inHeaders { break }
            if line.isEmpty && i > 0 { inHeaders = false; continue }
            if redacting, line.first == " " || line.first == "\t" {
                // A folded continuation of the header being redacted (RFC 3261 §7.3.1).
                lines[i] = " <redacted>"
                continue
            }
            redacting = false
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: " \t").lowercased()
            if name == "authorization" || name == "proxy-authorization" {
                lines[i] = line[..<colon] + ": <redacted>"
                redacting = true
            }
        }
        return lines.joined(separator: message.contains("\r\n") ? "\r\n" : "\n")
    }
}

extension TraceMessage {
    /// Whether "authorization" occurs anywhere in `message`, in any ASCII case.
    static func mentionsAuthorization(_ message: String) -> Bool {
        let needle = Array("authorization".utf8)
        var utf8 = message
        return utf8.withUTF8 { bytes in
            guard bytes.count >= needle.count else { return false }
            for start in 0...(bytes.count - needle.count) {
                var matched = true
                for k in 0..<needle.count where bytes[start + k] | 0x20 != needle[k] {
                    matched = false
                    break
                }
                if matched { return true }
            }
            return false
        }
    }
}

private extension Substring {
    func trimmingCharacters(in set: String) -> String {
        String(drop(while: { set.contains($0) }).reversed().drop(while: { set.contains($0) }).reversed())
    }
}
