import Probes

/// `failover --trunk ID`: the URI source backed by the Zentrunk API client (the inbound trunk's
/// primary_uri_uuid and fallback_uri_uuid, resolved to origination URIs).
///
/// The API client is not in this build yet, so there is no source: the command says so and exits 3.
/// At merge, return a `FailoverURISource` built from the API client here; nothing else changes.
enum FailoverTrunkSource {
    static func make(trunkID: String) -> (any FailoverURISource)? {
        nil
    }
}
