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
    /// Largest body accepted; the transfer is aborted past it rather than buffered (a hostile or broken server
    /// can send gigabytes).
    var maximumResponseBytes: Int
    /// PEM file of CA certificates to trust instead of the system store (a private CA in front of the API).
    var caFile: String?
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

    /// libcurl's CURLE_WRITE_ERROR (23): the write callback refused bytes, which ours does only past the body cap.
    static let bodyTooLargeCode = 23
    /// libcurl's CURLE_FILESIZE_EXCEEDED (63): Content-Length announced a body past the cap.
    static let fileSizeExceededCode = 63
}
