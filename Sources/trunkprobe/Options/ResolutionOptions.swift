import ArgumentParser
import Foundation
import Probes
import SIPClient
import SIPCore

/// RFC 3263 server location flags, shared by every probe command.
struct ResolutionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Send every DNS query (NAPTR, SRV, A, AAAA) to this server.", valueName: "HOST[:PORT]"))
    var dnsServer: String?

    @Option(name: .customLong("resolve"),
            help: ArgumentHelp("Use ADDRESS for HOST:PORT instead of A/AAAA (curl's convention; repeatable; *.DOMAIN and ADDRESS:PORT accepted; default entries from $TRUNKPROBE_RESOLVE).", valueName: "HOST:PORT:ADDRESS"))
    var resolveEntries: [String] = []

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
        var entries: [StaticResolveEntry] = []
        for text in Self.environmentEntries() {
            do {
                _ = try StaticResolveEntry(parsing: text)
            } catch {
                throw ValidationError("\(Self.environmentVariable): \(error)")
            }
        }
        for text in resolveEntries + Self.environmentEntries() {
            do {
                entries.append(try StaticResolveEntry(parsing: text))
            } catch {
                throw ValidationError("--resolve \(text): \(error)")
            }
        }
        if let dnsServer {
            // A malformed server is the user's mistake (exit 3), not a DNS failure of the target.
            do { _ = try DNSServerAddress(parsing: dnsServer) } catch {
                throw ValidationError(error.description)
            }
        }
        return ResolutionSettings(dnsServer: dnsServer, staticEntries: entries)
    }
}
