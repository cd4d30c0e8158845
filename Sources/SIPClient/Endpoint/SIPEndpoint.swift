import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SIPCore

/// Owns "send this request to this URI": RFC 3263 server location, the choice and set-up of the
/// transport (UDP, TCP, TLS), the flow the caller's client transaction runs on, and fail-over to the
/// next server (RFC 3263 §4.3), all under one deadline enforced on the event loop.
///
/// The shape follows a SIP stack's client endpoint (pjsip's `pjsip_endpt_send_request`, sipgo's
/// client and transport layer): one long-lived object per process holds the shared pieces (the event
/// loop group, the TLS contexts, one per distinct client configuration, the resolver settings) and each
/// request only borrows them; every socket an attempt opens is closed when the attempt ends.
///
/// Deadlines: location ends by `timeout` from the start of `send`, and each server gets a deadline of
/// `timeout` of its own from when its attempt starts (RFC 3263 §4.3 tries the next server with a new
/// transaction; a slow resolver must not eat the first server's time). Every stage stops at its deadline
/// on the loop: DNS queries are not retried past it, the TCP connect times out, the TLS handshake's
/// channel is closed, and the transaction runners are given what is left.
public final class SIPEndpoint: Sendable {
    public let group: any EventLoopGroup
    private let connector: any SIPConnector
    private let lookupOverride: (any DNSLookup)?
    private let contexts = NIOLockedValueBox<[TLSConfiguration: OpenSSLContext]>([:])
    private let logger: Logger

    /// The process-wide endpoint on `MultiThreadedEventLoopGroup.singleton`, so probes share TLS contexts.
    public static let shared = SIPEndpoint(group: MultiThreadedEventLoopGroup.singleton,
                                           logger: Logger(label: "trunkprobe.endpoint", factory: { _ in SwiftLogNoOpLogHandler() }))

    /// The shared endpoint when `group` is the singleton, else a new one on `group`.
    public static func on(_ group: any EventLoopGroup, logger: Logger) -> SIPEndpoint {
        if group === MultiThreadedEventLoopGroup.singleton { return shared }
        return SIPEndpoint(group: group, logger: logger)
    }

