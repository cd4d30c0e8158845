import Foundation

/// A 2xx response: status, request id and raw body (empty for 204).
public struct ZentrunkResponse: Sendable {
    public var status: Int
    public var requestID: String?
    public var body: Data

    /// The body as JSON; `.null` for an empty body. Throws a `.decoding` error for anything else.
    public func json(request: String? = nil) throws -> JSONValue {
        if body.isEmpty || body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return .null }
        do {
            return try JSONDecoder().decode(JSONValue.self, from: body)
        } catch {
            throw ZentrunkError(code: .decoding, message: "response is not JSON: \(Self.preview(body))",
                                status: status, requestID: requestID, request: request)
        }
    }

    /// The first bytes of a body, printable, for error messages. Response bodies carry no client secrets.
    static func preview(_ body: Data) -> String {
        let text = String(decoding: body.prefix(120), as: UTF8.self)
            .replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: "")
        return "'" + text + (body.count > 120 ? "…'" : "'") + " (\(body.count) bytes)"
    }
}
