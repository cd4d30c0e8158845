internal import COSIP

/// Validates URI strings with libosip2's own URI parser, the one that will build the Request-URI.
enum OSIPURI {
    static func validate(_ text: String) throws(SIPParseError) {
        guard OSIPRuntime.ready else { throw SIPParseError(.parserFailure, "libosip2 parser_init failed") }
        var uri: UnsafeMutablePointer<osip_uri_t>?
        guard osip_uri_init(&uri) == 0, let uri else { throw SIPParseError(.parserFailure, "osip_uri_init failed") }
        defer { osip_uri_free(uri) }
        guard osip_uri_parse(uri, text) == 0, uri.pointee.host != nil else {
            throw SIPParseError(.malformedURI, "libosip2 rejects the URI '\(text)'")
        }
    }
}
