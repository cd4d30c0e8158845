import Logging
import Sandbox
import ZentrunkAPI

/// A `ZentrunkSandbox` on an ephemeral loopback port, and clients pointed at it over real HTTP.
public struct SandboxHarness: Sendable {
    public static let authID = "MATESTACCOUNT0000001"
    public static let token = "sandbox-test-token"

    public let sandbox: ZentrunkSandbox
    public let port: Int
    let task: Task<Void, any Error>

    public var state: SandboxState { sandbox.state }
    public var baseURL: String { "http://127.0.0.1:\(port)/v1/" }

    public static func start() async throws -> SandboxHarness {
        let sandbox = ZentrunkSandbox(authID: authID, authToken: Secret(token), port: 0,
                                      logger: Logger(label: "test.sandbox") { _ in SwiftLogNoOpLogHandler() })
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let task = Task { try await sandbox.run { port in continuation.yield(port); continuation.finish() } }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            throw ZentrunkError(code: .transport, message: "sandbox did not start")
        }
        return SandboxHarness(sandbox: sandbox, port: port, task: task)
    }

    public func client(token: String = SandboxHarness.token, retry: RetryPolicy = .none) -> ZentrunkClient {
        ZentrunkClient(configuration: ZentrunkConfiguration(baseURL: baseURL, authID: Self.authID, authToken: Secret(token),
                                                            userAgent: "trunkprobe/test", retry: retry),
                       logger: Logger(label: "test.client") { _ in SwiftLogNoOpLogHandler() })
    }

    public func stop() async {
        task.cancel()
        _ = try? await task.value
    }

    /// Runs `body` against a fresh sandbox and always stops it.
    public static func with<T>(_ body: (SandboxHarness) async throws -> T) async throws -> T {
        let harness = try await start()
        do {
            let value = try await body(harness)
            await harness.stop()
            return value
        } catch {
            await harness.stop()
            throw error
        }
    }
}

extension ZentrunkClient {
    /// A client for a scripted server, with a recording sleeper.
    public static func scripted(_ baseURL: String, retry: RetryPolicy = .none) -> ZentrunkClient {
        ZentrunkClient(configuration: ZentrunkConfiguration(baseURL: baseURL, authID: "MAFIXTURE00000000001",
                                                            authToken: Secret("fixture-secret-token"),
                                                            userAgent: "trunkprobe/test", retry: retry),
                       logger: Logger(label: "test.client") { _ in SwiftLogNoOpLogHandler() })
    }
}
