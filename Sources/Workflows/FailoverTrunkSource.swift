import Logging
import Probes
import ZentrunkAPI

/// `failover --trunk ID`: the inbound trunk's `primary_uri_uuid` and `fallback_uri_uuid`, read through the
/// Zentrunk API client and resolved to their origination URI strings.
public struct FailoverTrunkSource: FailoverURISource {
    public enum Problem: Error, CustomStringConvertible {
        case notInbound(String, String?)
        case noPrimary(String)
        case uriWithoutAddress(String)

        public var description: String {
            switch self {
            case .notInbound(let id, let direction):
                return "trunk \(id) is \(direction ?? "of unknown direction"), not inbound: only inbound trunks have origination URIs"
            case .noPrimary(let id): return "inbound trunk \(id) has no primary_uri_uuid (Plivo hangs up such calls with uri_not_found)"
            case .uriWithoutAddress(let id): return "origination URI \(id) has no uri value"
            }
        }
    }

    public let trunkID: String
    let client: ZentrunkClient

    public init(trunkID: String, client: ZentrunkClient) {
        self.trunkID = trunkID
        self.client = client
    }

    public func uris() async throws -> FailoverURIs {
        let trunk = try await client.getTrunk(id: trunkID)
        guard trunk.trunkDirection?.lowercased() == "inbound" else { throw Problem.notInbound(trunkID, trunk.trunkDirection) }
        guard let primaryID = trunk.primaryURIUUID, !primaryID.isEmpty else { throw Problem.noPrimary(trunkID) }
        let primary = try await address(of: primaryID)
        var fallback: String?
        if let fallbackID = trunk.fallbackURIUUID, !fallbackID.isEmpty { fallback = try await address(of: fallbackID) }
        return FailoverURIs(primary: primary, fallback: fallback, origin: "trunk \(trunkID)")
    }

    private func address(of uriID: String) async throws -> String {
        guard let uri = try await client.getURI(id: uriID).uri, !uri.isEmpty else { throw Problem.uriWithoutAddress(uriID) }
        return uri
    }
}
