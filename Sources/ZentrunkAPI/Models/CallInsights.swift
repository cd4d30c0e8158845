/// Per-call quality insights (`…/Call/{uuid}/Insights/`, docs/api.md), kept as received.
public struct CallInsights: Sendable, Equatable, Decodable {
    public var raw: JSONValue

    public init(raw: JSONValue) { self.raw = raw }
    public init(from decoder: any Decoder) throws { raw = try JSONValue(from: decoder) }

    public var callUUID: String? { raw["call_uuid"]?.stringValue }
    public var rtt: String? { raw["rtt"]?.stringValue }
    public var jitter: String? { raw["jitter"]?.stringValue }
    public var packetLoss: String? { raw["packet_loss"]?.stringValue }
    public var postDialDelay: String? { raw["post_dial_delay"]?.stringValue }
    public var qualityScore: String? { raw["plivo_quality_score"]?.stringValue }
    public var hangupCause: String? { raw["hangup_cause"]?.stringValue }
}
