/// A run started by `ProbeEngine.start(_:)`: its results, and a way to stop it that still delivers the
/// results of the jobs already running (a CLI interrupted by Ctrl-C prints the reports so far).
public struct ProbeRun<Result: Sendable>: Sendable {
    /// `(index, result)` in completion order; ends when the last started job has returned.
    public let results: AsyncStream<(index: Int, result: Result)>
    private let producer: Task<Void, Never>

    init(results: AsyncStream<(index: Int, result: Result)>, producer: Task<Void, Never>) {
        self.results = results
        self.producer = producer
    }

    /// Cancels the running jobs and starts no other; `results` still yields what they return, then ends.
    public func cancel() { producer.cancel() }
}
