import Logging
import NIOCore
import NIOPosix
import SIPClient
import SIPCore

/// The sandbox's SIP side: answers for the outbound trunks `SandboxState` holds, as Zentrunk's edge does.
///
/// By Request-URI host (the trunk domain, RFC 3261 §16.4 routes on it): a trunk with an IP ACL refuses other
/// sources with 403 before any challenge; a trunk with a credential challenges the INVITE (407 by default) and
/// answers wrong credentials with 403 (RFC 3261 §22.3); an admitted INVITE gets `settings.invite` (by default
/// 180, then 486 after the ring time, so a probe that CANCELs on the 180 sees 487). A disabled trunk answers
/// 403, an unknown domain 404. OPTIONS is answered 200 whatever the domain.
public struct SandboxEdge: Sendable {
    public struct Settings: Sendable {
        public var invite: InviteOutcome
        public var ringTime: Duration
        public var challenge: ResponderAuth.ChallengeKind
        public var realm: String
        public var algorithm: DigestAlgorithm

        public init(invite: InviteOutcome = .provisionalThenFinal(provisional: 180, final: 486), ringTime: Duration = .seconds(3),
                    challenge: ResponderAuth.ChallengeKind = .proxy, realm: String = "zt.plivo.com",
                    algorithm: DigestAlgorithm = .md5) {
            self.invite = invite
            self.ringTime = ringTime
            self.challenge = challenge
            self.realm = realm
            self.algorithm = algorithm
        }
    }

    public static let serverName = "zentrunk-sandbox"

    public let directory: SandboxEdgeDirectory
    public let settings: Settings
    let responder: SIPResponder

    public init(directory: SandboxEdgeDirectory, settings: Settings = Settings(),
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger) {
        self.directory = directory
        self.settings = settings
        let fallback = ResponderBehaviour(serverName: Self.serverName, invite: .final(404))
        self.responder = SIPResponder(behaviour: fallback, group: group, logger: logger) { [directory, settings] request in
            Self.behaviour(for: request, directory: directory, settings: settings)
        }
    }

    /// Binds UDP and TCP on `host:port` (port 0: one free port for both, as SIP uses one port per address).
    public func start(host: String, port: Int) async throws -> [ResponderEndpoint] {
        var attempts = 0
        while true {
            let udp = try await responder.start([ResponderEndpoint(transport: .udp, host: host, port: port)])
            do {
                let tcp = try await responder.start([ResponderEndpoint(transport: .tcp, host: host, port: udp[0].port)])
                return udp + tcp
            } catch {
                // The kernel's free UDP port may be taken over TCP (a busy machine has many): with port 0, let it pick
                // again. A failed start closes every listener, the UDP one included, so nothing is left bound.
                attempts += 1
                guard port == 0, attempts < 20 else { throw error }
            }
        }
    }

    public func stop() async { await responder.stop() }

    /// The behaviour for one request; nil leaves the fallback (404 to INVITE, 200 to OPTIONS).
    static func behaviour(for request: SIPRequest, directory: SandboxEdgeDirectory, settings: Settings) -> ResponderBehaviour? {
        // OPTIONS is a keepalive at Zentrunk's edge: answered whatever the trunk's admission rules.
        guard request.method.uppercased() != "OPTIONS", let uri = try? SIPURI(parsing: request.uri),
              let trunk = directory.trunk(forDomain: uri.host) else { return nil }
        guard trunk.enabled else { return ResponderBehaviour(serverName: serverName, invite: .final(403)) }
        var behaviour = ResponderBehaviour(serverName: serverName, invite: settings.invite, ringTime: settings.ringTime)
        // An empty list would mean "every source" to the responder; an ACL without entries admits nobody.
        if let allow = trunk.allow { behaviour.allow = allow.isEmpty ? [CIDRRange(parsing: "0.0.0.0/32")!] : allow }
        if let username = trunk.username {
            // A blanked password (the API's credential update without one) matches nothing.
            let password = trunk.password?.value ?? ResponderState.randomNonce()
            behaviour.auth = ResponderAuth(credentials: DigestCredentials(username: username, password: password),
                                           realm: settings.realm, algorithm: settings.algorithm, challenge: settings.challenge)
        }
        return behaviour
    }
}
