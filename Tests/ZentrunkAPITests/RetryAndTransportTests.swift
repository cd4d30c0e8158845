import Foundation
import TestSupport
import Testing
@testable import ZentrunkAPI

@Suite("Retries, error mapping and transport failures, over real HTTP on loopback")
struct RetryAndTransportTests {
    typealias S = ScriptedHTTPServer

    @Test("429 then success: the GET is retried once and the Retry-After delay is the one requested")
    func retryAfterHonoured() async throws {
        let server = try await S.start([
            S.fixture(429, "error_message_only", headers: ["Retry-After: 7"]),
            S.fixture(200, "trunk_get_flat"),
        ])
        defer { Task { await server.stop() } }
        let sleeper = RecordingSleeper()
        let trunk = try await ZentrunkClient.scripted(server.baseURL, retry: sleeper.policy()).getTrunk(id: "21784177241578")
        #expect(trunk.trunkDomain == "21784177241578.zt.plivo.com")
        #expect(server.requests.count == 2)
        #expect(sleeper.delays == [.seconds(7)])
    }

    @Test("Retry-After above the cap is clamped to maxRetryAfter")
    func retryAfterCapped() async throws {
        let policy = RetryPolicy(maxRetryAfter: .seconds(60), jitter: { 1 })
        #expect(policy.delay(afterAttempt: 1, retryAfter: "3600") == .seconds(60))
        #expect(policy.delay(afterAttempt: 1, retryAfter: "garbage") == .milliseconds(500))
    }

