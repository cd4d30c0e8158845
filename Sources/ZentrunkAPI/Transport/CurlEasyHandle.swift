internal import CCurl
import Foundation

/// Owns one libcurl easy handle for one request, and everything libcurl points into while it runs.
///
/// Intentionally **not** thread-safe, like corelibs-foundation's `_EasyHandle`: it is created, used and freed on
/// one thread-pool thread inside `CurlTransport`. The header list and the sink are kept in stored properties
/// because libcurl holds raw pointers to them until `curl_easy_cleanup` (libcurl's CURLOPT_POSTFIELDS, CURLOPT_HTTPHEADER).
final class CurlEasyHandle {
    /// Collects body bytes and header lines; libcurl calls into it through `Unmanaged` userdata.
    final class Sink {
        var body = Data()
        var headers: [String: String] = [:]
        /// The body cap for this transfer; set before `perform`.
        var maximumBodyBytes = Int.max
        /// Set when the write callback refused bytes because the body passed the cap.
        var overflowed = false
    }

    private let raw: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let sink = Sink()
    /// libcurl writes failure details here during `perform`; allocated by hand because libcurl keeps the raw
    /// pointer past the setopt call, which a Swift array's `withUnsafe…` pointer must not outlive.
    private let errorBuffer: UnsafeMutablePointer<CChar>

    init() throws {
        guard CurlRuntime.ready, let handle = curl_easy_init() else {
            throw HTTPTransportFailure(curlCode: -1, message: "libcurl could not be initialised")
        }
        raw = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        curl_easy_cleanup(raw)
        if let headerList { curl_slist_free_all(headerList) }
        errorBuffer.deallocate()
    }

    /// Performs `request` synchronously. Blocks the calling thread: only ever call it from the thread pool.
    func perform(_ request: HTTPRequest) throws -> HTTPResponse {
        try check(CCurl_easy_setopt_string(raw, CURLOPT_URL, request.url))
        // Signals are process-wide; a library running on pool threads must not use them for timeouts (CURLOPT_NOSIGNAL).
        try check(CCurl_easy_setopt_long(raw, CURLOPT_NOSIGNAL, 1))
        try check(CCurl_easy_setopt_long(raw, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(request.connectTimeout)))
        try check(CCurl_easy_setopt_long(raw, CURLOPT_TIMEOUT_MS, Self.milliseconds(request.totalTimeout)))
        try check(CCurl_easy_setopt_long(raw, CURLOPT_FOLLOWLOCATION, 0))
        // A Content-Length past the cap fails before any body byte is read; a chunked or lying body is cut off
        // by the write callback below.
        try check(CCurl_easy_setopt_off_t(raw, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(request.maximumResponseBytes)))
        sink.maximumBodyBytes = request.maximumResponseBytes
        if let caFile = request.caFile {
            try check(CCurl_easy_setopt_string(raw, CURLOPT_CAINFO, caFile))
        }
        try check(CCurl_easy_setopt_string(raw, CURLOPT_CUSTOMREQUEST, request.method))
        if request.method == "HEAD" { try check(CCurl_easy_setopt_long(raw, CURLOPT_NOBODY, 1)) }
        if let body = request.body, !body.isEmpty {
            // COPYPOSTFIELDS copies, so the Swift buffer need not outlive this call.
            try check(CCurl_easy_setopt_long(raw, CURLOPT_POSTFIELDSIZE, body.count))
            let code: CURLcode = body.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> CURLcode in
                let base: UnsafeMutableRawPointer? = bytes.baseAddress.map { UnsafeMutableRawPointer(mutating: $0) }
                return CCurl_easy_setopt_pointer(raw, CURLOPT_COPYPOSTFIELDS, base)
            }
            try check(code)
        }
        if let old = headerList { curl_slist_free_all(old) }  // a second perform on this handle replaces the list
        var list: UnsafeMutablePointer<curl_slist>?
        // An empty Expect stops libcurl waiting for 100-continue on bodies over 1 KiB.
        for line in request.headers + ["Expect:"] {
            list = curl_slist_append(list, line)
        }
        headerList = list
        try check(CCurl_easy_setopt_slist(raw, CURLOPT_HTTPHEADER, list))
        try check(CCurl_easy_setopt_pointer(raw, CURLOPT_ERRORBUFFER, errorBuffer))

        let userdata = Unmanaged.passUnretained(sink).toOpaque()
        try check(CCurl_easy_setopt_write_callback(raw, CURLOPT_WRITEFUNCTION, { data, size, count, userdata in
            let sink = Unmanaged<Sink>.fromOpaque(userdata!).takeUnretainedValue()
            let length = size * count
            if sink.body.count + length > sink.maximumBodyBytes {
                sink.overflowed = true
                return 0  // anything but `length` makes libcurl abort the transfer with CURLE_WRITE_ERROR
            }
            if let data, length > 0 { sink.body.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: length) }
            return length
        }))
        try check(CCurl_easy_setopt_pointer(raw, CURLOPT_WRITEDATA, userdata))
        // The header callback has the write callback's C type, so the same typed setter serves.
        try check(CCurl_easy_setopt_write_callback(raw, CURLOPT_HEADERFUNCTION, { data, size, count, userdata in
            let sink = Unmanaged<Sink>.fromOpaque(userdata!).takeUnretainedValue()
            let length = size * count
            guard let data, length > 0 else { return length }
            let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
            if line.hasPrefix("HTTP/") {
                sink.headers = [:]  // a new response (after a redirect or 100) starts a fresh header set
            } else if let colon = line.firstIndex(of: ":") {
                let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
                sink.headers[name] = value
            }
            return length
        }))
        try check(CCurl_easy_setopt_pointer(raw, CURLOPT_HEADERDATA, userdata))

        let code = withExtendedLifetime(sink) { curl_easy_perform(raw) }
        guard code == CURLE_OK else {
            if sink.overflowed || Int(code.rawValue) == HTTPTransportFailure.fileSizeExceededCode {
                throw HTTPTransportFailure(curlCode: Int(code.rawValue),
                                           message: "response body larger than \(request.maximumResponseBytes) bytes; transfer aborted")
            }
            let detail = String(cString: errorBuffer)
            let text = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
            throw HTTPTransportFailure(curlCode: Int(code.rawValue), message: text)
        }
        var status = 0
        _ = CCurl_easy_getinfo_long(raw, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponse(status: status, headers: sink.headers, body: sink.body)
    }

    private func check(_ code: CURLcode) throws {
        guard code == CURLE_OK else {
            throw HTTPTransportFailure(curlCode: Int(code.rawValue), message: String(cString: curl_easy_strerror(code)))
        }
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}

@available(*, unavailable)
extension CurlEasyHandle: Sendable {}
