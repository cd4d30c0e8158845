internal import COSIP
#if canImport(Glibc)
import Glibc
#endif
internal import COSIPShims

/// The only place `osip_message_t` pointers live: builds and parses SIP messages through libosip2.
///
/// Ownership rules of libosip2 5.x (osip_message.h): `osip_message_set_method`,
/// `_set_version`, `_set_reason_phrase` and `_set_uri` take ownership of their argument, so they get an
/// `osip_strdup` copy; the header setters parse and copy; `osip_message_to_str` returns memory we free.
struct OSIPMessage: ~Copyable {
    private let raw: UnsafeMutablePointer<osip_message_t>

    private init() throws(SIPParseError) {
        guard OSIPRuntime.ready else { throw SIPParseError(.parserFailure, "libosip2 parser_init failed") }
        var m: UnsafeMutablePointer<osip_message_t>?
        guard osip_message_init(&m) == 0, let m else { throw SIPParseError(.parserFailure, "osip_message_init failed") }
        raw = m
    }

    deinit { osip_message_free(raw) }

    // MARK: building

    static func serialize(_ request: SIPRequest) throws(SIPParseError) -> [UInt8] {
        let message = try OSIPMessage()
        osip_message_set_method(message.raw, COSIP_osip_strdup(request.method))
        osip_message_set_version(message.raw, COSIP_osip_strdup("SIP/2.0"))
        var uri: UnsafeMutablePointer<osip_uri_t>?
        guard osip_uri_init(&uri) == 0, let uri else { throw SIPParseError(.parserFailure, "osip_uri_init failed") }
        guard osip_uri_parse(uri, request.uri) == 0 else {
            osip_uri_free(uri)
            throw SIPParseError(.malformedURI, "libosip2 rejects the Request-URI '\(request.uri)'")
        }
        osip_message_set_uri(message.raw, uri)  // takes ownership
        try message.setHeaders(request.headers, body: request.body)
        return try message.toBytes()
    }

    static func serialize(_ response: SIPResponse) throws(SIPParseError) -> [UInt8] {
        let message = try OSIPMessage()
        osip_message_set_version(message.raw, COSIP_osip_strdup("SIP/2.0"))
        osip_message_set_status_code(message.raw, Int32(response.statusCode))
        osip_message_set_reason_phrase(message.raw, COSIP_osip_strdup(response.reason))
        try message.setHeaders(response.headers, body: response.body)
        return try message.toBytes()
    }

    private func setHeaders(_ headers: SIPHeaders, body: [UInt8]) throws(SIPParseError) {
        for field in headers {
            let rc: Int32
            switch SIPHeaders.canonicalName(field.name) {
            case "content-length":
                continue  // always derived from the body, below
            // The typed setters parse and copy (they do not take ownership). They are also about twice as
            // fast as the generic dispatcher, which `make bench` measures; a value with a comma may hold
            // several entries (RFC 3261 §7.3.1), so those go through the dispatcher that splits them.
            case "via" where !field.value.utf8.contains(44): rc = osip_message_set_via(raw, field.value)
            case "from": rc = osip_message_set_from(raw, field.value)
            case "to": rc = osip_message_set_to(raw, field.value)
            case "call-id": rc = osip_message_set_call_id(raw, field.value)
            case "cseq": rc = osip_message_set_cseq(raw, field.value)
            case "contact" where !field.value.utf8.contains(44): rc = osip_message_set_contact(raw, field.value)
            case "accept" where !field.value.utf8.contains(44): rc = osip_message_set_accept(raw, field.value)
            case "content-type": rc = osip_message_set_content_type(raw, field.value)
            case "max-forwards", "user-agent", "server", "supported", "subject", "date", "timestamp", "warning":
                rc = osip_message_set_header(raw, field.name, field.value)
            default:
                // osip_message_set_multiple_header dispatches known names to their typed lists (splitting
                // comma lists such as Allow) and trims its arguments in place, hence mutable copies.
                let name = strdup(field.name)
                let value = strdup(field.value)
                defer { free(name); free(value) }
                rc = osip_message_set_multiple_header(raw, name, value)
            }
            guard rc == 0 else {
                throw SIPParseError(.malformedHeader, "libosip2 rejects the header '\(field.name): \(field.value)'")
            }
        }
        if !body.isEmpty {
            let rc = body.withUnsafeBufferPointer { buf in
                buf.withMemoryRebound(to: CChar.self) { osip_message_set_body(raw, $0.baseAddress, buf.count) }
            }
            guard rc == 0 else { throw SIPParseError(.malformedHeader, "libosip2 rejects the body") }
        }
        // Content-Length is mandatory on streams (RFC 3261 §18.3, §20.14); it always matches the body.
        guard osip_message_set_content_length(raw, String(body.count)) == 0 else {
            throw SIPParseError(.malformedHeader, "cannot set Content-Length")
        }
    }

    private func toBytes() throws(SIPParseError) -> [UInt8] {
        var buffer: UnsafeMutablePointer<CChar>?
        var length = 0
        guard osip_message_to_str(raw, &buffer, &length) == 0, let buffer else {
            throw SIPParseError(.parserFailure, "libosip2 could not serialize the message (a required header is missing?)")
        }
        defer { COSIP_osip_free(buffer) }
        return buffer.withMemoryRebound(to: UInt8.self, capacity: length) { Array(UnsafeBufferPointer(start: $0, count: length)) }
    }

    // MARK: parsing

