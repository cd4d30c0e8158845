import Hummingbird
import Logging

/// `sandbox --verbose`: one line per request — method, path (with query), status. Never a header: the
/// Authorization header carries the account's token.
struct SandboxRequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let line = "\(request.method.rawValue) \(request.uri.path)\(request.uri.query.map { "?\($0)" } ?? "")"
        do {
            let response = try await next(request, context)
            logger.info("\(line) → \(response.status.code)")
            return response
        } catch let error as any HTTPResponseError {
            logger.info("\(line) → \(error.status.code)")
            throw error
        }
    }
}
