import Foundation
import Testing
@testable import SIPClient

/// Name checks (RFC 5922 §7.1, RFC 6125 §6) without any network.
@Suite struct TLSIdentityTests {
    func cert(dns: [String] = [], uris: [String] = [], ips: [String] = [], cn: String? = nil) -> TLSSessionReport.Certificate {
        .init(subject: "", issuer: "", commonName: cn, dnsNames: dns, uris: uris, ipAddresses: ips,
              notBefore: "", notAfter: "", daysLeft: 100, serialNumber: "01")
    }

    @Test func exactDNSMatchIgnoresCaseAndTrailingDot() throws {
        let m = try #require(TLSIdentity.match(expected: "Trunk.Test.", in: cert(dns: ["other.test", "trunk.test"])))
        #expect(m.source == .dnsSAN && m.matched == "trunk.test" && !m.wildcard && m.note == nil)
    }

    @Test func wildcardMatchesOneLabelWithNote() throws {
        let m = try #require(TLSIdentity.match(expected: "abc.sip.livekit.cloud", in: cert(dns: ["*.sip.livekit.cloud"])))
        #expect(m.wildcard && m.note?.contains("RFC 5922") == true)
        #expect(TLSIdentity.match(expected: "a.b.sip.livekit.cloud", in: cert(dns: ["*.sip.livekit.cloud"])) == nil)
        #expect(TLSIdentity.match(expected: "sip.livekit.cloud", in: cert(dns: ["*.sip.livekit.cloud"])) == nil)
        #expect(TLSIdentity.match(expected: "example.com", in: cert(dns: ["*.com"])) == nil)
        #expect(TLSIdentity.match(expected: "foo.example.com", in: cert(dns: ["f*.example.com"])) == nil)
    }

    @Test func exactMatchPreferredOverWildcard() throws {
        let m = try #require(TLSIdentity.match(expected: "a.example.com", in: cert(dns: ["*.example.com", "a.example.com"])))
        #expect(!m.wildcard)
    }

    @Test func sipURISANCounts() throws {
        let m = try #require(TLSIdentity.match(expected: "trunk.test", in: cert(uris: ["sip:trunk.test;transport=tls"])))
        #expect(m.source == .uriSAN)
        #expect(TLSIdentity.match(expected: "trunk.test", in: cert(uris: ["sips:trunk.test"])) == nil)
        #expect(TLSIdentity.match(expected: "trunk.test", in: cert(uris: ["sip:alice@trunk.test"])) == nil)
        #expect(TLSIdentity.match(expected: "trunk.test", in: cert(uris: ["https://trunk.test/"])) == nil)
    }

    @Test func commonNameOnlyWithoutSANs() throws {
        let m = try #require(TLSIdentity.match(expected: "trunk.test", in: cert(cn: "trunk.test")))
        #expect(m.source == .commonName)
        // RFC 6125 §6.4.4: a DNS SAN present means the CN is ignored.
        #expect(TLSIdentity.match(expected: "trunk.test", in: cert(dns: ["other.test"], cn: "trunk.test")) == nil)
    }

    @Test func ipLiteralMatchesIPSANsOnly() throws {
        #expect(TLSIdentity.match(expected: "192.0.2.10", in: cert(ips: ["192.0.2.10"]))?.source == .ipSAN)
        #expect(TLSIdentity.match(expected: "192.0.2.10", in: cert(dns: ["192.0.2.10"])) == nil)
        #expect(TLSIdentity.match(expected: "[2001:db8::1]", in: cert(ips: ["2001:db8::1"]))?.source == .ipSAN)
        #expect(TLSIdentity.match(expected: "2001:DB8:0:0::1", in: cert(ips: ["2001:db8::1"]))?.source == .ipSAN)
        #expect(TLSIdentity.isIPLiteral("10.0.0.1") && !TLSIdentity.isIPLiteral("trunk.test") && !TLSIdentity.isIPLiteral("1.2.3"))
    }

    @Test func failureReasonsHaveTextAndSnakeCaseNames() {
        for f in TLSFailure.allCases {
            #expect(!f.explanation.isEmpty && !f.hint.isEmpty)
            #expect(f.rawValue == f.rawValue.lowercased())
        }
        #expect(TLSFailure.clientCertificateRequired.rawValue == "client_certificate_required")
    }

    @Test func reportEncodesSnakeCaseAndFlagsExpirySoon() throws {
        var c = cert(dns: ["trunk.test"])
        c.daysLeft = 5
        let r = TLSSessionReport(role: .client, protocolVersion: "TLSv1.3", cipher: "TLS_AES_128_GCM_SHA256",
                                 serverName: "trunk.test", peerCertificate: c, chainVerification: .verified,
                                 verifyResult: "ok", nameMatch: nil, clientCertificateRequested: false,
                                 clientCertificateSent: false, insecure: false)
        #expect(r.expiresSoon)
        let json = String(decoding: try JSONEncoder().encode(r), as: UTF8.self)
        for key in ["protocol_version", "peer_certificate", "days_left", "not_after", "dns_names",
                    "chain_verification", "client_certificate_sent", "insecure", "expires_soon"] {
            #expect(json.contains("\"\(key)\""), "missing \(key) in \(json)")
        }
        // The text lines (expiry, --insecure) are Reporting's TLSTextLines, tested with the other renderers.
        let back = try JSONDecoder().decode(TLSSessionReport.self, from: Data(json.utf8))
        #expect(back == r)
    }

    @Test func selfSignedCertificateNamesItsHost() throws {
        let s = try SelfSignedCertificate(name: "responder.test")
        #expect(s.certificatePEM.hasPrefix("-----BEGIN CERTIFICATE-----"))
        #expect(s.privateKeyPEM.contains("PRIVATE KEY"))
        let ctx = try OpenSSLContext(configuration: .server(s))   // key matches certificate
        _ = ctx
        let rsa = try SelfSignedCertificate(name: "127.0.0.1", keyType: .rsa(bits: 2048), days: 30)
        _ = try OpenSSLContext(configuration: .server(rsa))
    }

    @Test func badFilesAreConfigurationErrors() {
        #expect(throws: TLSConfigurationError.self) {
            _ = try OpenSSLContext(configuration: .client(caFile: "/nonexistent/ca.pem"))
        }
        #expect(throws: TLSConfigurationError.self) {
            _ = try OpenSSLContext(configuration: .server(certificateFile: "/nonexistent.crt", privateKeyFile: "/nonexistent.key"))
        }
    }
}
