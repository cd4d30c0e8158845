/// The CSeq header (RFC 3261 §20.16): sequence number and method.
public struct CSeq: Sendable, Equatable {
    public var number: UInt32
    public var method: String

    public init(number: UInt32, method: String) {
        self.number = number
        self.method = method
    }

    public init(parsing text: String) throws(SIPParseError) {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard parts.count == 2, let number = UInt32(parts[0]) else {
            throw SIPParseError(.malformedHeader, "bad CSeq: \(text)")
        }
        self.init(number: number, method: String(parts[1]))
    }

    public var headerValue: String { "\(number) \(method)" }
}
