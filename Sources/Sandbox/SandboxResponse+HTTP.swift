import Foundation
import Hummingbird
import ZentrunkAPI

extension SandboxResponse {
    /// Plivo's error body, `{"api_id": "...", "error": "..."}`.
    static func errorBody(_ message: String) -> JSONValue {
        .object(["api_id": .string(UUID().uuidString.lowercased()), "error": .string(message)])
    }

    /// As Hummingbird sends it: compact JSON and a newline, no body for 204; Retry-After is the only extra header
    /// the sandbox ever sets (fault injection).
    var httpResponse: Response {
        var fields = HTTPFields()
        if let retryAfter = headers["Retry-After"] { fields[.retryAfter] = retryAfter }
        guard let json, status != 204 else { return Response(status: .init(code: status), headers: fields) }
        fields[.contentType] = "application/json"
        return Response(status: .init(code: status), headers: fields,
                        body: ResponseBody(byteBuffer: ByteBuffer(string: json.compactJSON() + "\n")))
    }
}
