import ArgumentParser
import Foundation
import Probes
import SIPClient
import SIPCore

/// RFC 3263 server location flags, shared by every probe command.
struct ResolutionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Send every DNS query (NAPTR, SRV, A, AAAA) to this server: a numeric address, IPv6 in brackets with a port.",
                               valueName: "HOST[:PORT]"), transform: DNSServerAddress.parseArgument)
    var dnsServer: DNSServerAddress?

    @Option(name: .customLong("resolve"),
            help: ArgumentHelp("Use ADDRESS for HOST:PORT instead of A/AAAA (curl's convention; repeatable; *.DOMAIN and ADDRESS:PORT accepted; default entries from $TRUNKPROBE_RESOLVE).", valueName: "HOST:PORT:ADDRESS"),
            transform: StaticResolveEntry.parseArgument)
    var resolveEntries: [StaticResolveEntry] = []

    @Flag(help: ArgumentHelp("Probe every server RFC 3263 location yields, each with its own result, instead of failing over in order."))
    var eachServer = false

    func validate() throws { _ = try settings() }

    /// Default entries every probing command reads, whitespace-separated (`trunkprobe sandbox --sip` prints
    /// the line that sets it). `--resolve` entries come first, so they win for the same host and port.
    static let environmentVariable = "TRUNKPROBE_RESOLVE"

    static func environmentEntries() -> [String] {
        // getenv, not ProcessInfo: the latter copies the whole environment into a dictionary on every probe run.
        (getenv(environmentVariable).map { String(cString: $0) } ?? "").split(whereSeparator: \.isWhitespace).map(String.init)
    }

    func settings() throws -> ResolutionSettings {
        var entries = resolveEntries
        for text in Self.environmentEntries() {
            do {
                entries.append(try StaticResolveEntry(parsing: text))
            } catch {
                throw ValidationError("\(Self.environmentVariable): \(error)")
            }
        }
        // A malformed --dns-server never gets here: it is refused while parsing (exit 3), not reported as a
        // DNS failure of the target.
        return ResolutionSettings(dnsServer: dnsServer?.description, staticEntries: entries)
    }
}
