/// A `sip:` or `sips:` URI (RFC 3261 §19.1) as a value.
public struct SIPURI: Sendable, Equatable, CustomStringConvertible {
    public enum Scheme: String, Sendable, Codable { case sip, sips }

    public var scheme: Scheme
    public var user: String?
    /// Host name or IP literal, IPv6 without brackets.
    public var host: String
    public var port: Int?
    /// URI parameters in order (`transport=tcp`, `lr`…); names lowercased.
    public var parameters: [(name: String, value: String?)]

    public init(scheme: Scheme = .sip, user: String? = nil, host: String, port: Int? = nil,
                parameters: [(name: String, value: String?)] = []) {
        self.scheme = scheme
        self.user = user
        self.host = host
        self.port = port
        self.parameters = parameters
    }

    public static func == (lhs: SIPURI, rhs: SIPURI) -> Bool { lhs.description == rhs.description }

    public func parameter(_ name: String) -> String?? {
        parameters.first { $0.name == name.lowercased() }.map(\.value)
    }

    /// The `transport` parameter, if present and known.
    public var transportParameter: String? { parameter("transport") ?? nil }

    public var hostIsNumeric: Bool { IPAddressText.isNumeric(host) }

    public var description: String {
        var text = "\(scheme.rawValue):"
        if let user { text += "\(user)@" }
        text += HostPort.join(host: host, port: port)
        for p in parameters {
            text += ";\(p.name)"
            if let v = p.value { text += "=\(v)" }
        }
        return text
    }

    /// Parses `sip:`/`sips:` URIs strictly; `?headers` are rejected (they make no sense in a probe target).
    public init(parsing text: String) throws(SIPParseError) {
        let text = text.trimmingWhitespace()
        guard let colon = text.firstIndex(of: ":") else { throw SIPParseError(.malformedURI, "'\(text)' has no scheme") }
        guard let scheme = Scheme(rawValue: text[..<colon].lowercased()) else {
            throw SIPParseError(.malformedURI, "unsupported scheme '\(text[..<colon])' (use sip: or sips:)")
        }
        var rest = String(text[text.index(after: colon)...])
        guard !rest.contains("?") else { throw SIPParseError(.malformedURI, "URI headers ('?…') are not supported in '\(text)'") }
        var user: String?
        if let at = rest.lastIndex(of: "@") {
            let userPart = String(rest[..<at])
            guard !userPart.isEmpty else { throw SIPParseError(.malformedURI, "empty user part in '\(text)'") }
            user = userPart
            rest = String(rest[rest.index(after: at)...])
        }
        var segments = rest.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        let hostPort = segments.removeFirst()
        let (host, port) = try HostPort.split(hostPort)
        var params: [(name: String, value: String?)] = []
        for segment in segments {
            guard !segment.isEmpty else { throw SIPParseError(.malformedURI, "empty URI parameter in '\(text)'") }
            if let eq = segment.firstIndex(of: "=") {
                let value = String(segment[segment.index(after: eq)...])
                guard !value.isEmpty else { throw SIPParseError(.malformedURI, "parameter without a value in '\(text)'") }
                params.append((segment[..<eq].lowercased(), value))
            } else {
                params.append((segment.lowercased(), nil))
            }
        }
        self.init(scheme: scheme, user: user, host: host, port: port, parameters: params)
        // The adapter must accept what we send as a Request-URI; check once here rather than mid-probe.
        try OSIPURI.validate(description)
    }
}
