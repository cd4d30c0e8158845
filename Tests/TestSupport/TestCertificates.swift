import Foundation

/// A test PKI made with the `openssl` CLI in a private temporary directory: a CA, server
/// certificates for `trunk.test` (good, wrong name, expired, not yet valid, expiring soon, wildcard,
/// `sip:` URI SAN only, CN only), a client certificate, and a second CA nobody trusts.
///
/// Dates in the past or future come from `openssl ca -startdate/-enddate` (OpenSSL 3.0's
/// `req -x509` and `x509 -req` cannot backdate, and faketime is not available).
/// Generated once per test process (`shared`); every file is PEM.
public final class TestCertificates: Sendable {
    /// The name the good server certificates carry.
    public static let serverName = "trunk.test"

    public let directory: URL
    public var caCertificate: String { path("ca.crt") }
    public var otherCACertificate: String { path("other-ca.crt") }
    public func certificate(_ name: Kind) -> String { path("\(name.rawValue).crt") }
    public func privateKey(_ name: Kind) -> String { path("\(name.rawValue).key") }

    public enum Kind: String, Sendable, CaseIterable {
        /// SAN DNS:trunk.test, signed by the CA, valid now.
        case server
        /// SAN DNS:other.test.
        case wrongName = "wrong-name"
        /// notAfter in 2020.
        case expired
        /// notBefore in 2099.
        case notYetValid = "not-yet-valid"
        /// Valid for 5 more days.
        case expiringSoon = "expiring-soon"
        /// SAN DNS:*.trunk.test only.
        case wildcard
        /// SAN URI:sip:trunk.test only.
        case sipURI = "sip-uri"
        /// Subject CN=trunk.test, no SAN extension.
        case commonNameOnly = "cn-only"
        /// SAN DNS:trunk.test, signed by the untrusted "other" CA.
        case otherCA = "other-ca-server"
        /// A client certificate (CN=trunkprobe client, clientAuth), signed by the CA.
        case client
    }

    /// The PKI for this test process, or the error that prevented it (openssl missing, …).
    public static let shared: Result<TestCertificates, PeerError> = {
        do { return .success(try TestCertificates()) } catch let e as PeerError { return .failure(e) }
        catch { return .failure(PeerError("\(error)")) }
    }()

    /// The shared PKI; throws when it could not be made.
    public static func make() throws -> TestCertificates { try shared.get() }

    /// `make()` for async tests: the first call runs several openssl key generations, which must not hold
    /// a thread of the cooperative pool (nor make other callers block on the lazy initialisation there).
    public static func load() async throws -> TestCertificates { try await offPool { try shared.get() } }

    private func path(_ file: String) -> String { directory.appendingPathComponent(file).path }

    public init() throws {
        guard let openssl = Peers.openssl else {
            throw PeerError("openssl is not installed (Debian package: openssl)")
        }
        directory = try PeerProcess.makeTemporaryDirectory(prefix: "pki")
        let script = Self.script(openssl: openssl)
        let scriptURL = directory.appendingPathComponent("make-pki.sh")
        try script.write(to: scriptURL, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-e", scriptURL.path]
        process.currentDirectoryURL = directory
        let log = directory.appendingPathComponent("make-pki.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try? handle.close()
        guard process.terminationStatus == 0 else {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw PeerError("making the test PKI failed (exit \(process.terminationStatus)):\n\(text)")
        }
    }

    private static func script(openssl o: String) -> String {
        """
        set -e
        umask 077
        key() { "\(o)" genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
        mkca() { # name cn
          key "$1.key"
          "\(o)" req -x509 -new -key "$1.key" -subj "/O=trunkprobe tests/CN=$2" -days 3650 -sha256 \\
            -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out "$1.crt"
          mkdir -p "$1.db/new"; : > "$1.db/index.txt"; echo 1000 > "$1.db/serial"
        }
        mkca ca "trunkprobe test CA"
        mkca other-ca "some other CA"
        cat > ca.cnf <<'EOF'
        [ ca ]
        default_ca = test_ca
        [ test_ca ]
        dir = .
        database = $ENV::CADB/index.txt
        serial = $ENV::CADB/serial
        new_certs_dir = $ENV::CADB/new
        default_md = sha256
        policy = any
        unique_subject = no
        copy_extensions = none
        email_in_dn = no
        [ any ]
        commonName = supplied
        organizationName = optional
        [ server ]
        basicConstraints = critical,CA:FALSE
        keyUsage = critical,digitalSignature,keyEncipherment
        extendedKeyUsage = serverAuth
        subjectAltName = $ENV::SAN
        [ server_nosan ]
        basicConstraints = critical,CA:FALSE
        keyUsage = critical,digitalSignature,keyEncipherment
        extendedKeyUsage = serverAuth
        [ client ]
        basicConstraints = critical,CA:FALSE
        keyUsage = critical,digitalSignature
        extendedKeyUsage = clientAuth
        EOF
        # issue NAME CN EXTENSIONS SAN CA DATES...
        issue() {
          name=$1; cn=$2; ext=$3; san=$4; ca=$5; shift 5
          key "$name.key"
          "\(o)" req -new -key "$name.key" -subj "/O=trunkprobe tests/CN=$cn" -out "$name.csr"
          SAN="$san" CADB="$ca.db" "\(o)" ca -batch -notext -config ca.cnf -cert "$ca.crt" -keyfile "$ca.key" \\
            -extensions "$ext" -in "$name.csr" -out "$name.crt" "$@" 2>&1
        }
        issue server trunk.test server "DNS:trunk.test" ca -days 365
        issue wrong-name other.test server "DNS:other.test" ca -days 365
        issue expired trunk.test server "DNS:trunk.test" ca -startdate 20200101000000Z -enddate 20200201000000Z
        issue not-yet-valid trunk.test server "DNS:trunk.test" ca -startdate 20990101000000Z -enddate 20991231000000Z
        issue expiring-soon trunk.test server "DNS:trunk.test" ca -days 5
        issue wildcard "*.trunk.test" server "DNS:*.trunk.test" ca -days 365
        issue sip-uri trunk.test server "URI:sip:trunk.test" ca -days 365
        issue cn-only trunk.test server_nosan "" ca -days 365
        issue other-ca-server trunk.test server "DNS:trunk.test" other-ca -days 365
        issue client "trunkprobe client" client "" ca -days 365
        chmod 644 *.crt *.key
        """
    }
}
