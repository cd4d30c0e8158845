/// The closed set of causes `diagnose` names (docs/diagnose.md explains each).
public enum DiagnosisCause: String, Sendable, Codable, CaseIterable {
    case normal
    case mediaTimeout = "media_timeout"
    case poorQuality = "poor_quality"
    case insufficientCredits = "insufficient_credits"
    case trunkNotFound = "trunk_not_found"
    case destinationNotFound = "destination_not_found"
    case secureTrunkingMismatch = "secure_trunking_mismatch"
    case originationURITimeout = "origination_uri_timeout"
    case unauthorized
    case unknownCallerID = "unknown_caller_id"
    case noPrimaryURI = "no_primary_uri"
    case uriUnresolvable = "uri_unresolvable"
    case geoPermissions = "geo_permissions"
    case anchoringTerms = "anchoring_terms"
    case cpsLimit = "cps_limit"
    case concurrencyLimit = "concurrency_limit"
    /// A code the knowledge base does not cover.
    case unknown
}
