import Foundation

/// Where and how the client talks to the API.
public struct ZentrunkConfiguration: Sendable {
    public static let defaultBaseURL = "https://api.plivo.com/v1/"

    /// Base URL up to and including `v1/`; a trailing slash is added if missing.
    public var baseURL: String
    public var authID: String
    public var authToken: Secret
    public var userAgent: String
    public var connectTimeout: Duration
    public var totalTimeout: Duration
    public var retry: RetryPolicy

    public init(
        baseURL: String = ZentrunkConfiguration.defaultBaseURL,
        authID: String,
        authToken: Secret,
        userAgent: String = "trunkprobe",
        connectTimeout: Duration = .seconds(10),
        totalTimeout: Duration = .seconds(30),
        retry: RetryPolicy = RetryPolicy()
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        self.authID = authID
        self.authToken = authToken
        self.userAgent = userAgent
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.retry = retry
    }

    /// Reads `PLIVO_AUTH_ID`, `PLIVO_AUTH_TOKEN` and `PLIVO_API_URL` (the Plivo SDKs' names); `baseURL` wins over
    /// `PLIVO_API_URL` when given. Throws `ZentrunkInputError` naming the missing variable.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        baseURL: String? = nil,
        userAgent: String = "trunkprobe"
    ) throws -> ZentrunkConfiguration {
        guard let id = environment["PLIVO_AUTH_ID"], !id.isEmpty else {
            throw ZentrunkInputError(field: "PLIVO_AUTH_ID", message: "not set; export your Plivo Auth ID")
        }
        guard let token = environment["PLIVO_AUTH_TOKEN"], !token.isEmpty else {
            throw ZentrunkInputError(field: "PLIVO_AUTH_TOKEN", message: "not set; export your Plivo Auth Token")
        }
        let url = baseURL ?? environment["PLIVO_API_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultBaseURL
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw ZentrunkInputError(field: "api-url", message: "must start with http:// or https://, got \(url)")
        }
        return ZentrunkConfiguration(baseURL: url, authID: id, authToken: Secret(token), userAgent: userAgent)
    }
}
