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

    /// The API on Hummingbird's router: request log, Plivo-shaped 404s and Basic auth as middleware, then one route
    /// per documented path of `/v1/Account/{auth_id}/`, each for every method, handed to `SandboxState` with the
    /// endpoint and ids the router matched (the state answers 405 where the API has no such method).
    func makeRouter() -> Router<BasicRequestContext> {
        let state = self.state
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: SandboxRequestLogMiddleware(logger: logger))
        router.add(middleware: SandboxNotFoundMiddleware())
        router.add(middleware: SandboxAuthMiddleware(authID: state.authID, authToken: state.authToken))
        let account = "/v1/Account/:authID"
        func route(_ path: String, _ endpoint: @escaping @Sendable (Parameters) -> SandboxEndpoint) {
            let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, context in
                var request = request
                let body = try await request.collectBody(upTo: 1 << 20)
                var query: [String: String] = [:]
                for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
                let authID = context.parameters.get("authID") ?? ""
                // The path as sent, trailing slash included: the router ignores it, the API does not.
                let relative = String(request.uri.path.dropFirst(SandboxAuthMiddleware<BasicRequestContext>.prefix.count + authID.count + 1))
                let exchange = SandboxRequest(method: request.method.rawValue, path: request.uri.path, query: query,
                                              authorization: nil, body: Data(buffer: body))
                return await state.serve(exchange, endpoint: endpoint(context.parameters), relative: relative).httpResponse
            }
            for method in [HTTPRequest.Method.get, .post, .delete, .put, .patch] {
                router.on(RouterPath(account + path), method: method, use: handler)
            }
        }
        route("/Zentrunk/Credential") { _ in .credential(id: nil) }
        route("/Zentrunk/Credential/:id") { .credential(id: $0.get("id")) }
        route("/Zentrunk/IPAccessControlList") { _ in .ipAccessControlList(id: nil) }
        route("/Zentrunk/IPAccessControlList/:id") { .ipAccessControlList(id: $0.get("id")) }
        route("/Zentrunk/URI") { _ in .uri(id: nil) }
        route("/Zentrunk/URI/:id") { .uri(id: $0.get("id")) }
        route("/Zentrunk/Trunk") { _ in .trunk(id: nil) }
        route("/Zentrunk/Trunk/:id") { .trunk(id: $0.get("id")) }
        route("/Zentrunk/Call") { _ in .call(id: nil) }
        route("/Zentrunk/Call/:id") { .call(id: $0.get("id")) }
        route("/Zentrunk/Call/:id/Insights") { .callInsights(id: $0.get("id") ?? "") }
        route("/Number") { _ in .numbers }
        route("/Number/:number") { .number($0.get("number") ?? "") }
        return router
    }
}
