extension ServerLocationRequest {
    /// Why a URI string could not be turned into a request.
    public enum URIError: Error, Sendable, Equatable, CustomStringConvertible {
        case unsupportedScheme(String)
        case missingHost(String)
        case invalidPort(String)
        case unknownTransport(String)

        public var description: String {
            switch self {
            case .unsupportedScheme(let u): return "'\(u)' is not a sip: or sips: URI"
            case .missingHost(let u): return "'\(u)' has no host"
            case .invalidPort(let u): return "'\(u)' has an invalid port (1–65535)"
            case .unknownTransport(let t): return "transport=\(t) is not udp, tcp or tls"
            }
        }
    }

    /// Reads the parts RFC 3263 needs straight from a URI string, for callers that have no parsed URI
    /// (the CLI's `--resolve`-only checks, tests). `sip:user@host:port;transport=tcp;maddr=…?headers`.
    ///
    /// The TARGET is `maddr` when present, else the host (RFC 3263 §4). The user part may contain `;`
    /// (RFC 3261 §25.1 `user-unreserved`), so the host starts after the last `@`.
    public init(uri text: String) throws(URIError) {
        let trimmed = text.trimmingCharacters(in: " \t<>")
        guard let colon = trimmed.firstIndex(of: ":") else { throw .unsupportedScheme(text) }
        let schemeText = trimmed[..<colon].lowercased()
        guard let scheme = Scheme(rawValue: schemeText) else { throw .unsupportedScheme(text) }
        var rest = trimmed[trimmed.index(after: colon)...]
        if let q = rest.firstIndex(of: "?") { rest = rest[..<q] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        let parts = rest.split(separator: ";", omittingEmptySubsequences: false)
        let hostPort = parts.first.map(String.init) ?? ""
        var params: [String: String] = [:]
        for p in parts.dropFirst() {
            let kv = p.split(separator: "=", maxSplits: 1)
            guard let k = kv.first else { continue }
            params[k.lowercased()] = kv.count > 1 ? String(kv[1]) : ""
        }

        var host: String
        var portText: Substring?
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { throw .missingHost(text) }
            host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let after = hostPort[hostPort.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw .invalidPort(text) }
                portText = after.dropFirst()
            }
        } else if let c = hostPort.firstIndex(of: ":") {
            host = String(hostPort[..<c])
            portText = hostPort[hostPort.index(after: c)...]
        } else {
            host = hostPort
        }
        var port: Int? = nil
        if let portText {
            guard let p = Int(portText), (1...65535).contains(p) else { throw .invalidPort(text) }
            port = p
        }
        if let maddr = params["maddr"], !maddr.isEmpty { host = maddr }
        guard !host.isEmpty else { throw .missingHost(text) }
        var transport: SIPTransportKind? = nil
        if let t = params["transport"] {
            guard let kind = SIPTransportKind(token: t) else { throw .unknownTransport(t) }
            transport = kind
        }
        self.init(scheme: scheme, host: host, port: port, transport: transport)
    }
}
