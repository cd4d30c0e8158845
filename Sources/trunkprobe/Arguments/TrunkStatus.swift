import ArgumentParser

/// `--status`: a Zentrunk trunk's `trunk_status`.
enum TrunkStatus: String, ExpressibleByArgument, CaseIterable, Sendable {
    case enabled, disabled
}
