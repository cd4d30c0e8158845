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
        let state = self.state
        let responder = CallbackResponder<BasicRequestContext> { request, context in
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            var query: [String: String] = [:]
            for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
            let exchange = SandboxRequest(
                method: request.method.rawValue, path: request.uri.path, query: query,
                authorization: request.headers[.authorization], body: Data(buffer: body))
            let response = await state.handle(exchange)
            var headers = HTTPFields()
            // Retry-After is the only extra header the sandbox ever sets (fault injection).
            if let retryAfter = response.headers["Retry-After"] { headers[.retryAfter] = retryAfter }
            guard let json = response.json, response.status != 204 else {
                return Response(status: .init(code: response.status), headers: headers)
            }
            headers[.contentType] = "application/json"
            let text = json.compactJSON() + "\n"
            return Response(status: .init(code: response.status), headers: headers,
                            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
        let app = Application(
            responder: responder,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "zentrunk-sandbox"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        try await app.run()
    }
}
