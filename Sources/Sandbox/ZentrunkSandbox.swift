import Foundation
import Hummingbird
import Logging
import ZentrunkAPI

/// A Zentrunk-compatible API served on Hummingbird, with state in memory (`SandboxState`).
///
/// Same paths as `https://api.plivo.com/v1/`, Basic auth checked against the auth id and token it was started with,
/// errors in Plivo's `{"api_id","error"}` shape. For demos, dry runs and the client's tests.
public struct ZentrunkSandbox: Sendable {
    public let state: SandboxState
    public let host: String
    public let port: Int
    let logger: Logger

    public init(authID: String, authToken: Secret, host: String = "127.0.0.1", port: Int = 0,
                logger: Logger = Logger(label: "trunkprobe.sandbox")) {
        self.state = SandboxState(authID: authID, authToken: authToken)
        self.host = host
        self.port = port
        self.logger = logger
    }

    /// Serves until the task is cancelled. `onListening` receives the bound port (useful with port 0).
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let app = Application(
            router: makeRouter(),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "zentrunk-sandbox"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        try await app.run()
    }

    /// The API on Hummingbird's router: request log, Plivo-shaped 404s and Basic auth as middleware, then every
    /// method of `/v1/Account/{auth_id}/**` handed to `SandboxState` (which answers 405 where the API does).
    func makeRouter() -> Router<BasicRequestContext> {
        let state = self.state
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: SandboxRequestLogMiddleware(logger: logger))
        router.add(middleware: SandboxNotFoundMiddleware())
        router.add(middleware: SandboxAuthMiddleware(authID: state.authID, authToken: state.authToken))
        let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, context in
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            var query: [String: String] = [:]
            for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
            let authID = context.parameters.get("authID") ?? ""
            // The path as sent, trailing slash included: the API's paths all end in '/', and one without is 404.
            let relative = String(request.uri.path.dropFirst(SandboxAuthMiddleware<BasicRequestContext>.prefix.count + authID.count + 1))
            let exchange = SandboxRequest(method: request.method.rawValue, path: request.uri.path, query: query,
                                          authorization: nil, body: Data(buffer: body))
            return await state.serve(exchange, relative: relative).httpResponse
        }
        for method in [HTTPRequest.Method.get, .post, .delete, .put, .patch] {
            router.on("/v1/Account/:authID/**", method: method, use: handler)
        }
        return router
    }
}
