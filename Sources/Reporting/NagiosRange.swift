/// A threshold range in the monitoring-plugins syntax (Nagios plugin development guidelines, "Threshold and
/// ranges"): `10` (alert outside 0…10), `10:` (below 10), `~:10` (above 10), `10:20` (outside 10…20),
/// `@10:20` (inside 10…20, inclusive).
public struct NagiosRange: Sendable, Equatable, CustomStringConvertible {
    /// nil: negative infinity (`~`).
    public var start: Double?
    /// nil: positive infinity (empty after the colon).
    public var end: Double?
    /// `@`: alert when the value is inside the range.
    public var inverted: Bool
    /// The text as given, for perfdata (which repeats it).
    public let text: String

    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public init(parsing text: String) throws(ParseError) {
        self.text = text
        var body = Substring(text)
        inverted = body.hasPrefix("@")
        if inverted { body = body.dropFirst() }
        func number(_ s: Substring) throws(ParseError) -> Double {
            // The plugins' grammar: a decimal number, optionally negative ("1e3", "inf" or "0x10" are not).
            let digits = s.hasPrefix("-") ? s.dropFirst() : s
            let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
            let decimal = !digits.isEmpty && parts.count <= 2 && parts[0].allSatisfy(\.isASCIIDigit)
                && parts.last!.allSatisfy(\.isASCIIDigit) && parts.contains { !$0.isEmpty }
            guard decimal, let value = Double(s), value.isFinite else {
                throw ParseError(description: "'\(text)' is not a range: '\(s)' is not a number (forms: 10, 10:, ~:10, 10:20, @10:20)")
            }
            return value
        }
        if let colon = body.firstIndex(of: ":") {
            let low = body[..<colon]
            let high = body[body.index(after: colon)...]
            start = low == "~" ? nil : (low.isEmpty ? 0 : try number(low))
            end = high.isEmpty ? nil : try number(high)
        } else {
            guard !body.isEmpty else { throw ParseError(description: "a range must not be empty (forms: 10, 10:, ~:10, 10:20, @10:20)") }
            start = 0
            end = try number(body)
        }
        if let start, let end, start > end {
            throw ParseError(description: "'\(text)' is not a range: its start is above its end")
        }
    }

    /// True when `value` should raise an alert.
    public func alerts(_ value: Double) -> Bool {
        let inside = (start.map { value >= $0 } ?? true) && (end.map { value <= $0 } ?? true)
        return inverted ? inside : !inside
    }

    public var description: String { text }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
