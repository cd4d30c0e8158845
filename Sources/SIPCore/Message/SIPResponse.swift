/// A SIP response as a value.
public struct SIPResponse: Sendable, Equatable {
    public var statusCode: Int
    public var reason: String
    public var headers: SIPHeaders
    public var body: [UInt8]

    public init(statusCode: Int, reason: String, headers: SIPHeaders = [], body: [UInt8] = []) {
        self.statusCode = statusCode
        self.reason = reason
        self.headers = headers
        self.body = body
    }

    public var isProvisional: Bool { (100..<200).contains(statusCode) }
    public var isFinal: Bool { statusCode >= 200 }

    public var topVia: Via? { headers.first("Via").flatMap { try? Via(parsing: $0) } }
    public var cseq: CSeq? { headers.first("CSeq").flatMap { try? CSeq(parsing: $0) } }

    /// Serializes through libosip2.
    public func serialized() throws(SIPParseError) -> [UInt8] {
        try OSIPMessage.serialize(self)
    }

    /// Builds a response to `request` the way a UAS must (RFC 3261 §8.2.6.2): Via, From, Call-ID
    /// and CSeq copied; To copied with `toTag` added when it has none.
    public init(answering request: SIPRequest, statusCode: Int, reason: String, toTag: String?) {
        var headers = SIPHeaders()
        for via in request.headers["Via"] { headers.add("Via", via) }
        if let from = request.headers.first("From") { headers.add("From", from) }
        if var to = request.headers.first("To") {
            if let toTag, !to.lowercased().contains(";tag=") { to += ";tag=\(toTag)" }
            headers.add("To", to)
        }
        if let callID = request.headers.first("Call-ID") { headers.add("Call-ID", callID) }
        if let cseq = request.headers.first("CSeq") { headers.add("CSeq", cseq) }
        self.init(statusCode: statusCode, reason: reason, headers: headers)
    }
}
