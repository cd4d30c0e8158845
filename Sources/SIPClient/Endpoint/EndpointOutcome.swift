import NIOCore
import SIPCore

/// Everything one send through the endpoint did: the location, or why it failed, and each server tried
/// in order (RFC 3263 §4.3), the last one being the answer.
public struct EndpointOutcome<Value: Sendable>: Sendable {
    /// The servers RFC 3263 located, in order; nil when location failed.
    public var location: ServerLocation?
    /// Why location failed; then `attempts` is empty.
    public var locationFailure: EndpointFailure?
    /// How long location took.
    public var locationTime: TimeAmount
    public var attempts: [EndpointAttempt<Value>]

    public init(location: ServerLocation?, locationFailure: EndpointFailure?, locationTime: TimeAmount, attempts: [EndpointAttempt<Value>]) {
        self.location = location
        self.locationFailure = locationFailure
        self.locationTime = locationTime
        self.attempts = attempts
    }
}
