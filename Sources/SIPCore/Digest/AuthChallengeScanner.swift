/// Splits a WWW-Authenticate / Proxy-Authenticate value into challenges and their parameters.
///
/// Grammar: RFC 7235 §2.1 / §4.1 (`challenge = auth-scheme [ 1*SP ( token68 / #auth-param ) ]`,
/// `auth-param = token BWS "=" BWS ( token / quoted-string )`), with RFC 7230 §3.2.6 quoted-string
/// escapes. One header value may carry several challenges (`Digest …, Digest …`); a new challenge
/// starts where a token is followed by another token instead of `=`.
///
/// Deliberately lenient where real servers are sloppy: extra spaces and empty list elements
/// (`a=1,,b=2`) are accepted, and so is a missing comma between parameters. Unquoted values may hold
/// any character but whitespace, `,` and `"` (some servers send `domain=sip:example.com` unquoted).
/// Never traps: every failure is a `DigestError.malformed` with the character offset.
struct AuthChallengeScanner {
    struct Parameter: Sendable, Equatable {
        var name: String        // lowercased (RFC 7235 §2.1: parameter names are case-insensitive)
        var value: String       // unescaped
        var wasQuoted: Bool
    }

    struct Challenge: Sendable, Equatable {
        var scheme: String
        var parameters: [Parameter]
        var token68: String?
    }

    private let bytes: [UInt8]
    private var i = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    static func scan(_ text: String) throws(DigestError) -> [Challenge] {
        var s = AuthChallengeScanner(text)
        return try s.scanAll()
    }

    private mutating func scanAll() throws(DigestError) -> [Challenge] {
        var result: [Challenge] = []
        skipSeparators()
        guard i < bytes.count else { throw .empty }
        while i < bytes.count {
            let scheme = readToken()
            guard !scheme.isEmpty else {
                throw .malformed(reason: "expected an authentication scheme", offset: i)
            }
            var challenge = Challenge(scheme: scheme, parameters: [], token68: nil)
            try scanParameters(into: &challenge)
            result.append(challenge)
            skipSeparators()
        }
        return result
    }

    private mutating func scanParameters(into challenge: inout Challenge) throws(DigestError) {
        while true {
            skipSeparators()
            guard i < bytes.count else { return }
            let start = i
            let name = readToken()
            guard !name.isEmpty else {
                throw .malformed(reason: "expected a parameter name, found '\(Character(UnicodeScalar(bytes[i])))'", offset: i)
            }
            skipSpaces()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "=") else {
                // `token` followed by something other than `=`: either a token68 (`Basic abc==` has `=`
                // handled above) or the scheme of the next challenge. Rewind and let the caller start it.
                i = start
                return
            }
            i += 1
            // token68 form (`Negotiate abc==`): `=` padding or nothing after the first token. Only legal
            // as the whole credential, so only before any auth-param.
            if i >= bytes.count || bytes[i] == UInt8(ascii: "=") || bytes[i] == UInt8(ascii: ",") {
                guard challenge.parameters.isEmpty else {
                    throw .malformed(reason: "parameter '\(name)' has no value", offset: i)
                }
                var padding = "="
                while i < bytes.count, bytes[i] == UInt8(ascii: "=") { padding += "="; i += 1 }
                challenge.token68 = name + padding
                return
            }
            skipSpaces()
            guard i < bytes.count else {
                throw .malformed(reason: "parameter '\(name)' has no value", offset: i)
            }
            let value: String
            let quoted: Bool
            if bytes[i] == UInt8(ascii: "\"") {
                value = try readQuotedString()
                quoted = true
            } else {
                value = readUnquotedValue()
                quoted = false
                if value.isEmpty {
                    throw .malformed(reason: "parameter '\(name)' has an empty value", offset: i)
                }
            }
            challenge.parameters.append(Parameter(name: name.lowercased(), value: value, wasQuoted: quoted))
            skipSpaces()
            if i < bytes.count, bytes[i] != UInt8(ascii: ","), !isTokenChar(bytes[i]) {
                throw .malformed(reason: "expected ',' after the value of '\(name)'", offset: i)
            }
        }
    }

    private mutating func readQuotedString() throws(DigestError) -> String {
        let open = i
        i += 1 // opening quote
        var out: [UInt8] = []
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\\") {
                // quoted-pair (RFC 7230 §3.2.6): the next octet is literal.
                guard i + 1 < bytes.count else { break }
                out.append(bytes[i + 1])
                i += 2
            } else if c == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: out, as: UTF8.self)
            } else {
                out.append(c)
                i += 1
            }
        }
        throw .malformed(reason: "unterminated quoted string", offset: open)
    }

    private mutating func readUnquotedValue() -> String {
        let start = i
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: ",") || c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\"") { break }
            i += 1
        }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    private mutating func readToken() -> String {
        let start = i
        while i < bytes.count, isTokenChar(bytes[i]) { i += 1 }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    private mutating func skipSpaces() {
        while i < bytes.count, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t")
            || bytes[i] == UInt8(ascii: "\r") || bytes[i] == UInt8(ascii: "\n") { i += 1 }
    }

    private mutating func skipSeparators() {
        while i < bytes.count, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t")
            || bytes[i] == UInt8(ascii: ",") || bytes[i] == UInt8(ascii: "\r") || bytes[i] == UInt8(ascii: "\n") { i += 1 }
    }

    /// RFC 7230 §3.2.6 `tchar`.
    private func isTokenChar(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(c)
        }
    }
}
