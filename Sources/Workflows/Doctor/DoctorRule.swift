/// The closed set of account checks `doctor` makes (docs/doctor.md explains each and what it means for a
/// voice-AI platform on Zentrunk).
public enum DoctorRule: String, Sendable, Codable, CaseIterable {
    case inboundWithoutPrimary = "inbound_without_primary"
    case inboundWithoutFallback = "inbound_without_fallback"
    case fallbackEqualsPrimary = "fallback_equals_primary"
    case missingURI = "missing_uri"
    case uriTransportUnsupported = "uri_transport_unsupported"
    case secureTrunkWithoutTLS = "secure_trunk_without_tls"
    case tlsURIOnInsecureTrunk = "tls_uri_on_insecure_trunk"
    case outboundWithoutAuth = "outbound_without_auth"
    case missingAuthResource = "missing_auth_resource"
    case platformNeedsIPACL = "platform_needs_ip_acl"
    case ipACLMissingPlatformAddresses = "ip_acl_missing_platform_addresses"
    case uriUnused = "uri_unused"
    case numberRoutedToMissingTrunk = "number_routed_to_missing_trunk"
    case numberRoutedToOutboundTrunk = "number_routed_to_outbound_trunk"
    case trunkDisabled = "trunk_disabled"
    case uriUnreachable = "uri_unreachable"
    /// The URI answered OPTIONS, but the platform answers every OPTIONS with 200 (LiveKit): only a call proves it.
    case optionsNotProof = "options_not_proof"
    /// A read failed (numbers not listable, say): the checks that needed it did not run.
    case accountReadIncomplete = "account_read_incomplete"
}