    static func parse(_ bytes: [UInt8]) throws(SIPParseError) -> SIPMessage {
        let length = try precheck(bytes)
        let message = try OSIPMessage()
        let rc = bytes.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { osip_message_parse(message.raw, $0.baseAddress, length) }
        }
        guard rc == 0 else { throw SIPParseError(.parserFailure, "libosip2 could not parse the message (code \(rc))") }
        return try message.toValue()
    }

    /// Cheap checks before untrusted bytes reach C: size, a start line with its two spaces, a blank line
    /// ending the headers, a Content-Length that is a number in range and not more than the bytes that
    /// arrived. Returns how many bytes to parse: RFC 3261 §18.3 discards bytes past the declared body, and
    /// a body shorter than declared is an error (so libosip2 never reads a length it was lied to about).
    /// Byte-level on purpose: this runs for every datagram (see `make bench`).
    private static func precheck(_ bytes: [UInt8]) throws(SIPParseError) -> Int {
        guard !bytes.isEmpty else { throw SIPParseError(.empty, "empty message") }
        guard bytes.count <= SIPMessage.maximumSize else {
            throw SIPParseError(.tooLarge, "message of \(bytes.count) bytes exceeds \(SIPMessage.maximumSize)")
        }
        return try bytes.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(SIPParseError) -> Int in
            guard let lf = b.firstIndex(of: 10) else { throw SIPParseError(.malformedStartLine, "no line ending in the message") }
            var end = lf
            if end > 0 && b[end - 1] == 13 { end -= 1 }
            let line = UnsafeBufferPointer(rebasing: b[0..<end])
            func bad(_ why: String) -> SIPParseError {
                SIPParseError(.malformedStartLine, "\(why): '\(String(decoding: line.prefix(80), as: UTF8.self))'")
            }
            guard let sp1 = line.firstIndex(of: 32), sp1 > 0 else { throw bad("bad start line") }
            guard let sp2 = line[(sp1 + 1)...].firstIndex(of: 32), sp2 > sp1 + 1, sp2 + 1 < line.count else {
                throw bad("bad start line")
            }
            let version: [UInt8] = Array("SIP/2.0".utf8)
            if line.starts(with: Array("SIP/".utf8)) {
                guard sp1 == version.count, line.starts(with: version) else { throw bad("unsupported SIP version") }
                let code = line[(sp1 + 1)..<sp2]
                guard code.count == 3, code.allSatisfy({ $0 >= 48 && $0 <= 57 }), code.first! >= 49, code.first! <= 54 else {
                    throw bad("bad status code")
                }
            } else {
                let tail = line[(sp2 + 1)...]
                guard tail.elementsEqual(version) else { throw bad("bad request line") }
            }
            // The header section must end with an empty line (CRLFCRLF, or LFLF from lax senders).
            var i = lf
            var terminated = false
            while i + 1 < b.count {
                if b[i] == 10 && (b[i + 1] == 10 || (b[i + 1] == 13 && i + 2 < b.count && b[i + 2] == 10)) {
                    terminated = true
                    break
                }
                i += 1
            }
            guard terminated else {
                throw SIPParseError(.malformedHeader, "the header section is not terminated by an empty line")
            }
            let headerEnd = b[i + 1] == 10 ? i + 2 : i + 3
            guard let declared = try SIPContentLength.declared(in: UnsafeBufferPointer(rebasing: b[0..<headerEnd])) else {
                return b.count
            }
            let arrived = b.count - headerEnd
            guard declared <= arrived else {
                throw SIPParseError(.truncatedBody, "body of \(arrived) bytes is shorter than its Content-Length \(declared)")
            }
            return headerEnd + declared
        }
    }

    private final class HeaderCollector {
        var headers = SIPHeaders(reservingCapacity: 16)
    }

    private func toValue() throws(SIPParseError) -> SIPMessage {
        let collector = HeaderCollector()
        let rc = withExtendedLifetime(collector) {
            COSIPShims_message_foreach_header(
                UnsafeMutableRawPointer(raw),
                { context, name, value in
                    guard let context, let name, let value else { return }
                    let box = Unmanaged<HeaderCollector>.fromOpaque(context).takeUnretainedValue()
                    box.headers.add(String(cString: name), String(cString: value))
                },
                Unmanaged.passUnretained(collector).toOpaque())
        }
        guard rc == 0 else { throw SIPParseError(.malformedHeader, "a header could not be read back from libosip2") }
        var body: [UInt8] = []
        if let element = osip_list_get(&raw.pointee.bodies, 0) {
            let part = element.assumingMemoryBound(to: osip_body_t.self)
            if let data = part.pointee.body {
                body = data.withMemoryRebound(to: UInt8.self, capacity: part.pointee.length) {
                    Array(UnsafeBufferPointer(start: $0, count: part.pointee.length))
                }
            }
        }
        if raw.pointee.status_code != 0 {
            let reason = raw.pointee.reason_phrase.map { String(cString: $0) } ?? ""
            return .response(SIPResponse(statusCode: Int(raw.pointee.status_code), reason: reason,
                                         headers: collector.headers, body: body))
        }
        guard let method = raw.pointee.sip_method, let uri = raw.pointee.req_uri else {
            throw SIPParseError(.malformedStartLine, "request without method or Request-URI")
        }
        var uriText: UnsafeMutablePointer<CChar>?
        guard osip_uri_to_str(uri, &uriText) == 0, let uriText else {
            throw SIPParseError(.malformedURI, "the Request-URI could not be read back")
        }
        defer { COSIP_osip_free(uriText) }
        return .request(SIPRequest(method: String(cString: method), uri: String(cString: uriText),
                                   headers: collector.headers, body: body))
    }
}
