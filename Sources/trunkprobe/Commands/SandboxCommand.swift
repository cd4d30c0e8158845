import ArgumentParser
import Foundation
import Logging
import Sandbox
import SIPClient
import ZentrunkAPI

/// `trunkprobe sandbox --listen 127.0.0.1:PORT`: a local Zentrunk-compatible API with state in memory.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Serve a Zentrunk-compatible API locally (state in memory) for demos, tests and dry runs.",
        discussion: """
            Prints the exports that point trunkprobe at it. The auth token comes from the variable named by \
            --auth-token-env (default PLIVO_AUTH_TOKEN); when that is unset a random token is generated and printed \
            (it guards nothing but this sandbox). With --sip it also answers SIP for its outbound trunks as \
            Zentrunk's edge would (digest with the trunk's credential, IP ACL, 403 for a rejected source or wrong \
            credentials) and prints a TRUNKPROBE_RESOLVE export that sends every *.zt.plivo.com to it. See docs/sandbox.md.

            Examples:
              trunkprobe sandbox --listen 127.0.0.1:8089
              trunkprobe sandbox --listen 127.0.0.1:8089 --sip 127.0.0.1:25090 --verbose
            """)

    @Option(help: ArgumentHelp("Address to listen on (IPv6 in brackets).", valueName: "HOST:PORT"), transform: ListenAddress.parse)
    var listen = ListenAddress(host: "127.0.0.1", port: 8089)
    @Option(name: .customLong("auth-id"), help: "Auth ID clients must use (default $PLIVO_AUTH_ID, else MASANDBOX00000000000).")
    var authID: String?
    @Option(name: .customLong("auth-token-env"), help: ArgumentHelp("Environment variable holding the auth token.", valueName: "VAR"))
    var authTokenEnv = "PLIVO_AUTH_TOKEN"
    @Flag(name: .customLong("seed-calls"), help: "Start with a few sample call records, so `api call` has data.")
    var seedCalls = false
    @Option(name: .customLong("calls"), help: ArgumentHelp(
        "Load call records from a JSON array in the Calls API's shape, each optionally with an insights object.", valueName: "FILE"))
    var callsFile: String?
    @Option(name: .customLong("fail-write"), help: ArgumentHelp(
        "Fault injection: answer the Nth write (POST or DELETE) with HTTP 500 and do not apply it.", valueName: "N"),
        transform: PositiveCount.parse)
    var failWrite: PositiveCount?
    @Option(help: ArgumentHelp(
        "Also answer SIP (UDP and TCP) here for the outbound trunks the sandbox holds, as Zentrunk's edge would.",
        valueName: "ADDRESS:PORT"), transform: ListenAddress.parse)
    var sip: ListenAddress?
    @Option(name: .customLong("sip-invite"), help: ArgumentHelp(
        "How the edge answers an admitted INVITE: 180-then-486 (rings; default), 200 (answers), 180 (rings until CANCEL)…",
        valueName: "OUTCOME"), transform: InviteOutcome.parse)
    var sipInvite = InviteOutcome.provisionalThenFinal(provisional: 180, final: 486)
    @Flag(name: .shortAndLong, help: .verbose) var verbose = false

    func validate() throws {
        try listen.checkLocal(flag: "--listen")
        try sip?.checkLocal(flag: "--sip")
        if let sip, !sip.isNumeric {
            throw ValidationError("--sip must be ADDRESS:PORT with a numeric address (e.g. 127.0.0.1:25090), got \(sip)")
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let (host, port) = (listen.host, listen.port)
        let id = authID ?? environment["PLIVO_AUTH_ID"].flatMap { $0.isEmpty ? nil : $0 } ?? "MASANDBOX00000000000"
        let supplied = environment[authTokenEnv].flatMap { $0.isEmpty ? nil : $0 }
        let token = supplied ?? Self.randomToken()

        var logger = Logger(label: "trunkprobe.sandbox") { StreamLogHandler.standardError(label: $0) }
        // Info, not debug: one line per request, without the server framework's lifecycle chatter.
        logger.logLevel = verbose ? .info : .warning
        let sandbox = ZentrunkSandbox(authID: id, authToken: Secret(token), host: host, port: port, logger: logger)
        if seedCalls { await Self.seed(sandbox.state) }
        if let callsFile {
            guard let data = FileManager.default.contents(atPath: callsFile) else {
                throw APIRunner.fail("--calls: cannot read \(callsFile)", code: 3)
            }
            do {
                for (record, insights) in try SandboxCallFile.records(data, file: callsFile) {
                    await sandbox.state.addCall(record, insights: insights)
                }
            } catch {
                throw APIRunner.fail("--calls: \(error)", code: 3)
            }
        }
        if let failWrite {
            await sandbox.state.inject(SandboxFault(.write(failWrite.value), status: 500))
        }
        var edgeLines = ""
        var edge: SandboxEdge?
        if let sip {
            let address = sip
            var edgeLogger = Logger(label: "trunkprobe.sandbox.sip") { StreamLogHandler.standardError(label: $0) }
            edgeLogger.logLevel = verbose ? .info : .warning
            let settings = SandboxEdge.Settings(invite: sipInvite)
            let started = SandboxEdge(directory: sandbox.state.edge, settings: settings, logger: edgeLogger)
            let bound: [ResponderEndpoint]
            do {
                bound = try await started.start(host: address.host, port: address.port)
            } catch {
                throw APIRunner.fail("--sip \(sip): cannot listen: \(error)", code: 3)
            }
            edge = started
            let shown = address.host.contains(":") ? "[\(address.host)]" : address.host
            // Trunk domains are <trunk_id>.zt.plivo.com: one wildcard entry sends all of them to the edge.
            edgeLines = "Zentrunk SIP edge listening on udp and tcp \(shown):\(bound[0].port) for *.\(Self.trunkDomainSuffix)\n"
                + "export TRUNKPROBE_RESOLVE='*.\(Self.trunkDomainSuffix):5060:\(shown):\(bound[0].port)'\n"
        }
        let runningEdge = edge
        defer { if let runningEdge { Task { await runningEdge.stop() } } }
        let edgeText = edgeLines
        let shownHost = host.contains(":") ? "[\(host)]" : host
        let tokenLine = supplied != nil
            ? "export PLIVO_AUTH_TOKEN=\"$\(authTokenEnv)\"   # the token you supplied"
            : "export PLIVO_AUTH_TOKEN=\(token)   # generated for this sandbox only"
        try await sandbox.run { bound in
            // Written unbuffered: when stdout is a pipe or file, a buffered print would not appear until exit.
            FileHandle.standardOutput.write(Data("""
                Zentrunk sandbox listening on http://\(shownHost):\(bound)/v1/ (auth id \(id))
                export PLIVO_API_URL=http://\(shownHost):\(bound)/v1/
                export PLIVO_AUTH_ID=\(id)
                \(tokenLine)
                \(edgeText)
                """.utf8))
        }
    }

    static let trunkDomainSuffix = "zt.plivo.com"

    static func randomToken() -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")
        return String((0..<32).map { _ in alphabet.randomElement()! })
    }

    static func seed(_ state: SandboxState) async {
        let now = Date()
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        for index in 0..<3 {
            let end = formatter.string(from: now.addingTimeInterval(Double(-3600 * (index + 1))))
            await state.addCall([
                "call_uuid": .string(UUID().uuidString.lowercased()), "call_direction": .string(index == 1 ? "inbound" : "outbound"),
                "from_number": .string("+1415555010\(index)"), "to_number": .string("+1650555020\(index)"),
                "call_duration": .number(Double(30 + index)), "bill_duration": .number(Double(60)),
                "end_time": .string(end), "hangup_cause_code": .number(3000), "hangup_cause_name": .string("normal_hangup"),
                "hangup_source": .string("customer"), "trunk_domain": .string("21784177241578.zt.plivo.com"),
                "transport_protocol": .string("udp"), "srtp": .bool(false), "secure_trunking": .bool(false),
                "stir_verification": .string("Not Applicable"),
            ])
        }
    }
}
