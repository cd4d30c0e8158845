import Foundation

/// Which real peers are installed, and whether their absence is a failure.
///
/// `make test` and CI set `TRUNKPROBE_REQUIRE_PEERS=1`: a missing peer then fails the test that needs it,
/// so green means tested. A plain `swift test` on a laptop without them skips with the reason.
public enum Peers {
    public static let required = ProcessInfo.processInfo.environment["TRUNKPROBE_REQUIRE_PEERS"] == "1"

    public static func executable(_ name: String) -> String? {
        let dirs = ["/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin", "/sbin", "/bin"]
        return dirs.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    public static var kamailio: String? { executable("kamailio") }
    public static var sipp: String? { executable("sipp") }
    public static var sipsak: String? { executable("sipsak") }
    public static var dnsmasq: String? { executable("dnsmasq") }
    public static var openssl: String? { executable("openssl") }

    /// True when a test needing `path` should run (it is installed, or peers are required and the test must fail).
    public static func shouldRun(_ path: String?) -> Bool { path != nil || required }
}
