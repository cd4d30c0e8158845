import ArgumentParser

/// `--direction`: a Zentrunk trunk's (or call's) `trunk_direction` / `call_direction`.
enum TrunkDirection: String, ExpressibleByArgument, CaseIterable, Sendable {
    case inbound, outbound
}
