import Foundation
import Hummingbird
import ZentrunkAPI

/// Plivo's authentication: every `/v1/Account/{auth_id}/…` request carries `Authorization: Basic
/// base64(auth_id:token)` (RFC 7617 §2) and names the same auth id in its path; anything else is 401 in Plivo's
/// error shape. Paths outside `/v1/Account/` pass through (the router answers them 404).
struct SandboxAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    static var prefix: String { "/v1/Account/" }

    let authID: String
    let authToken: Secret

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix(Self.prefix) else { return try await next(request, context) }
        let pathAuthID = path.dropFirst(Self.prefix.count).split(separator: "/", maxSplits: 1).first.map(String.init) ?? ""
        guard pathAuthID == authID, let (user, password) = Self.basic(request.headers[.authorization]),
              user == authID, password == authToken.value else {
            return SandboxResponse(status: 401, json: SandboxResponse.errorBody("Authentication credentials invalid")).httpResponse
        }
        return try await next(request, context)
    }

    /// `Basic base64(user:password)` → (user, password); the password may contain ':' (RFC 7617 §2).
    static func basic(_ header: String?) -> (String, String)? {
        guard let header, header.count > 6, header.prefix(6).lowercased() == "basic " else { return nil }
        guard let data = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard let colon = text.firstIndex(of: ":") else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }
}
