import Foundation

/// A real Kamailio on free loopback ports, configured per test.
///
/// The default route answers OPTIONS with 200 (with Allow and Supported headers) and INVITE with 486,
/// statelessly. Tests that need auth, ACLs or TLS pass their own `routeScript`, `modules` and `globals`.
public final class KamailioPeer: @unchecked Sendable {
    public struct Listen: Sendable {
        public var transport: String   // "udp", "tcp", "tls"
        public var port: Int
        public init(_ transport: String, port: Int) { self.transport = transport; self.port = port }
    }

    public static let modulePath = "/usr/lib/x86_64-linux-gnu/kamailio/modules/"

    /// Stateless OPTIONS 200 / INVITE 486, used by the SIP foundation tests.
    public static let defaultRoute = """
        request_route {
            if (is_method("ACK")) { exit; }
            if (is_method("OPTIONS")) {
                append_to_reply("Allow: INVITE, ACK, CANCEL, BYE, OPTIONS\\r\\nSupported: path\\r\\n");
                sl_send_reply("200", "OK");
                exit;
            }
            if (is_method("INVITE")) { sl_send_reply("486", "Busy Here"); exit; }
            sl_send_reply("501", "Not Implemented");
        }
        """

    public let listens: [Listen]
    public let process: PeerProcess

    /// The first listen of each transport.
    public func port(_ transport: String) -> Int? { listens.first { $0.transport == transport }?.port }

    /// Starts Kamailio. `modules` are extra `loadmodule` names; `globals` extra top-level lines
    /// (modparam, tls settings). Throws `PeerError` with Kamailio's log when it does not come up.
    public init(
        listens: [Listen],
        modules: [String] = [],
        globals: String = "",
        routeScript: String = KamailioPeer.defaultRoute
    ) throws {
        guard let binary = Peers.kamailio else {
            throw PeerError("kamailio is not installed (Debian package: kamailio; `make test` installs it)")
        }
        self.listens = listens
        let dir = try PeerProcess.makeTemporaryDirectory(prefix: "kamailio")
        let baseModules = ["sl", "pv", "textops", "siputils", "xlog"]
        var cfg = """
            #!KAMAILIO
            debug=2
            log_stderror=yes
            children=1
            tcp_children=1
            auto_aliases=no
            dns=no
            rev_dns=no
            tcp_connection_lifetime=30
            mpath="\(KamailioPeer.modulePath)"

            """
        for l in listens { cfg += "listen=\(l.transport):127.0.0.1:\(l.port)\n" }
        if listens.contains(where: { $0.transport == "tls" }) { cfg += "enable_tls=yes\n" }
        for m in baseModules + modules { cfg += "loadmodule \"\(m).so\"\n" }
        cfg += "\n" + globals + "\n" + routeScript + "\n"
        let cfgURL = dir.appendingPathComponent("kamailio.cfg")
        try cfg.write(to: cfgURL, atomically: true, encoding: .utf8)
        let kamailioArguments = ["-f", cfgURL.path, "-DD", "-E", "-m", "64", "-M", "8",
                                 "-P", dir.appendingPathComponent("kamailio.pid").path,
                                 "-Y", dir.path, "-w", dir.path]
        // PeerProcess spawns with an empty signal mask and its own process group, so SIGTERM reaches
        // Kamailio and its workers even though tests run on threads that block signals.
        process = try PeerProcess(name: "kamailio", executable: binary, arguments: kamailioArguments, directory: dir)
        // Readiness: every config here listens on TCP or TLS somewhere, or we probe the UDP port's TCP twin.
        let probePort = listens.first { $0.transport != "udp" }?.port
        if let probePort {
            guard FreePort.waitForTCP(port: probePort) else {
                process.stop()
                throw PeerError("kamailio did not start listening on \(probePort):\n\(process.log)")
            }
        } else {
            // UDP only: wait for the "INFO: ... main process" line or up to 3 s of liveness.
            let deadline = Date().addingTimeInterval(3)
            while Date() < deadline && !process.log.contains("udp_rcv_loop") && process.isRunning { usleep(20_000) }
            guard process.isRunning else { throw PeerError("kamailio exited:\n\(process.log)") }
        }
    }

    public func stop() { process.stop() }
    deinit { process.stop() }
}

extension KamailioPeer {
    /// Server settings for Kamailio's tls module, written to a tls.cfg (`[server:default]` profile).
    public struct TLSSettings: Sendable {
        public var certificate: String
        public var privateKey: String
        /// CA bundle used to verify client certificates.
        public var caList: String?
        /// Kamailio's `method`: "TLSv1.2+", "TLSv1.2", "TLSv1.3".
        public var method: String
        /// `verify_certificate` and `require_certificate`: demand a valid client certificate (mutual TLS).
        public var requireClientCertificate: Bool

        public init(certificate: String, privateKey: String, caList: String? = nil,
                    method: String = "TLSv1.2+", requireClientCertificate: Bool = false) {
            self.certificate = certificate; self.privateKey = privateKey; self.caList = caList
            self.method = method; self.requireClientCertificate = requireClientCertificate
        }

        /// The tls.cfg text.
        public var configFile: String {
            let yn = requireClientCertificate ? "yes" : "no"
            var s = "[server:default]\nmethod = \(method)\nverify_certificate = \(yn)\nrequire_certificate = \(yn)\n"
            s += "private_key = \(privateKey)\ncertificate = \(certificate)\n"
            if let caList { s += "ca_list = \(caList)\n" }
            s += "\n[client:default]\nverify_certificate = no\nrequire_certificate = no\n"
            return s
        }
    }

    /// A Kamailio listening on TLS only (127.0.0.1:`tlsPort`) with the tls module configured from
    /// `tls`, answering with `routeScript` (default: OPTIONS → 200).
    public convenience init(tlsPort: Int, tls: TLSSettings, routeScript: String = KamailioPeer.defaultRoute) throws {
        let dir = try PeerProcess.makeTemporaryDirectory(prefix: "kamailio-tls")
        let cfg = dir.appendingPathComponent("tls.cfg")
        try tls.configFile.write(to: cfg, atomically: true, encoding: .utf8)
        try self.init(listens: [Listen("tls", port: tlsPort)], modules: ["tls"],
                      globals: "modparam(\"tls\", \"config\", \"\(cfg.path)\")", routeScript: routeScript)
    }
}
