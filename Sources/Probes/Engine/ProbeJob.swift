/// One unit of work for `ProbeEngine`: a probe (or any check) to run, and the destination it loads, so
/// probes to one destination can be paced.
public struct ProbeJob<Result: Sendable>: Sendable {
    /// The destination this job sends to (`host:port:transport` of the target before resolution), or nil
    /// when it is not to be paced.
    public var destination: String?
    public var run: @Sendable () async -> Result

    public init(destination: String?, run: @escaping @Sendable () async -> Result) {
        self.destination = destination
        self.run = run
    }
}
