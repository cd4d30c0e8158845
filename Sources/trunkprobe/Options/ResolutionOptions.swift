import ArgumentParser
import Probes
import SIPClient
import SIPCore

/// RFC 3263 server location flags, shared by every probe command.
struct ResolutionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Send every DNS query (NAPTR, SRV, A, AAAA) to this server.", valueName: "HOST[:PORT]"))
    var dnsServer: String?

    @Option(name: .customLong("resolve"),
            help: ArgumentHelp("Use ADDRESS for HOST:PORT instead of A/AAAA (curl's convention; repeatable).", valueName: "HOST:PORT:ADDRESS"))
    var resolveEntries: [String] = []

    func validate() throws { _ = try settings() }

    func settings() throws -> ResolutionSettings {
        var entries: [StaticResolveEntry] = []
        for text in resolveEntries {
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
