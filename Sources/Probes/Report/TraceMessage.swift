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
        // Most messages carry no credentials: decide that on the bytes first, so every probe's exchange is
        // not split into lines for nothing.
        guard mentionsAuthorization(message) else { return message }
        let crlf = message.contains(Character("\r\n"))
        var lines = message.split(separator: crlf ? Character("\r\n") : Character("\n"), omittingEmptySubsequences: false)
            .map(String.init)
        var redacting = false
        for i in lines.indices {
            let line = lines[i]
            if line.isEmpty && i > 0 { break }  // the end of the headers
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
        return lines.joined(separator: crlf ? "\r\n" : "\n")
    }

    /// Whether "authorization" appears anywhere, in any case (ASCII only, as header names are). Reads the
    /// string's own UTF-8 storage: this runs for every message of every probe.
    private static func mentionsAuthorization(_ text: String) -> Bool {
        let needle: StaticString = "authorization"
        var text = text
        return text.withUTF8 { bytes in
            let count = needle.utf8CodeUnitCount
            guard bytes.count >= count else { return false }
            let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: count)
            for start in 0...(bytes.count - count) {
                var i = 0
                while i < count, bytes[start + i] | 0x20 == pattern[i] { i += 1 }
                if i == count { return true }
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