    /// - Parameters:
    ///   - connector: opens transports; tests pass a loopback double.
    ///   - lookup: replaces the DNS client (tests); nil builds `NIODNSLookup`/`SystemHybridLookup` per send,
    ///     bounded by the send's deadline.
    public init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, connector: (any SIPConnector)? = nil,
                lookup: (any DNSLookup)? = nil, logger: Logger) {
        self.group = group
        self.connector = connector ?? SocketConnector()
        self.lookupOverride = lookup
        self.logger = logger
    }

    /// The OpenSSL context for `configuration`, built once and then shared by every flow that uses it.
    public func tlsContext(for configuration: TLSConfiguration) throws -> OpenSSLContext {
        try contexts.withLockedValue { cache in
            if let context = cache[configuration] { return context }
            let context = try OpenSSLContext(configuration: configuration)
            cache[configuration] = context
            return context
        }
    }

    /// How many distinct TLS contexts were built (for tests: one per configuration, not per attempt).
    public var tlsContextCount: Int { contexts.withLockedValue { $0.count } }

    // MARK: - Location

    /// RFC 3263 §4: the servers for `request`, in order, before `deadline` (on `loop`'s clock).
    public func locate(_ request: ServerLocationRequest, settings: ResolutionSettings, deadline: NIODeadline,
                       on loop: any EventLoop) async throws(EndpointFailure) -> ServerLocation {
        let lookup: any DNSLookup
        if let lookupOverride {
            lookup = lookupOverride
        } else if let server = settings.dnsServer {
            do {
                // On the endpoint's own loops, like everything else the send does.
                var dns = NIODNSLookup(server: try DNSServerAddress(parsing: server), group: group)
                dns.deadline = deadline
                lookup = dns
            } catch {
                throw EndpointFailure(.dnsFailed, stage: .dns, detail: "bad --dns-server '\(server)': \(error)")
            }
        } else {
            lookup = SystemHybridLookup(deadline: deadline)
        }
        let locator = ServerLocator(lookup: lookup, staticEntries: settings.staticEntries, random: settings.random)
        if request.hostIsNumeric {
            // No query is made: nothing can stall.
            do { return try await locator.locate(request) } catch {
                throw Self.locationFailure(error)
            }
        }
        // The locator runs in a task of its own; the deadline fails the promise on the loop, so this
        // returns at the deadline even if a lookup (getaddrinfo on the thread pool) is still running.
        let promise = loop.makePromise(of: ServerLocation.self)
        let task = Task {
            do { promise.succeed(try await locator.locate(request)) } catch { promise.fail(error) }
        }
        let timer = loop.scheduleTask(deadline: deadline) {
            promise.fail(EndpointFailure(.timeout, stage: .dns, detail: EndpointStage.dns.stallDetail))
            task.cancel()
        }
        promise.futureResult.whenComplete { _ in timer.cancel() }
        do {
            return try await withTaskCancellationHandler {
                try await promise.futureResult.get()
            } onCancel: {
                // Interrupted (SIGINT/SIGTERM cancel the probe's task): location ends now, not at the
                // deadline, so the report so far is printed within the CLI's 2 s.
                promise.fail(EndpointFailure(.timeout, stage: .dns, detail: "interrupted during name resolution"))
                task.cancel()
            }
        } catch let failure as EndpointFailure {
            throw failure
        } catch {
            throw Self.locationFailure(error)
        }
    }

    /// Why location failed, for the report. When no query got an answer at all (no records, no NXDOMAIN,
    /// no "no data") and at least one timed out, the DNS server is silent: that is a stall in `dns`, the
    /// same verdict (`timeout`) as when the deadline itself catches the lookups, whatever `--timeout` is.
    /// Otherwise (NXDOMAIN, no records, a server failure) the name does not resolve: `dns_failed`.
    static func locationFailure(_ error: any Error) -> EndpointFailure {
        if case .noTargets(_, let queries)? = error as? ServerLocationError {
            let answered = queries.contains { query in
                if case .failed = query.outcome { return false }
                return true
            }
            let timedOut = queries.contains { query in
                if case .failed(.timeout) = query.outcome { return true }
                return false
            }
            if !answered, timedOut {
                return EndpointFailure(.timeout, stage: .dns, detail: "no DNS query was answered: the DNS server may not answer, or not be reachable (\(error))")
            }
        }
        return EndpointFailure(.dnsFailed, stage: .dns, detail: "\(error)")
    }

    // MARK: - Flows

    /// Opens a flow to one located server before `deadline`.
    public func open(_ server: ResolvedTarget, options: FlowOptions, deadline: NIODeadline,
                     on loop: any EventLoop) async throws(EndpointFailure) -> EndpointFlow {
        let remote: SocketAddress
        let bind: SocketAddress?
        do {
            remote = try SocketAddress(ipAddress: server.address, port: server.port)
        } catch {
            throw EndpointFailure(.transportError, stage: .tcpConnect, detail: "not a socket address: \(server.address)")
        }
        do {
            bind = try options.bindAddress(for: remote)
        } catch {
            throw EndpointFailure(.transportError, stage: server.transport == .udp ? .transaction : .tcpConnect,
                                  detail: "cannot bind \(options.bindHost ?? ""): \(error)", remoteAddress: SocketConnector.text(remote))
        }
        var tls: (context: OpenSSLContext, serverName: String)?
        if server.transport == .tls {
            do {
                tls = (try tlsContext(for: options.tls ?? .client()), options.tlsServerName(server.host))
            } catch {
                throw EndpointFailure(.tlsFailed, stage: .tlsHandshake, detail: "TLS configuration: \(error)",
                                      remoteAddress: SocketConnector.text(remote))
            }
        }
        let started = loop.now
        let opened = try await connector.connect(to: remote, transport: server.transport, bind: bind, tls: tls,
                                                 deadline: deadline, on: loop)
        let connectTime: TimeAmount? = server.transport == .udp ? nil : loop.now - started
        return EndpointFlow(server: server, connection: opened.connection, deadline: deadline, connectTime: connectTime, tls: opened.tls)
    }

    // MARK: - Sending

    /// Locates the servers for `request`, then for each in order opens a flow, runs `exchange` on it and
    /// closes it, moving on while `failOver` says so (RFC 3263 §4.3). A server that could not be reached
    /// becomes a value through `failed`, so each attempt reads the same to the caller.
    public func send<Value: Sendable>(
        to request: ServerLocationRequest, settings: ResolutionSettings, options: FlowOptions, timeout: TimeAmount,
        exchange: (EndpointFlow) async -> Value,
        failed: (ResolvedTarget, EndpointFailure) -> Value,
        failOver: (Value) -> Bool
    ) async -> EndpointOutcome<Value> {
        await run(request, settings: settings, options: options, timeout: timeout, exchange: exchange, failed: failed, failOver: failOver)
    }

    /// Locates the servers for `request` and tries every one, each with its own deadline and result,
    /// whatever the others did (`--each-server`).
    public func sendEachServer<Value: Sendable>(
        to request: ServerLocationRequest, settings: ResolutionSettings, options: FlowOptions, timeout: TimeAmount,
        exchange: (EndpointFlow) async -> Value,
        failed: (ResolvedTarget, EndpointFailure) -> Value
    ) async -> EndpointOutcome<Value> {
        await run(request, settings: settings, options: options, timeout: timeout, exchange: exchange, failed: failed, failOver: { _ in true })
    }

    private func run<Value: Sendable>(
        _ request: ServerLocationRequest, settings: ResolutionSettings, options: FlowOptions, timeout: TimeAmount,
        exchange: (EndpointFlow) async -> Value,
        failed: (ResolvedTarget, EndpointFailure) -> Value,
        failOver: (Value) -> Bool
    ) async -> EndpointOutcome<Value> {
        let loop = group.next()
        let started = loop.now
        let location: ServerLocation
        do {
            location = try await locate(request, settings: settings, deadline: started + timeout, on: loop)
        } catch {
            logger.debug("location failed", metadata: ["failure": "\(error)"])
            return EndpointOutcome(location: nil, locationFailure: error, locationTime: loop.now - started, attempts: [])
        }
        let locationTime = loop.now - started
        var attempts: [EndpointAttempt<Value>] = []
        for server in location.targets.prefix(max(1, settings.maxAttempts)) {
            let deadline = loop.now + timeout
            let value: Value
            do {
                let flow = try await open(server, options: options, deadline: deadline, on: loop)
                value = await exchange(flow)
                try? await flow.close().get()
            } catch {
                logger.debug("server unreachable", metadata: ["server": "\(server)", "failure": "\(error)"])
                value = failed(server, error)
            }
            attempts.append(EndpointAttempt(server: server, value: value))
            if !failOver(value) { break }
        }
        return EndpointOutcome(location: location, locationFailure: nil, locationTime: locationTime, attempts: attempts)
    }
}
