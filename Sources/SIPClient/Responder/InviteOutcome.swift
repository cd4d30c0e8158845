/// How the responder answers an INVITE (`--invite`): the outcomes the `invite` and `failover` probes
/// must recognise, played by a real UAS (RFC 3261 §13.3.1).
public enum InviteOutcome: Sendable, Equatable, CustomStringConvertible {
    /// A final response at once (`486`, `200`, `503`, `404`…).
    case final(Int)
    /// A provisional response at once, then the final after the ring time (`180-then-486`); a CANCEL in
    /// between ends it with 487 instead (RFC 3261 §9.2).
    case provisionalThenFinal(provisional: Int, final: Int)
    /// A provisional response and no final ever: only a CANCEL ends the transaction (`180`).
    case provisionalOnly(Int)
    /// No answer at all: a black hole, for timeouts (`silent`).
    case silent

    /// Parses `486`, `180-then-486`, `180`, `silent`.
    public init?(parsing text: String) {
        let t = text.lowercased()
        if t == "silent" { self = .silent; return }
        let parts = t.split(separator: "-then-", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 2 {
            guard let p = Int(parts[0]), let f = Int(parts[1]), (101...199).contains(p), (200...699).contains(f) else { return nil }
            self = .provisionalThenFinal(provisional: p, final: f)
            return
        }
        guard parts.count == 1, let code = Int(t) else { return nil }
        switch code {
        case 101...199: self = .provisionalOnly(code)
        case 200...699: self = .final(code)
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .final(let c): return String(c)
        case .provisionalThenFinal(let p, let f): return "\(p)-then-\(f)"
        case .provisionalOnly(let p): return String(p)
        case .silent: return "silent"
        }
    }

    /// The reason phrase the responder sends with `code` (RFC 3261 §21).
    public static func reason(for code: Int) -> String {
        switch code {
        case 100: "Trying"
        case 180: "Ringing"
        case 181: "Call Is Being Forwarded"
        case 182: "Queued"
        case 183: "Session Progress"
        case 200: "OK"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 408: "Request Timeout"
        case 480: "Temporarily Unavailable"
        case 481: "Call/Transaction Does Not Exist"
        case 486: "Busy Here"
        case 487: "Request Terminated"
        case 488: "Not Acceptable Here"
        case 500: "Server Internal Error"
        case 501: "Not Implemented"
        case 503: "Service Unavailable"
        case 504: "Server Time-out"
        case 600: "Busy Everywhere"
        case 603: "Decline"
        case 604: "Does Not Exist Anywhere"
        default: code < 200 ? "Session Progress" : code < 300 ? "OK" : "Failure"
        }
    }
}
