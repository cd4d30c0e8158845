import Foundation
import Logging
import TestSupport
import Testing
@testable import ZentrunkAPI

/// `--api-ca-file` / `PLIVO_CA_FILE` against a real TLS server (openssl s_server) whose certificate a private
/// CA signed: refused without the CA, accepted with it.
@Suite(.enabled(if: Peers.shouldRun(Peers.openssl), "openssl CLI not installed"))
struct PrivateCATests {
    /// A CA and a server certificate for IP 127.0.0.1, made with the openssl CLI.
    static func makePKI(in directory: URL, openssl: String) throws {
        let script = """
            set -e
            O=\(openssl)
            $O req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.crt \
              -subj /CN=trunkprobe-test-ca -days 2 -addext basicConstraints=critical,CA:TRUE -addext keyUsage=keyCertSign
            $O req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout server.key -out server.csr -subj /CN=127.0.0.1
            printf 'subjectAltName=IP:127.0.0.1\\n' > ext.cnf
            $O x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 2 -extfile ext.cnf
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw PeerError("making the private CA failed") }
    }

    @Test("A private CA is refused by default and trusted with caFile; a missing CA file is bad input")
    func privateCA() async throws {
        let openssl = try #require(Peers.openssl)
        let directory = try PeerProcess.makeTemporaryDirectory(prefix: "api-ca")
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.makePKI(in: directory, openssl: openssl)
        let port = FreePort.tcp()
        let server = try PeerProcess(name: "s_server", executable: openssl, arguments: [
            "s_server", "-accept", "127.0.0.1:\(port)", "-cert", directory.appendingPathComponent("server.crt").path,
            "-key", directory.appendingPathComponent("server.key").path, "-www", "-quiet",
        ])
        defer { server.stop() }
        #expect(FreePort.waitForTCP(port: port), "s_server did not start: \(server.log)")

        func client(caFile: String?) -> ZentrunkClient {
            ZentrunkClient(configuration: ZentrunkConfiguration(
                baseURL: "https://127.0.0.1:\(port)/v1/", authID: "MAFIXTURE00000000001", authToken: Secret("fixture-secret-token"),
                totalTimeout: .seconds(10), retry: .none, caFile: caFile),
                           logger: Logger(label: "test.client") { _ in SwiftLogNoOpLogHandler() })
        }
        // Without the CA: the system store does not know it.
        do {
            _ = try await client(caFile: nil).sendJSON(.get(.trunk, id: "1"))
            Issue.record("an untrusted certificate was accepted")
        } catch let error as ZentrunkError {
            #expect(error.code == .transport)
            #expect(error.message.contains("--api-ca-file"))
        }
        // With it: TLS succeeds, and s_server's HTML status page is (rightly) not the JSON expected.
        do {
            _ = try await client(caFile: directory.appendingPathComponent("ca.crt").path).sendJSON(.get(.trunk, id: "1"))
            Issue.record("s_server's page decoded as JSON")
        } catch let error as ZentrunkError {
            #expect(error.code == .decoding, "\(error)")
        }

        let env = ["PLIVO_AUTH_ID": "MA1", "PLIVO_AUTH_TOKEN": "t"]
        #expect(try ZentrunkConfiguration.fromEnvironment(env.merging(["PLIVO_CA_FILE": directory.appendingPathComponent("ca.crt").path]) { $1 }).caFile != nil)
        #expect(throws: ZentrunkInputError.self) {
            _ = try ZentrunkConfiguration.fromEnvironment(env.merging(["PLIVO_CA_FILE": "/nonexistent/ca.pem"]) { $1 })
        }
        #expect(throws: ZentrunkInputError.self) { _ = try ZentrunkConfiguration.fromEnvironment(env, caFile: directory.path) }
    }
}
