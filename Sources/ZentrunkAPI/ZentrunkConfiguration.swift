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
    /// The budget of one `send`: every attempt, and every wait between attempts, ends within it.
    public var totalTimeout: Duration
    public var retry: RetryPolicy
    /// The end of the whole command, when it has one: no request, retry wait or page starts past it, and a
    /// request's own budget is shortened to end by it.
    public var deadline: ContinuousClock.Instant?
    /// Largest response body accepted (16 MiB by default; the largest real list page is a few hundred KB).
    public var maximumResponseBytes: Int
    /// PEM file of CA certificates to trust for the API endpoint instead of the system store (`PLIVO_CA_FILE`,
    /// `--api-ca-file`), for a private CA in front of the API or a sandbox with its own certificate.
    public var caFile: String?

    public init(
        baseURL: String = ZentrunkConfiguration.defaultBaseURL,
        authID: String,
        authToken: Secret,
        userAgent: String = "trunkprobe",
        connectTimeout: Duration = .seconds(10),
        totalTimeout: Duration = .seconds(30),
        retry: RetryPolicy = RetryPolicy(),
        deadline: ContinuousClock.Instant? = nil,
        maximumResponseBytes: Int = 16 << 20,
        caFile: String? = nil
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        self.authID = authID
        self.authToken = authToken
        self.userAgent = userAgent
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.retry = retry
        self.deadline = deadline
        self.maximumResponseBytes = maximumResponseBytes
        self.caFile = caFile
    }

    /// Reads `PLIVO_AUTH_ID`, `PLIVO_AUTH_TOKEN` and `PLIVO_API_URL` (the Plivo SDKs' names), and `PLIVO_CA_FILE`;
    /// `baseURL` and `caFile` win over the variables when given. Throws `ZentrunkInputError` naming the missing
    /// variable or the unreadable CA file.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        baseURL: String? = nil,
        caFile: String? = nil,
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
        let ca = caFile ?? environment["PLIVO_CA_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        if let ca {
            let field = caFile != nil ? "api-ca-file" : "PLIVO_CA_FILE"
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: ca, isDirectory: &isDirectory), !isDirectory.boolValue,
                  FileManager.default.isReadableFile(atPath: ca) else {
                throw ZentrunkInputError(field: field, message: "cannot read CA file \(ca)")
            }
        }
        return ZentrunkConfiguration(baseURL: url, authID: id, authToken: Secret(token), userAgent: userAgent, caFile: ca)
    }
}
