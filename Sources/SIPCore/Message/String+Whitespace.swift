extension StringProtocol {
    /// Trims SP, HTAB, CR and LF: SIP's linear whitespace (RFC 3261 §25.1), without Foundation.
    func trimmingWhitespace() -> String {
        let isWS: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let start = firstIndex(where: { !isWS($0) }) else { return "" }
        let end = lastIndex(where: { !isWS($0) })!
        return String(self[start...end])
    }
}
