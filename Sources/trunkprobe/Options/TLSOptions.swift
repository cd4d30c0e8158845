import ArgumentParser
import Foundation
import Probes
import SIPClient

/// TLS flags shared by every probe command (docs/tls.md).
struct TLSOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Trust these CA certificates (PEM) instead of the system store.", valueName: "PATH"))
    var caFile: String?

    @Flag(help: "Probe over TLS even if the certificate does not verify; the report says loudly that nothing was verified.")
    var insecure = false

    @Option(help: ArgumentHelp("SNI and the name the certificate must carry (shorthand for --tls-identity NAME).", valueName: "NAME"))
    var tlsServerName: String?

    @Option(help: ArgumentHelp("Which name the certificate must match: domain (the URI's SIP domain, RFC 5922), target (the SRV target), or a NAME.", valueName: "domain|target|NAME"),
            transform: TLSClientSettings.Identity.parse)
    var tlsIdentity: TLSClientSettings.Identity?

    @Option(help: ArgumentHelp("Client certificate (PEM) for trunks that require mutual TLS.", valueName: "PATH"))
    var cert: String?

    @Option(help: ArgumentHelp("Private key (PEM) of --cert.", valueName: "PATH"))
    var key: String?

    func validate() throws {
        if (cert == nil) != (key == nil) { throw ValidationError("--cert and --key go together") }
        for (flag, path) in [("--ca-file", caFile), ("--cert", cert), ("--key", key)] {
            if let path, !FileManager.default.isReadableFile(atPath: path) {
                throw ValidationError("\(flag): cannot read \(path)")
            }
        }
        if caFile != nil || cert != nil {
            // A CA file OpenSSL cannot load, or a key that does not belong to --cert, is a local mistake
            // (exit 3), found before anything is sent rather than reported as the far end's TLS failure.
            do {
                _ = try OpenSSLContext(configuration: .client(caFile: caFile, insecure: insecure, certificateFile: cert, privateKeyFile: key))
            } catch {
                let text = "\(error)".replacingOccurrences(of: "\n", with: "; ")
                // OpenSSL's X509_R_KEY_VALUES_MISMATCH: say which flags disagree rather than quote the library.
                if text.contains("key values mismatch"), let cert, let key {
                    throw ValidationError("--key \(key): not the private key of --cert \(cert)")
                }
                throw ValidationError(text)
            }
        }
        if tlsServerName != nil && tlsIdentity != nil { throw ValidationError("give --tls-server-name or --tls-identity, not both") }
        if let tlsServerName, TLSClientSettings.Identity(argument: tlsServerName) == nil || ["domain", "target"].contains(tlsServerName) {
            throw ValidationError("--tls-server-name must be a host name, got '\(tlsServerName)'")
        }
    }

    var settings: TLSClientSettings {
        let identity = tlsIdentity ?? tlsServerName.map { .name($0) } ?? .domain
        return TLSClientSettings(caFile: caFile, insecure: insecure, identity: identity, certificateFile: cert, privateKeyFile: key)
    }
}
