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

    @Flag(help: ArgumentHelp("Probe every server RFC 3263 location yields, each with its own result, instead of failing over in order."))
    var eachServer = false

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
        if let dnsServer, dnsServer.isEmpty { throw ValidationError("--dns-server needs HOST[:PORT]") }
        return ResolutionSettings(dnsServer: dnsServer, staticEntries: entries)
    }
}
