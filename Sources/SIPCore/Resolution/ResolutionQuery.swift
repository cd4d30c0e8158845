/// A DNS query made while locating a server, and what came of it: the full log behind the targets,
/// including the negative answers that triggered each fall-back (RFC 3263 §4.1–4.2).
public struct ResolutionQuery: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        case records(Int)
        case nxdomain
        case noData
        case failed(DNSError)
    }

    public var type: ResolutionStep.RecordType
    public var name: String
    public var outcome: Outcome

    public init(type: ResolutionStep.RecordType, name: String, outcome: Outcome) {
        self.type = type
        self.name = name
        self.outcome = outcome
    }
}

extension ResolutionQuery: CustomStringConvertible {
    public var description: String {
        switch outcome {
        case .records(let n): return "\(type.rawValue) \(name): \(n) record\(n == 1 ? "" : "s")"
        case .nxdomain: return "\(type.rawValue) \(name): NXDOMAIN"
        case .noData: return "\(type.rawValue) \(name): no data"
        case .failed(let e): return "\(type.rawValue) \(name): \(e)"
        }
    }
}
