import Foundation

/// One HTTP request as the transport sees it: plain values, safe to hand to the thread pool.
struct HTTPRequest: Sendable {
    var method: String
    var url: String
    /// Header lines without CRLF, e.g. `Accept: application/json`. May hold the Authorization header, so the
    /// request value itself is never logged or described.
    var headers: [String]
    var body: Data?
    var connectTimeout: Duration
    var totalTimeout: Duration
}

/// One HTTP response: status, headers (lower-cased names, last value wins) and the full body.
struct HTTPResponse: Sendable {
    var status: Int
    var headers: [String: String]
    var body: Data
}

/// A failure below HTTP (DNS, connect, TLS, timeout, truncated body), with libcurl's code and text.
struct HTTPTransportFailure: Error, Sendable {
    var curlCode: Int
    var message: String
}
