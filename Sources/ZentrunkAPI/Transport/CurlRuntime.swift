internal import CCurl

/// Process-wide libcurl initialisation.
///
/// `curl_global_init` is not guaranteed thread-safe on every build of libcurl, so it runs
/// exactly once through a `static let`, which Swift initialises lazily under `swift_once`.
enum CurlRuntime {
    static let ready: Bool = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
    }()
}
