import Foundation
import Logging
import TestSupport
import Testing
@testable import ZentrunkAPI

@Suite("The API client against hostile or broken servers, over real HTTP on loopback")
struct HostileServerTests {
    typealias S = ScriptedHTTPServer

    static let authID = "MAFIXTURE00000000001"
    static let token = "fixture-secret-token"
    static let basic = Data("\(authID):\(token)".utf8).base64EncodedString()

    static func client(_ server: ScriptedHTTPServer, retry: RetryPolicy = .none, timeout: Duration = .seconds(30),
                       maximumResponseBytes: Int = 16 << 20, caFile: String? = nil, baseURL: String? = nil) -> ZentrunkClient {
        ZentrunkClient(configuration: ZentrunkConfiguration(
            baseURL: baseURL ?? server.baseURL, authID: authID, authToken: Secret(token), userAgent: "trunkprobe/test",
            totalTimeout: timeout, retry: retry, maximumResponseBytes: maximumResponseBytes, caFile: caFile),
                       logger: Logger(label: "test.client") { _ in SwiftLogNoOpLogHandler() })
    }

    func assertNoSecrets(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!text.contains(Self.basic), sourceLocation: sourceLocation)
        #expect(!text.contains(Self.token), sourceLocation: sourceLocation)
        #expect(!text.contains(Self.authID), sourceLocation: sourceLocation)
    }

    @Test("A server echoing the Authorization header into JSON, non-JSON and 2xx bodies never gets it printed")
    func echoedCredentialsRedacted() async throws {
        let echo = "Authorization: Basic \(Self.basic)"
        let server = try await S.start([
            S.response(400, #"{"error":"bad request; you sent \#(echo) for \#(Self.authID)"}"#),
            S.response(502, "<html>upstream saw \(echo) token=\(Self.token)</html>", contentType: "text/html"),
            S.response(200, "not json: \(echo)", contentType: "text/plain"),
            S.response(401, #"{"error":"Basic dXNlcjpvdGhlcnNlY3JldA== is not valid"}"#),
        ])
        defer { Task { await server.stop() } }
        let client = Self.client(server)
        for _ in 0..<4 {
            do {
                _ = try await client.sendJSON(.get(.trunk, id: "1"))
                Issue.record("expected an error")
            } catch let error as ZentrunkError {
                assertNoSecrets(error.description)
                assertNoSecrets("\(error)")
                #expect(!error.description.contains("dXNlcjpvdGhlcnNlY3JldA"))
                #expect(error.description.contains("<redacted>"))
            }
        }
        #expect(server.requests.count == 4)
        #expect(server.requests.first?.headers["authorization"] == "Basic \(Self.basic)")
    }

    @Test("Redaction keeps prose: 'Basic authentication' is not a credential")
    func redactionKeepsProse() async throws {
        let server = try await S.start([])
        defer { Task { await server.stop() } }
        let client = Self.client(server)
        #expect(client.redact("Basic authentication failed") == "Basic authentication failed")
        #expect(client.redact("got basic%20\(Self.basic)") == "got basic%20<redacted>")
        #expect(client.redact("Authorization: Basic dXNlcjpvdGhlcnNlY3JldA==") == "Authorization: Basic <redacted>")
    }

    @Test("A Retry-After longer than the request's time limit is not waited for: the error comes back at once")
    func retryAfterBoundedByDeadline() async throws {
        let server = try await S.start([
            S.fixture(429, "error_message_only", headers: ["Retry-After: 60"]),
            S.fixture(200, "trunk_get_flat"),
        ])
        defer { Task { await server.stop() } }
        let sleeper = RecordingSleeper()
        do {
            _ = try await Self.client(server, retry: sleeper.policy(), timeout: .seconds(5)).getTrunk(id: "21784177241578")
            Issue.record("expected the 429 to surface")
        } catch let error as ZentrunkError {
            #expect(error.code == .rateLimited)
            #expect(error.message.contains("not retried"))
        }
        #expect(sleeper.delays.isEmpty)
        #expect(server.requests.count == 1)
    }

    @Test("Retries stop when their waits add up to the time limit")
    func retriesBoundedByDeadline() async throws {
        let server = try await S.start(Array(repeating: S.fixture(503, "error_500", headers: ["Retry-After: 2"]), count: 4))
        defer { Task { await server.stop() } }
        let sleeper = RecordingSleeper()
        do {
            _ = try await Self.client(server, retry: sleeper.policy(maxAttempts: 10), timeout: .seconds(5)).getTrunk(id: "1")
            Issue.record("expected the 503 to surface")
        } catch let error as ZentrunkError {
            #expect(error.code == .server)
        }
        // 2 s + 2 s fit in 5 s; a third wait would end at 6 s.
        #expect(sleeper.delays == [.seconds(2), .seconds(2)])
        #expect(server.requests.count == 3)
    }

    static func page(offset: Int, ids: Range<Int>, reportOffset: Int? = nil) -> String {
        let objects = ids.map { #"{"credential_uuid":"c\#($0)","name":"n\#($0)","username":"user\#($0)"}"# }
        return S.response(200, #"{"api_id":"x","meta":{"limit":20,"offset":\#(reportOffset ?? offset),"total_count":null,"next":"more"},"objects":[\#(objects.joined(separator: ","))]}"#)
    }

    @Test("A server that ignores offset is detected on the second page, not followed for 10,000")
    func pagingThatDoesNotAdvance() async throws {
        // meta.offset omitted-equivalent: the server claims the right offset but returns the same objects.
        let server = try await S.start((0..<5).map { Self.page(offset: $0 * 20, ids: 0..<20) })
        defer { Task { await server.stop() } }
        do {
            _ = try await Self.client(server).listAllJSON(.credential)
            Issue.record("expected the repeat to be detected")
        } catch let error as ZentrunkError {
            #expect(error.message.contains("ignores 'offset'"))
        }
        #expect(server.requests.count == 2)
    }

    @Test("A server whose meta.offset is not the one asked for is an error")
    func pagingWrongOffset() async throws {
        let server = try await S.start([Self.page(offset: 0, ids: 0..<20), Self.page(offset: 20, ids: 20..<40, reportOffset: 0)])
        defer { Task { await server.stop() } }
        await #expect(throws: ZentrunkError.self) { _ = try await Self.client(server).listAllJSON(.credential) }
        #expect(server.requests.count == 2)
    }

    @Test("A body past the cap aborts the transfer with a clear error")
    func bodyCapped() async throws {
        let big = "[" + String(repeating: "1,", count: 50_000) + "1]"
        let server = try await S.start([S.response(200, big)])
        defer { Task { await server.stop() } }
        do {
            _ = try await Self.client(server, maximumResponseBytes: 4096).sendJSON(.get(.trunk, id: "1"))
            Issue.record("expected the cap to apply")
        } catch let error as ZentrunkError {
            #expect(error.code == .transport)
            #expect(error.message.contains("larger than 4096 bytes"))
        }
    }

    @Test("A Content-Length of 300 MB is refused before the body is read")
    func announcedBodyCapped() async throws {
        let head = "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 314572800\r\n\r\n[1,2,3"
        let server = try await S.start([head])
        defer { Task { await server.stop() } }
        let start = ContinuousClock.now
        do {
            _ = try await Self.client(server, timeout: .seconds(20)).sendJSON(.get(.trunk, id: "1"))
            Issue.record("expected the cap to apply")
        } catch let error as ZentrunkError {
            #expect(error.code == .transport)
            #expect(error.message.contains("larger than"))
        }
        #expect(ContinuousClock.now - start < .seconds(10))
    }
}
