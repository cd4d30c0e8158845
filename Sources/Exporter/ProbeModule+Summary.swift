extension ProbeModule {
    /// The module as `debug=true` shows it: every setting, the password's source but never the password.
    var summary: String {
        var lines = ["\(name):", "  check: \(check.rawValue)"]
        if let transport { lines.append("  transport: \(transport.rawValue)") }
        lines.append("  timeout: \(timeout.seconds)s")
        lines.append("  min_interval: \(minInterval.seconds)s")
        lines.append("  max_attempts: \(maxAttempts)")
        if let username {
            lines.append("  credentials: {username: \(username), \(passwordSource?.description ?? "password: <none>")}")
        }
        if let expect { lines.append("  expect: \(expect.description)") }
        if let to { lines.append("  to: \(to)") }
        if let from { lines.append("  from: \(from)") }
        lines.append("  user_agent: \(userAgent)")
        if let dnsServer { lines.append("  dns_server: \(dnsServer)") }
        if let tls {
            var parts: [String] = []
            if let ca = tls.caFile { parts.append("ca_file: \(ca)") }
            if tls.insecure { parts.append("insecure: true") }
            switch tls.identity {
            case .domain: break
            case .target: parts.append("identity: target")
            case .name(let name): parts.append("server_name: \(name)")
            }
            if let cert = tls.certificateFile { parts.append("cert_file: \(cert)") }
            if let key = tls.privateKeyFile { parts.append("key_file: \(key)") }
            lines.append("  tls: {\(parts.joined(separator: ", "))}")
        }
        return lines.joined(separator: "\n")
    }
}
