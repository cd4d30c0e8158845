import Foundation
import Hummingbird
import Logging

/// `sandbox --verbose`: one line per request — method, path (with query), status and how long the sandbox
/// took. Never a header: the Authorization header carries the account's token.
struct SandboxRequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let line = "\(request.method.rawValue) \(request.uri.path)\(request.uri.query.map { "?\($0)" } ?? "")"
        let clock = ContinuousClock()
        let start = clock.now
        func took() -> String {
            let elapsed = start.duration(to: clock.now).components
            let ms = Double(elapsed.seconds) * 1000 + Double(elapsed.attoseconds) / 1e15
            return String(format: "%.1f ms", ms)
        }
        do {
            let response = try await next(request, context)
            logger.info("\(line) → \(response.status.code) in \(took())")
            return response
        } catch let error as any HTTPResponseError {
            logger.info("\(line) → \(error.status.code) in \(took())")
            throw error
        }
    }
}
