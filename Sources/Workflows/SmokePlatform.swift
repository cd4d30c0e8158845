/// What a plan's `platform:` changes in the checks `smoke` derives.
///
/// - LiveKit answers every OPTIONS with 200 whatever its trunks and dispatch rules say, so OPTIONS proves only
///   that its SIP service is up: its origination URIs also get an INVITE.
/// - Vapi admits Plivo's outbound calls by IP ACL; the others by digest credential. That follows from the plan
///   itself (the outbound trunk names a credential, an ACL or both), so no preset overrides it.
public enum SmokePlatform: String, Sendable, Codable, CaseIterable {
    case livekit, vapi, elevenlabs, retell
    case selfHosted = "self-hosted"

    /// True when OPTIONS to the platform's origination URIs does not show that calls would be taken.
    public var inboundNeedsInvite: Bool { self == .livekit }
}
