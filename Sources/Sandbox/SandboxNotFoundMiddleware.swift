import Hummingbird

/// Answers a path the router does not know in Plivo's error shape (`404 {"api_id","error"}`), as the live API
/// does, instead of Hummingbird's empty 404.
struct SandboxNotFoundMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            return SandboxResponse(status: 404, json: SandboxResponse.errorBody("no such endpoint: \(request.uri.path)")).httpResponse
        }
    }
}
