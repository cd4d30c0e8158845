import Foundation
import TestSupport
import Testing

/// `options` over TLS, run as a user runs it, against `trunkprobe responder` presenting a broken certificate:
/// the text report's TLS lines say what matters, in words (an expired certificate says EXPIRED, a name mismatch
/// names both sides, an unknown issuer says so), not a negative day count.
@Suite struct TLSTextReportTests {
    static func report(_ kind: TestCertificates.Kind) async throws -> CommandRun {
        let pki = try await TestCertificates.load()
        let port = FreePort.tcp()
        let responder = try PeerProcess(name: "responder", executable: CommandRun.trunkprobe,
                                        arguments: ["responder", "--listen", "tls:127.0.0.1:\(port)",
                                                    "--cert", pki.certificate(kind), "--key", pki.privateKey(kind)])
        defer { responder.stop() }
        guard await FreePort.waitForTCPListening(port: port) else { throw PeerError("responder did not start: \(responder.log)") }
        return try await CommandRun.run(CommandRun.trunkprobe, [
            "options", "sips:\(TestCertificates.serverName):\(port)", "--resolve", "\(TestCertificates.serverName):\(port):127.0.0.1",
            "--ca-file", pki.caCertificate, "--timeout", "5",
        ])
    }

    /// The report's lines with the `tls` column's folds joined back, so a test reads whole facts.
    static func tlsFacts(_ text: String) -> [String] {
        var facts: [String] = []
        for line in text.split(separator: "\n").map(String.init) {
            if line.hasPrefix("  tls         ") {
                facts.append(String(line.dropFirst(14)))
            } else if line.hasPrefix("              "), !facts.isEmpty {
                facts[facts.count - 1] += " " + line.trimmingCharacters(in: .whitespaces)
            }
        }
        return facts
    }

    @Test("an expired certificate: EXPIRED N days ago, never a negative count of days left")
    func expired() async throws {
        let run = try await Self.report(.expired)
        #expect(run.status == 2)
        #expect(run.stdout.hasPrefix("CRITICAL: options tls_failed: TLS failed (expired)"), "\(run.stdout)")
        let facts = Self.tlsFacts(run.stdout)
        #expect(facts.contains { $0.contains(": EXPIRED ") && $0.hasSuffix(" days ago") }, "\(facts)")
        #expect(facts.contains { $0.hasPrefix("chain NOT verified: expired") }, "\(facts)")
        #expect(!run.stdout.contains("days left") && !run.stdout.contains("(-"))
        #expect(run.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
    }

    @Test("a name mismatch names the expected name and the certificate's names")
    func nameMismatch() async throws {
        let run = try await Self.report(.wrongName)
        #expect(run.status == 2)
        #expect(Self.tlsFacts(run.stdout).contains("name mismatch: expected trunk.test, the certificate names DNS:other.test"),
                "\(run.stdout)")
    }

    @Test("an unknown issuer says so before OpenSSL's words")
    func unknownIssuer() async throws {
        let run = try await Self.report(.otherCA)
        #expect(run.status == 2)
        #expect(Self.tlsFacts(run.stdout).contains { $0.hasPrefix("chain NOT verified: unknown issuer (OpenSSL says:") }, "\(run.stdout)")
    }
}
