/// A SIP request as a value: no C pointers, freely Sendable. Serialized and parsed by the osip adapter.
public struct SIPRequest: Sendable, Equatable {
    public var method: String
    /// The Request-URI as it goes on the start line.
    public var uri: String
    public var headers: SIPHeaders
    public var body: [UInt8]

    public init(method: String, uri: String, headers: SIPHeaders = [], body: [UInt8] = []) {
        self.method = method
        self.uri = uri
        self.headers = headers
        self.body = body
    }

    /// The branch of the top Via (RFC 3261 §17.1.3 matching key), if any.
    public var topViaBranch: String? { headers.first("Via").flatMap { try? Via(parsing: $0) }?.branch }

    public var cseq: CSeq? { headers.first("CSeq").flatMap { try? CSeq(parsing: $0) } }

    /// Serializes through libosip2.
    public func serialized() throws(SIPParseError) -> [UInt8] {
        try OSIPMessage.serialize(self)
    }
}
