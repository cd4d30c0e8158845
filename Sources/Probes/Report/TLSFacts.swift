/// What the TLS layer reports about a session; the TLS transport fills it.
/// Until then it stays `null` in JSON (`tls` key) and absent from text.
public struct TLSFacts: Sendable, Encodable, Equatable {
    public var fields: [String: String]
    public init(fields: [String: String]) { self.fields = fields }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(fields)
    }
}
