import Foundation
import Logging
import SIPClient
import SIPCore
import TestSupport
import Testing

/// The `trunkprobe options` and `responder` commands, run as a user runs them.
@Suite struct OptionsCommandTests {
    func trunkprobe(_ args: String...) async throws -> CommandRun {
        try await CommandRun.run(CommandRun.trunkprobe, args)
    }

    @Test("bad input gets one clear line on stderr, nothing on stdout, and exit 3", arguments: [
        ["options", "sip:"],
        ["options", "http://example.com"],
        ["options", "host:99999"],
        ["options", "sip:h.example.com", "--transport", "sctp"],
        ["options", "sip:h.example.com", "--timeout", "0"],
        ["options", "sip:h.example.com", "--timeout", "abc"],
        ["options", "sip:h.example.com", "--count", "0"],
        ["options", "sip:h.example.com", "--bind", "not-an-ip"],
        ["options", "sip:h.example.com", "--from", "mailto:x"],
        ["options", "sip:h.example.com", "--format", "xml"],
        ["options", "sip:h.example.com", "--no-such-flag"],
        ["options"],
        ["responder", "--listen", "udp:localhost:5060"],
        ["responder", "--listen", "quic:127.0.0.1:5060"],
        ["no-such-command"],
    ])
    func badInput(_ args: [String]) async throws {
        let run = try await CommandRun.run(CommandRun.trunkprobe, args)
        #expect(run.status == 3, "\(args): \(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(!run.stderr.isEmpty)
        #expect(run.stderr.contains("trunkprobe:") || run.stderr.contains("Error:"))
    }

    @Test("--help and --version exit 0 and print to stdout")
    func helpAndVersion() async throws {
        let help = try await trunkprobe("options", "--help")
        #expect(help.status == 0)
        #expect(help.stdout.contains("--transport"))
        #expect(help.stdout.contains("Exit codes"))
        let version = try await trunkprobe("--version")
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
    }

    @Test("--format json prints exactly one JSON object with the documented keys, over UDP and TCP")
    func jsonAgainstResponder() async throws {
        let responder = SIPResponder(logger: Logger(label: "test"))
        let bound = try await responder.start([.init(transport: .udp, host: "127.0.0.1", port: 0),
                                               .init(transport: .tcp, host: "127.0.0.1", port: 0)])
        defer { Task { await responder.stop() } }
        for endpoint in bound {
            let run = try await trunkprobe("options", "sip:127.0.0.1:\(endpoint.port)", "--transport", endpoint.transport.rawValue,
                                     "--format", "json")
            #expect(run.status == 0, "\(run.stderr)")
            let lines = run.stdout.split(separator: "\n")
            #expect(lines.count == 1)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
            for key in ["target", "transport", "remote_address", "local_address", "verdict", "status_code", "reason",
                        "rtt_ms", "retransmissions", "tls", "headers", "explanation"] {
                #expect(object.keys.contains(key), "missing \(key)")
            }
            #expect(object["verdict"] as? String == "ok")
            #expect(object["status_code"] as? Int == 200)
            #expect(object["transport"] as? String == endpoint.transport.rawValue)
            #expect(object["tls"] is NSNull)
            #expect((object["headers"] as? [String: String])?["allow"]?.contains("OPTIONS") == true)
        }
    }

    @Test("--count prints each probe then a min/avg/max summary (JSON Lines in json mode)")
    func countAndSummary() async throws {
        let responder = SIPResponder(logger: Logger(label: "test"))
        let bound = try await responder.start([.init(transport: .udp, host: "127.0.0.1", port: 0)])
        defer { Task { await responder.stop() } }
        let text = try await trunkprobe("options", "127.0.0.1:\(bound[0].port)", "--count", "3", "--interval", "0.05")
        #expect(text.status == 0)
        #expect(text.stdout.contains("3 sent, 3 answered"))
        #expect(text.stdout.contains("rtt min/avg/max"))
        let json = try await trunkprobe("options", "127.0.0.1:\(bound[0].port)", "--count", "2", "--interval", "0", "--format", "json")
        let lines = json.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(lines[2].utf8)) as? [String: Any])
        #expect(summary["summary"] as? Bool == true)
        #expect(summary["answered"] as? Int == 2)
    }

    @Test("a closed port exits 2 (CRITICAL) with verdict refused")
    func closedPortExit() async throws {
        let run = try await trunkprobe("options", "127.0.0.1:\(FreePort.udp())", "--format", "json")
        #expect(run.status == 2)
        #expect(run.stdout.contains("\"verdict\":\"refused\""))
    }

    @Test("libosip2's parser traces never reach stdout, even on garbage responses")
    func osipTracesStayOffStdout() async throws {
        let peer = try await RoguePeer.udp { _ in [Array("SIP/2.0 200 OK\r\nVia: \r\nCSeq: x\r\nFrom: <<<\r\n\r\n".utf8)] }
        let run = try await trunkprobe("options", "127.0.0.1:\(peer.port)", "--format", "json", "--timeout", "0.6")
        await peer.stop()
        #expect(run.status == 2)
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("{") == true)
        #expect(!run.stdout.contains("ERROR"))
    }

    @Test("TLS from the command line: self-signed → tls_failed unknown_issuer (2); --insecure → 200 (0); --ca-file → verified (0)")
    func tlsThroughTheCLI() async throws {
        let certs = try await TestCertificates.load()
        let responder = SIPResponder(logger: Logger(label: "test"))
        let context = try OpenSSLContext(configuration: .server(certificateFile: certs.certificate(.server), privateKeyFile: certs.privateKey(.server)))
        let bound = try await responder.start([.init(transport: .tls, host: "127.0.0.1", port: 0)],
                                              security: { try $0.pipeline.syncOperations.addHandler(TLSHandler(server: context)) })
        defer { Task { await responder.stop() } }
        let target = "sips:127.0.0.1:\(bound[0].port)"
        let unverified = try await trunkprobe("options", target, "--tls-server-name", TestCertificates.serverName, "--format", "json")
        #expect(unverified.status == 2, "\(unverified.stdout)\(unverified.stderr)")
        let failed = try #require(try JSONSerialization.jsonObject(with: Data(unverified.stdout.utf8)) as? [String: Any])
        #expect(failed["verdict"] as? String == "tls_failed")
        #expect(failed["tls_failure"] as? String == "unknown_issuer")
        let insecure = try await trunkprobe("options", target, "--insecure", "--format", "json")
        #expect(insecure.status == 0)
        let tls = try #require((try JSONSerialization.jsonObject(with: Data(insecure.stdout.utf8)) as? [String: Any])?["tls"] as? [String: Any])
        #expect(tls["insecure"] as? Bool == true)
        let verified = try await trunkprobe("options", target, "--ca-file", certs.caCertificate, "--tls-server-name", TestCertificates.serverName)
        #expect(verified.status == 0, "\(verified.stdout)")
        #expect(verified.stdout.contains("200 OK"))
        let mismatch = try await trunkprobe("options", target, "--ca-file", certs.caCertificate)
        #expect(mismatch.status == 2)
        #expect(mismatch.stdout.contains("name_mismatch"))
    }

    @Test("bad TLS flags exit 3", arguments: [["--cert", "/nonexistent"], ["--ca-file", "/nonexistent/ca.pem"], ["--key", "/tmp/k"]])
    func badTLSFlags(_ flags: [String]) async throws {
        let run = try await CommandRun.run(CommandRun.trunkprobe, ["options", "sips:127.0.0.1:5061"] + flags)
        #expect(run.status == 3)
    }
}