    @Test("Retry-After as an HTTP date is turned into the seconds until then")
    func retryAfterDate() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)  // Tue, 14 Nov 2023 22:13:20 GMT
        #expect(RetryPolicy.parseRetryAfter("Tue, 14 Nov 2023 22:13:50 GMT", now: now) == 30)
        #expect(RetryPolicy.parseRetryAfter("Tue, 14 Nov 2023 22:00:00 GMT", now: now) == 0)
        #expect(RetryPolicy.parseRetryAfter("soon", now: now) == nil)
    }

    @Test("500 on every attempt: retried up to maxAttempts with exponential backoff, then surfaced as .server")
    func serverErrorRetriedThenSurfaced() async throws {
        let server = try await S.start(Array(repeating: S.fixture(500, "error_500"), count: 4))
        defer { Task { await server.stop() } }
        let sleeper = RecordingSleeper()
        let error = await #expect(throws: ZentrunkError.self) {
            _ = try await ZentrunkClient.scripted(server.baseURL, retry: sleeper.policy(maxAttempts: 4)).listTrunks()
        }
        #expect(error?.code == .server)
        #expect(error?.status == 500)
        #expect(error?.message == "internal server error")
        #expect(error?.requestID == "9d3f2e60-baf3-11ec-bafe-0242ac110003")
        #expect(server.requests.count == 4)
        #expect(sleeper.delays == [.milliseconds(500), .seconds(1), .seconds(2)])
    }

    @Test("Jitter scales the backoff into [50%, 100%]")
    func jitterApplied() async throws {
        let policy = RetryPolicy(baseDelay: .seconds(1), maxDelay: .seconds(8), jitter: { 0 })
        #expect(policy.delay(afterAttempt: 1, retryAfter: nil) == .milliseconds(500))
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil) == .seconds(2))
        #expect(policy.delay(afterAttempt: 10, retryAfter: nil) == .seconds(4))
    }

    @Test("401 is not retried and maps to .authentication with the API message and request id")
    func unauthorizedNotRetried() async throws {
        let server = try await S.start([S.fixture(401, "error_401"), S.fixture(200, "trunk_get_flat")])
        defer { Task { await server.stop() } }
        let sleeper = RecordingSleeper()
        let error = await #expect(throws: ZentrunkError.self) {
            _ = try await ZentrunkClient.scripted(server.baseURL, retry: sleeper.policy()).getTrunk(id: "1")
        }
        #expect(error?.code == .authentication)
        #expect(error?.message == "Authentication credentials invalid")
        #expect(server.requests.count == 1)
        #expect(sleeper.delays.isEmpty)
        #expect(error?.description.contains("fixture-secret-token") == false)
    }

    @Test("422 is not retried and maps to .validation")
    func unprocessableNotRetried() async throws {
        let server = try await S.start([S.fixture(422, "error_422"), S.fixture(200, "trunk_get_flat")])
        defer { Task { await server.stop() } }
        let error = await #expect(throws: ZentrunkError.self) {
            _ = try await ZentrunkClient.scripted(server.baseURL, retry: RecordingSleeper().policy()).listCredentials()
        }
        #expect(error?.code == .validation)
        #expect(error?.status == 422)
        #expect(server.requests.count == 1)
    }

    @Test("A create that gets 500 is never retried")
    func createNotRetried() async throws {
        let server = try await S.start([S.fixture(500, "error_500"), S.fixture(200, "trunk_create")])
        defer { Task { await server.stop() } }
        let sleeper = RecordingSleeper()
        await #expect(throws: ZentrunkError.self) {
            _ = try await ZentrunkClient.scripted(server.baseURL, retry: sleeper.policy())
                .createIPAccessControlList(IPACLParameters(name: "x", ipAddresses: ["10.0.0.1"]))
        }
        #expect(server.requests.count == 1)
        #expect(sleeper.delays.isEmpty)
    }

    @Test("Error message falls back to 'message' and the request id to X-Request-ID")
    func messageAndHeaderRequestID() async throws {
        let server = try await S.start([S.fixture(403, "error_message_only", headers: ["X-Request-ID: req-123"])])
        defer { Task { await server.stop() } }
        let error = await #expect(throws: ZentrunkError.self) {
            _ = try await ZentrunkClient.scripted(server.baseURL).listURIs()
        }
        #expect(error?.code == .forbidden)
        #expect(error?.message == "Too many requests, slow down")
        #expect(error?.requestID == "req-123")
    }

    @Test("A 2xx with a non-JSON body is a .decoding error that shows what came back")
    func nonJSONBody() async throws {
        let server = try await S.start([S.response(200, "<html>maintenance</html>", contentType: "text/html")])
        defer { Task { await server.stop() } }
        let error = await #expect(throws: ZentrunkError.self) {
            _ = try await ZentrunkClient.scripted(server.baseURL).getCredential(id: "abc")
        }
        #expect(error?.code == .decoding)
        #expect(error?.message.contains("not JSON") == true)
        #expect(error?.message.contains("<html>maintenance</html>") == true)
    }

    @Test("A non-JSON error body still gives the status and a preview")
    func nonJSONErrorBody() async throws {
        let server = try await S.start([S.response(502, "Bad Gateway", contentType: "text/plain")])
        defer { Task { await server.stop() } }
        let error = await #expect(throws: ZentrunkError.self) {
            _ = try await ZentrunkClient.scripted(server.baseURL).routeNumber("14155550100", toTrunk: "1")
        }
        #expect(error?.code == .server)
        #expect(error?.status == 502)
        #expect(error?.message.contains("Bad Gateway") == true)
    }

    @Test("A body shorter than its Content-Length, then close, is a .transport error saying it was cut short")
    func truncatedBody() async throws {
        let truncated = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\nConnection: close\r\n\r\n{\"api_id\":\"x\",\"obj"
        let server = try await S.start([truncated])
        defer { Task { await server.stop() } }
        let error = await #expect(throws: ZentrunkError.self) {
            _ = try await ZentrunkClient.scripted(server.baseURL).getTrunk(id: "1")
        }
        #expect(error?.code == .transport)
        #expect(error?.message.contains("cut short") == true)
        #expect(error?.status == nil)
    }

    @Test("Connection refused is a .transport error naming the failure")
    func connectionRefused() async throws {
        // A port held bound but not listening: refused for the whole test, and no parallel test can take it.
        let refusing = RefusingTCPPort()
        let url = "http://127.0.0.1:\(refusing.port)/v1/"
        let error = await #expect(throws: ZentrunkError.self) {
            _ = try await ZentrunkClient.scripted(url, retry: RecordingSleeper().policy()).listTrunks()
        }
        withExtendedLifetime(refusing) {}
        #expect(error?.code == .transport)
        #expect(error?.message.contains("could not connect") == true)
    }

    @Test("Requests carry Basic auth, the User-Agent, JSON content type and the documented trailing-slash path")
    func requestShape() async throws {
        let server = try await S.start([S.fixture(201, "trunk_create_with_domain")])
        defer { Task { await server.stop() } }
        _ = try await ZentrunkClient.scripted(server.baseURL)
            .createTrunk(TrunkParameters(name: "o", direction: "outbound", credentialUUID: "f19c4773"))
        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.path == "/v1/Account/MAFIXTURE00000000001/Zentrunk/Trunk/")
        let expected = "Basic " + Data("MAFIXTURE00000000001:fixture-secret-token".utf8).base64EncodedString()
        #expect(request.headers["authorization"] == expected)
        #expect(request.headers["user-agent"] == "trunkprobe/test")
        #expect(request.headers["content-type"] == "application/json")
        #expect(request.json?["trunk_direction"] as? String == "outbound")
    }
}
