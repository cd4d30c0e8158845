/// Thrown when an async step does not finish within its share of the probe's deadline.
struct DeadlineExceeded: Error {}

/// Runs `body`, giving up after `limit`. The body keeps running detached if it cannot be cancelled
/// (getaddrinfo on the thread pool), but the probe moves on and reports.
func withDeadline<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    guard limit > .zero else { throw DeadlineExceeded() }
    return try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw DeadlineExceeded()
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
