internal import COpenSSL
import Foundation

/// Reads the facts the report needs out of an `X509*` (borrowed, not freed here).
enum X509Inspector {
    static func certificate(_ x509: OpaquePointer, now: Date = Date()) -> TLSSessionReport.Certificate {
        let subject = name(X509_get_subject_name(x509))
        let issuer = name(X509_get_issuer_name(x509))
        var dns: [String] = [], uris: [String] = [], ips: [String] = []
        if let sans = COpenSSL_X509_get_SANs(x509) {
            defer { COpenSSL_GENERAL_NAMES_free(sans) }
            for i in 0..<COpenSSL_GENERAL_NAMES_count(sans) {
                let type = COpenSSL_GENERAL_NAMES_type_at(sans, i)
                guard let s = COpenSSL_GENERAL_NAMES_string_at(sans, i) else { continue }
                let bytes = asn1Bytes(s)
                if type == COpenSSL_GEN_DNS() {
                    dns.append(String(decoding: bytes, as: UTF8.self))
                } else if type == COpenSSL_GEN_URI() {
                    uris.append(String(decoding: bytes, as: UTF8.self))
                } else if type == COpenSSL_GEN_IPADD(), let ip = ipString(bytes) {
                    ips.append(ip)
                }
            }
        }
        let notBefore = date(X509_get0_notBefore(x509))
        let notAfter = date(X509_get0_notAfter(x509))
        let daysLeft = notAfter.map { Int(($0.timeIntervalSince(now) / 86_400).rounded(.down)) } ?? 0
        return .init(subject: subject, issuer: issuer, commonName: commonName(X509_get_subject_name(x509)),
                     dnsNames: dns, uris: uris, ipAddresses: ips,
                     notBefore: notBefore.map(iso8601) ?? "", notAfter: notAfter.map(iso8601) ?? "",
                     daysLeft: daysLeft, serialNumber: serial(x509))
    }

    static func name(_ n: OpaquePointer?) -> String {
        guard let n else { return "" }
        return PEM.string { COpenSSL_X509_NAME_print_rfc2253($0, n) } ?? ""
    }

    static func commonName(_ n: OpaquePointer?) -> String? {
        guard let n else { return nil }
        // The most specific (last) CN, as RFC 6125 §6.4.4 suggests when there are several.
        var last: Int32 = -1, idx: Int32 = -1
        repeat {
            idx = X509_NAME_get_index_by_NID(n, NID_commonName, last)
            if idx >= 0 { last = idx }
        } while idx >= 0
        guard last >= 0, let entry = X509_NAME_get_entry(n, last), let data = X509_NAME_ENTRY_get_data(entry) else { return nil }
        var out: UnsafeMutablePointer<UInt8>?
        let len = ASN1_STRING_to_UTF8(&out, data)
        guard len >= 0, let out else { return nil }
        defer { CRYPTO_free(out, #fileID, #line) }
        return String(decoding: UnsafeBufferPointer(start: out, count: Int(len)), as: UTF8.self)
    }

    static func asn1Bytes(_ s: UnsafePointer<ASN1_STRING>) -> [UInt8] {
        let len = Int(ASN1_STRING_length(s))
        guard len > 0, let p = ASN1_STRING_get0_data(s) else { return [] }
        return Array(UnsafeBufferPointer(start: p, count: len))
    }

    static func ipString(_ bytes: [UInt8]) -> String? {
        var buf = [CChar](repeating: 0, count: 64)
        let family: Int32
        switch bytes.count {
        case 4: family = AF_INET
        case 16: family = AF_INET6
        default: return nil
        }
        let ok = bytes.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &buf, socklen_t(buf.count)) != nil }
        return ok ? String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : nil
    }

    static func date(_ t: UnsafePointer<ASN1_TIME>?) -> Date? {
        guard let t else { return nil }
        var tm = tm()
        guard ASN1_TIME_to_tm(t, &tm) == 1 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&tm)))
    }

    static func iso8601(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: d)
    }

    static func serial(_ x509: OpaquePointer) -> String {
        guard let s = X509_get0_serialNumber(x509), let bn = ASN1_INTEGER_to_BN(s, nil) else { return "" }
        defer { BN_free(bn) }
        guard let hex = BN_bn2hex(bn) else { return "" }
        defer { CRYPTO_free(hex, #fileID, #line) }
        return String(cString: hex)
    }
}
