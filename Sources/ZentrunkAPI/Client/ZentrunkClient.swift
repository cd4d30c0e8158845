import Foundation
import Logging

/// The Zentrunk REST client: builds URLs and headers, sends through libcurl on the thread pool, retries idempotent
/// requests, maps failures to `ZentrunkError`, and hides the live quirks (reference §3, §9) behind typed methods.
public struct ZentrunkClient: Sendable {
    public let configuration: ZentrunkConfiguration
    let logger: Logger
    let transport: CurlTransport

    public init(configuration: ZentrunkConfiguration, logger: Logger = Logger(label: "trunkprobe.zentrunk")) {
        self.configuration = configuration
        self.logger = logger
        self.transport = CurlTransport()
    }

    /// `https://api.plivo.com/v1/Account/{auth_id}/` (or the override).
    var accountURL: String {
        configuration.baseURL + "Account/" + ZentrunkRequest.encodeSegment(configuration.authID) + "/"
    }

    /// Sends one request. 2xx returns; 429 and 5xx on GET/DELETE are retried per `configuration.retry`;
    /// everything else becomes a `ZentrunkError` carrying status, the API's message and the request id.
    public func send(_ request: ZentrunkRequest) async throws -> ZentrunkResponse {
        let label = "\(request.method) \(request.path)"
        var url = accountURL + request.path
        if !request.query.isEmpty {
            var allowed = CharacterSet.urlQueryAllowed
            allowed.remove(charactersIn: "&=+")
            url += "?" + request.query.map {
                "\($0.name)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.value)"
            }.joined(separator: "&")
        }
        let credentials = Data("\(configuration.authID):\(configuration.authToken.value)".utf8).base64EncodedString()
        var headers = [
            "Authorization: Basic \(credentials)",
            "Accept: application/json",
            "User-Agent: \(configuration.userAgent)",
        ]
        var body: Data?
        if let json = request.body {
            headers.append("Content-Type: application/json")
            body = Data(json.compactJSON().utf8)
        }
        let http = HTTPRequest(method: request.method, url: url, headers: headers, body: body,
                               connectTimeout: configuration.connectTimeout, totalTimeout: configuration.totalTimeout)
        let policy = configuration.retry
        var attempt = 1
        while true {
            logger.debug("zentrunk request", metadata: ["request": "\(request.redactedDescription)", "attempt": "\(attempt)"])
            let response: HTTPResponse
            do {
                response = try await transport.send(http)
            } catch let failure as HTTPTransportFailure {
                throw ZentrunkError(code: .transport, message: Self.describe(failure), request: label)
            }
            let requestID = response.headers["x-request-id"]
            if (200...299).contains(response.status) {
                return ZentrunkResponse(status: response.status, requestID: requestID, body: response.body)
            }
            if request.isIdempotent, RetryPolicy.isRetryable(status: response.status), attempt < policy.maxAttempts {
                let delay = policy.delay(afterAttempt: attempt, retryAfter: response.headers["retry-after"])
                logger.info("retrying after HTTP \(response.status)", metadata: [
                    "request": "\(label)", "attempt": "\(attempt)", "delay": "\(delay)",
                ])
                try await policy.sleep(delay)
                attempt += 1
                continue
            }
            throw Self.error(for: response, request: label)
        }
    }

    /// Sends and parses the JSON body (`.null` for 204).
    public func sendJSON(_ request: ZentrunkRequest) async throws -> JSONValue {
        try await send(request).json(request: "\(request.method) \(request.path)")
    }

    static func describe(_ failure: HTTPTransportFailure) -> String {
        switch failure.curlCode {
        case 6: "could not resolve host: \(failure.message)"
        case 7: "could not connect: \(failure.message)"
        case 18: "response cut short (body shorter than Content-Length): \(failure.message)"
        case 28: "timed out: \(failure.message)"
        case 52: "server closed the connection without a response: \(failure.message)"
        case 56: "connection reset while receiving: \(failure.message)"
        default: "curl error \(failure.curlCode): \(failure.message)"
        }
    }

    /// Builds the error for a non-2xx response: message from `error`, then `message` (reference §2.4).
    static func error(for response: HTTPResponse, request: String) -> ZentrunkError {
        var message: String?
        var requestID = response.headers["x-request-id"]
        if let json = try? JSONDecoder().decode(JSONValue.self, from: response.body) {
            for key in ["error", "global_error", "message"] {
                if let text = json[key]?.stringValue, !text.isEmpty { message = text; break }
                if case .object(let nested)? = json[key] {
                    message = nested.map { "\($0.key): \($0.value.stringValue ?? $0.value.compactJSON())" }
                        .sorted().joined(separator: "; ")
                    break
                }
            }
            if let apiID = json["api_id"]?.stringValue { requestID = apiID }
        }
        let fallback = response.body.isEmpty ? "no response body" : "body: \(ZentrunkResponse.preview(response.body))"
        return ZentrunkError(code: .forStatus(response.status), message: message ?? fallback,
                             status: response.status, requestID: requestID, request: request)
    }

    func log(warnings: [String]) {
        for warning in warnings { logger.warning("\(warning)") }
    }
}
