import SIPCore

/// One server tried by the endpoint and what the caller made of it.
public struct EndpointAttempt<Value: Sendable>: Sendable {
    public var server: ResolvedTarget
    public var value: Value

    public init(server: ResolvedTarget, value: Value) {
        self.server = server
        self.value = value
    }
}
