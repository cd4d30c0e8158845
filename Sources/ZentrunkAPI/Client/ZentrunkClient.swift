import Foundation
import Logging

/// The Zentrunk REST client: builds URLs and headers, sends through libcurl on the thread pool, retries idempotent
/// requests, maps failures to `ZentrunkError`, and hides the live quirks (docs/api.md) behind typed methods.
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
    ///
    /// Every attempt and every wait between attempts ends within `configuration.totalTimeout` from the first
    /// attempt (and by `configuration.deadline`): a `Retry-After` (RFC 9110 §10.2.3) that would end past it is
    /// not waited for; the error the server sent is returned at once, saying so. Error messages never carry the
    /// credentials, even when the server echoes the request's Authorization header.
    public func send(_ request: ZentrunkRequest) async throws -> ZentrunkResponse {
        do {
            return try await sendUnredacted(request)
        } catch let error as ZentrunkError {
            throw redacted(error)
        }
    }

    private func sendUnredacted(_ request: ZentrunkRequest) async throws -> ZentrunkResponse {
        let label = "\(request.method) \(request.path)"
        var url = accountURL + request.path
        if !request.query.isEmpty {
            var allowed = CharacterSet.urlQueryAllowed
            allowed.remove(charactersIn: "&=+")
            url += "?" + request.query.map {
                "\($0.name)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.value)"
            }.joined(separator: "&")
        }
        var headers = [
            "Authorization: Basic \(basicCredential)",
            "Accept: application/json",
            "User-Agent: \(configuration.userAgent)",
        ]
        var body: Data?
        if let json = request.body {
            headers.append("Content-Type: application/json")
            body = Data(json.compactJSON().utf8)
        }
        var http = HTTPRequest(method: request.method, url: url, headers: headers, body: body,
                               connectTimeout: configuration.connectTimeout, totalTimeout: configuration.totalTimeout,
                               maximumResponseBytes: configuration.maximumResponseBytes, caFile: configuration.caFile)
        let policy = configuration.retry
        var deadline = policy.now() + configuration.totalTimeout
        if let commandDeadline = configuration.deadline { deadline = min(deadline, commandDeadline) }
        var attempt = 1
        while true {
            let remaining = deadline - policy.now()
            guard remaining > .zero else {
                throw ZentrunkError(code: .transport, message: "timed out: the time allowed for this request ran out", request: label)
            }
            // libcurl's own timeouts are the remainder, so a slow attempt cannot overrun the budget either.
            http.totalTimeout = min(configuration.totalTimeout, remaining)
            http.connectTimeout = min(configuration.connectTimeout, remaining)
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
                let left = deadline - policy.now()
                guard delay < left else {
                    var error = Self.error(for: redactedBody(response), request: label)
                    error.message += " (not retried: waiting \(Self.seconds(delay)) would pass the request's time limit, "
                        + "\(Self.seconds(left)) left)"
                    throw error
                }
                logger.info("retrying after HTTP \(response.status)", metadata: [
                    "request": "\(label)", "attempt": "\(attempt)", "delay": "\(delay)",
                ])
                try await policy.sleep(delay)
                attempt += 1
                continue
            }
            throw Self.error(for: redactedBody(response), request: label)
        }
    }

    /// The response with its body's credentials removed, before any part of it is cut into a preview (a cut
    /// could split a credential so that exact matching no longer finds it). Error bodies past 64 KiB are cut
    /// first: no API error message is that long.
    func redactedBody(_ response: HTTPResponse) -> HTTPResponse {
        var copy = response
        copy.body = Data(redact(String(decoding: response.body.prefix(64 << 10), as: UTF8.self)).utf8)
        return copy
    }

    /// `auth_id:auth_token` in base64, the Basic credential (RFC 7617 §2).
    var basicCredential: String {
        Data("\(configuration.authID):\(configuration.authToken.value)".utf8).base64EncodedString()
    }

    /// Removes the credentials from text that came from the server or from libcurl: the Basic credential (and any
    /// `Basic <token68>` a server echoes), the auth token and the auth id, in case a server echoes request headers
    /// or the URL into an error body.
    func redact(_ text: String) -> String {
        var result = text
        let token = configuration.authToken.value
        for secret in [basicCredential, token] where secret.count >= 4 {
            result = result.replacingOccurrences(of: secret, with: "<redacted>")
        }
        if configuration.authID.count >= 4 {
            result = result.replacingOccurrences(of: configuration.authID, with: "<auth-id>")
        }
        // Any other Basic credential (RFC 7617 §2 token68, possibly JSON-escaped), e.g. a different encoding.
        // The lookahead keeps prose ("Basic authentication failed") intact: a credential has a digit or + / =.
        result = result.replacingOccurrences(
            of: #"(?i)\b(basic)(?:\s|%20)+(?=[A-Za-z0-9+/=\\._~-]*[0-9+/=])[A-Za-z0-9+/=\\._~-]{8,}"#,
            with: "$1 <redacted>", options: .regularExpression)
        return result
    }

    func redacted(_ error: ZentrunkError) -> ZentrunkError {
        var copy = error
        copy.message = redact(error.message)
        copy.requestID = error.requestID.map(redact)
        copy.request = error.request.map(redact)
        return copy
    }

    static func seconds(_ duration: Duration) -> String {
        let (whole, atto) = duration.components
        let value = Double(whole) + Double(atto) / 1e18
        return String(format: "%.1f s", value)
    }

    /// Sends and parses the JSON body (`.null` for 204).
    public func sendJSON(_ request: ZentrunkRequest) async throws -> JSONValue {
        let response = try await send(request)
        do {
            return try response.json(request: "\(request.method) \(request.path)")
        } catch let error as ZentrunkError {
            // A 2xx that is not JSON is previewed in the error; preview the redacted body instead.
            var safe = response
            safe.body = Data(redact(String(decoding: response.body.prefix(64 << 10), as: UTF8.self)).utf8)
            var copy = error
            copy.message = "response is not JSON: \(ZentrunkResponse.preview(safe.body))"
            throw redacted(copy)
        }
    }

    static func describe(_ failure: HTTPTransportFailure) -> String {
        switch failure.curlCode {
        case 6: "could not resolve host: \(failure.message)"
        case 7: "could not connect: \(failure.message)"
        case 18: "response cut short (body shorter than Content-Length): \(failure.message)"
        case 28: "timed out: \(failure.message)"
        case 52: "server closed the connection without a response: \(failure.message)"
        case 56: "connection reset while receiving: \(failure.message)"
        case HTTPTransportFailure.bodyTooLargeCode, HTTPTransportFailure.fileSizeExceededCode: failure.message
        case 60, 77: "TLS certificate not trusted (set PLIVO_CA_FILE or --api-ca-file for a private CA): \(failure.message)"
        default: "curl error \(failure.curlCode): \(failure.message)"
        }
    }

    /// Builds the error for a non-2xx response: message from `error`, then `message` (docs/api.md).
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
