import NIOPosix

/// Sends `HTTPRequest`s with libcurl on NIO's blocking-IO thread pool.
///
/// `curl_easy_perform` blocks for the whole exchange, so it must never run on the cooperative pool or an event loop
/// (no blocking call on an event loop or the cooperative pool). Each call gets its own easy handle, created and freed on the pool thread that runs it.
struct CurlTransport: Sendable {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await NIOThreadPool.singleton.runIfActive {
            let handle = try CurlEasyHandle()
            return try handle.perform(request)
        }
    }
}
