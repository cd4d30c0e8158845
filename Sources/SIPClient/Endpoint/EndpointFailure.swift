/// Why an attempt ended before a transaction could run: the outcome, the stage it happened in, and
/// what TLS learnt on the way (the certificate that did not verify).
public struct EndpointFailure: Error, Sendable, CustomStringConvertible {
    public var outcome: TransportOutcome
    public var stage: EndpointStage
    public var detail: String
    /// The address tried, for the report (`192.0.2.1:5061`), when one was.
    public var remoteAddress: String?
    public var tls: TLSSessionReport?
    public var tlsFailure: TLSFailure?

    public init(_ outcome: TransportOutcome, stage: EndpointStage, detail: String, remoteAddress: String? = nil,
                tls: TLSSessionReport? = nil, tlsFailure: TLSFailure? = nil) {
        self.outcome = outcome
        self.stage = stage
        self.detail = detail
        self.remoteAddress = remoteAddress
        self.tls = tls
        self.tlsFailure = tlsFailure
    }

    /// The stage the deadline caught, or nil when the attempt failed for another reason.
    public var stalledStage: EndpointStage? { outcome == .timeout ? stage : nil }

    public var description: String { "\(outcome.rawValue) in \(stage.rawValue): \(detail)" }
}
