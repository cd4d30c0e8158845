import Testing
import TestSupport

extension Trait where Self == ConditionTrait {
    /// Runs when Kamailio is installed, or when peers are required (then a missing peer fails the test).
    static var needsKamailio: Self {
        .enabled(if: Peers.shouldRun(Peers.kamailio), "kamailio not installed; `make test` installs and requires it")
    }
    static var needsSIPp: Self {
        .enabled(if: Peers.shouldRun(Peers.sipp), "sipp not installed; `make test` installs and requires it")
    }
}
