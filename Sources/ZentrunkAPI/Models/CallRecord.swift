/// A call detail record (docs/api.md). Kept as received, since live records carry undocumented fields
/// (`call_id`, `cnam_lookup`); typed accessors cover what the CLI shows.
public struct CallRecord: Sendable, Equatable, Decodable {
    public var raw: JSONValue

    public init(raw: JSONValue) { self.raw = raw }
    public init(from decoder: any Decoder) throws { raw = try JSONValue(from: decoder) }

    public var callUUID: String? { raw["call_uuid"]?.stringValue }
    public var fromNumber: String? { raw["from_number"]?.stringValue }
    public var toNumber: String? { raw["to_number"]?.stringValue }
    public var callDirection: String? { raw["call_direction"]?.stringValue }
    public var callDuration: String? { raw["call_duration"]?.stringValue }
    public var endTime: String? { raw["end_time"]?.stringValue }
    public var hangupCauseCode: String? { raw["hangup_cause_code"]?.stringValue }
    public var hangupCauseName: String? { raw["hangup_cause_name"]?.stringValue }
    public var trunkDomain: String? { raw["trunk_domain"]?.stringValue }
}
