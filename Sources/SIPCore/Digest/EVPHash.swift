internal import COpenSSL

/// The one place digest hashing touches libcrypto (architecture: "Digest hashes: libcrypto EVP").
///
/// C pointers stay inside this adapter: callers pass bytes and get lowercase hex back, which is the
/// form RFC 7616 §3.4.1 feeds into the next hash round. `MD5()` is deprecated in OpenSSL 3, so the
/// one-shot `EVP_Digest` is used for every algorithm.
enum EVPHash {
    enum Function: Sendable {
        case md5
        case sha256
        /// SHA-512/256 (FIPS 180-4 §6.7): SHA-512 with its own IVs, truncated to 256 bits. Not SHA-512 cut short.
        case sha512_256
    }

    /// `H(data)` as lowercase hex (RFC 7616 §3.4.1: "the output … is a lowercase hexadecimal string").
    static func hex(_ function: Function, _ data: [UInt8]) -> String {
        let md: OpaquePointer?
        switch function {
        case .md5: md = EVP_md5()
        case .sha256: md = EVP_sha256()
        case .sha512_256: md = EVP_sha512_256()
        }
        // EVP_MAX_MD_SIZE is 64; the largest output here is 32 bytes.
        var out = [UInt8](repeating: 0, count: 64)
        var length: UInt32 = 0
        let ok = data.withUnsafeBytes { input in
            out.withUnsafeMutableBufferPointer { output in
                EVP_Digest(input.baseAddress, input.count, output.baseAddress, &length, md, nil)
            }
        }
        // EVP_Digest fails only if the provider lacks the algorithm (e.g. a FIPS-only build without MD5);
        // that is a broken installation, not bad input, so it is a programming-level trap.
        precondition(ok == 1 && md != nil, "libcrypto could not compute \(function); check the OpenSSL providers")
        return hexString(out.prefix(Int(length)))
    }

    static func hex(_ function: Function, _ text: String) -> String {
        hex(function, Array(text.utf8))
    }

    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    static func hexString<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var chars = [UInt8]()
        chars.reserveCapacity(bytes.count * 2)
        for b in bytes {
            chars.append(digits[Int(b >> 4)])
            chars.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: chars, as: UTF8.self)
    }
}
