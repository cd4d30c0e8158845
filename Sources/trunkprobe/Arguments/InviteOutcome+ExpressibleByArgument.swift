import ArgumentParser
import SIPClient

/// How a local UAS answers INVITE (`responder --invite`, `sandbox --sip-invite`).
extension InviteOutcome: ExpressibleByArgument, CheckedArgument {
    static let requirement = "a final code (486, 200, 503…), PROVISIONAL-then-FINAL (180-then-486), a provisional (180) or silent"

    public init?(argument: String) {
        guard let parsed = InviteOutcome(parsing: argument) else { return nil }
        self = parsed
    }
}
