/// What a plan's `platform:` changes in the checks `smoke` derives.
///
/// - LiveKit answers every OPTIONS with 200 whatever its trunks and dispatch rules say, so OPTIONS proves only
///   that its SIP service is up: its origination URIs also get an INVITE.
/// - Vapi reaches Zentrunk from its own fixed addresses, which the outbound trunk's IP ACL lists; the others use a
///   digest credential. How a trunk admits calls follows from the plan (a credential, an ACL or both); what the
///   preset adds is that a checker outside Vapi's addresses expects to be refused (`acl_rejected`).
public enum SmokePlatform: String, Sendable, Codable, CaseIterable {
    case livekit, vapi, elevenlabs, retell
    case selfHosted = "self-hosted"

    /// True when OPTIONS to the platform's origination URIs does not show that calls would be taken.
    public var inboundNeedsInvite: Bool { self == .livekit }
}
