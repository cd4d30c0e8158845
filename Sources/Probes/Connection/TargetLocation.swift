import Foundation
import Logging
import NIOCore
import SIPClient
import SIPCore

/// How a probe finds servers: RFC 3263 location (NAPTR, SRV, A/AAAA) with the user's overrides.
public struct ResolutionSettings: Sendable {
    /// `--dns-server HOST[:PORT]`: every query goes there. nil: the system's nameserver for NAPTR/SRV and
    /// the system resolver (with /etc/hosts) for addresses.
    public var dnsServer: String?
    /// `--resolve HOST:PORT:ADDRESS` (curl's convention).
    public var staticEntries: [StaticResolveEntry]
    /// Picks among SRV records of equal priority (RFC 2782); injectable so tests are deterministic.
    public var random: ServerSelectionRandom
    /// At most this many located targets are tried.
    public var maxAttempts: Int

    public init(dnsServer: String? = nil, staticEntries: [StaticResolveEntry] = [], random: ServerSelectionRandom = .system,
                maxAttempts: Int = 5) {
        self.dnsServer = dnsServer
        self.staticEntries = staticEntries
        self.random = random
        self.maxAttempts = maxAttempts
    }
}

enum TargetLocation {
    /// Locates the servers for `target` within `limit`; failures are already classified for the report.
    static func locate(_ target: ProbeTarget, settings: ResolutionSettings, limit: Duration) async throws(ProbeConnection.Failure) -> ServerLocation {
        let lookup: any DNSLookup
        if let server = settings.dnsServer {
            do {
                lookup = try NIODNSLookup(dnsServer: server)
            } catch {
                throw ProbeConnection.Failure(verdict: .dnsFailed, detail: "bad --dns-server '\(server)': \(error)")
            }
        } else {
            lookup = SystemHybridLookup()
        }
        let locator = ServerLocator(lookup: lookup, staticEntries: settings.staticEntries, random: settings.random)
        let request = ServerLocationRequest(
            scheme: target.uri.scheme == .sips ? .sips : .sip, host: target.host, port: target.uri.port,
            transport: target.transportIsExplicit ? target.transport : nil)
        do {
            return try await withDeadline(limit) { try await locator.locate(request) }
        } catch is DeadlineExceeded {
            throw ProbeConnection.Failure(verdict: .timeout, detail: "name resolution did not finish before the deadline")
        } catch {
            throw ProbeConnection.Failure(verdict: .dnsFailed, detail: "\(error)")
        }
    }

    /// RFC 3263 §4.3: after a timeout, a transport failure or a 503 the next server is tried.
    static func shouldFailOver(_ report: ProbeReport) -> Bool {
        switch report.verdict {
        case .timeout, .refused, .transportError, .tlsFailed: return true
        case .errorResponse: return report.statusCode == 503
        default: return false
        }
    }

    /// Runs `attempt` on each located target in order until one should not fail over; the last report
    /// carries every attempt and the resolution chain.
    static func run(
        _ target: ProbeTarget, settings: ResolutionSettings, timeout: Duration, emptyReport: ProbeReport,
        attempt: (ProbeTarget, SocketAddress, _ serverHost: String, Duration) async -> ProbeReport
    ) async -> ProbeReport {
        let location: ServerLocation
        let dnsStart = ContinuousClock.now
        do {
            location = try await locate(target, settings: settings, limit: timeout)
        } catch {
            var r = emptyReport
            r.verdict = error.verdict
            r.ignored.append(error.detail)
            return r
        }
        let dnsMs: Double? = target.uri.hostIsNumeric ? nil : (ContinuousClock.now - dnsStart).milliseconds
        var summaries: [ProbeReport.Attempt] = []
        var last = emptyReport
        for resolved in location.targets.prefix(max(1, settings.maxAttempts)) {
            var t = target
            t.transport = resolved.transport
            t.port = resolved.port
            guard let address = try? SocketAddress(ipAddress: resolved.address, port: resolved.port) else { continue }
            var report = await attempt(t, address, resolved.host, timeout)
            report.dnsMs = dnsMs
            report.resolution = resolved.chain.map {
                ProbeReport.ResolutionLine(type: $0.type.rawValue, name: $0.name, value: $0.value, ttl: $0.ttl)
            }
            summaries.append(ProbeReport.Attempt(remoteAddress: report.remoteAddress ?? resolved.description, transport: resolved.transport,
                                                 verdict: report.verdict, statusCode: report.statusCode))
            last = report
            // An interrupted probe (task cancelled) ends here rather than trying the next server.
            if !shouldFailOver(report) || Task.isCancelled { break }
        }
        last.attempts = summaries
        return last
    }
}
