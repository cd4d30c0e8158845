import Exporter
import Testing

@Suite("Exporter configuration")
struct ExporterConfigurationTests {
    @Test("the smallest module is {check: options}, with the documented defaults")
    func smallestModule() throws {
        let configuration = try ExporterConfiguration.parse("modules:\n  sip_options: {check: options}\n")
        let module = try #require(configuration.modules["sip_options"])
        #expect(module.check == .options)
        #expect(module.timeout == .seconds(5))
        #expect(module.minInterval == .zero)
        #expect(module.maxAttempts == 1)
        #expect(module.transport == nil)
        #expect(module.credentials == nil)
    }

    @Test("every field parses: transport, durations, credentials from env and file, expect, tls, to")
    func everyField() throws {
        let yaml = """
            modules:
              trunk_tcp:
                check: invite
                transport: tcp
                timeout: 2500ms
                min_interval: 15s
                max_attempts: 2
                to: "+14155550100"
                from: sip:probe@example.com
                user_agent: probe/1
                dns_server: 127.0.0.1:5353
                expect: [auth_ok, reachable, 404]
                credentials: {username: alice, password_env: TRUNK_PASSWORD}
                tls: {insecure: true, server_name: sip.example.com}
              fo:
                check: failover
                expect: [healthy]
            """
        let configuration = try ExporterConfiguration.parse(yaml, environment: ["TRUNK_PASSWORD": "s3cret"])
        let module = try #require(configuration.modules["trunk_tcp"])
        #expect(module.check == .invite)
        #expect(module.transport == .tcp)
        #expect(module.timeout == .milliseconds(2500))
        #expect(module.minInterval == .seconds(15))
        #expect(module.maxAttempts == 2)
        #expect(module.to == "+14155550100")
        #expect(module.expect?.verdicts == ["auth_ok", "reachable"])
        #expect(module.expect?.statusCodes == [404])
        #expect(module.credentials?.username == "alice")
        #expect(module.credentials?.password == "s3cret")
        #expect(module.passwordSource == .environment("TRUNK_PASSWORD"))
        #expect(module.tls?.insecure == true)
        #expect(configuration.modules["fo"]?.expect?.verdicts == ["healthy"])
    }

    @Test("bad files give one line naming the line, the module and the field", arguments: [
        ("modules:\n  m: {check: ping}\n", "unknown check 'ping'"),
        ("modules:\n  m: {check: options, colour: red}\n", "unknown field 'colour'"),
        ("modules:\n  m: {check: options, timeout: soon}\n", "timeout must be a duration"),
        ("modules:\n  m: {check: options, transport: sctp}\n", "unknown transport 'sctp'"),
        ("modules:\n  m: {check: options, expect: [fine]}\n", "unknown verdict 'fine'"),
        ("modules:\n  m: {check: failover, expect: [ok]}\n", "unknown verdict 'ok'"),
        ("modules:\n  m: {check: options, expect: {status: [999]}}\n", "not a SIP status code"),
        ("modules:\n  m: {check: options, credentials: {username: a, password: x}}\n", "not in this file"),
        ("modules:\n  m: {check: options, credentials: {username: a, password_env: NOPE_NOT_SET}}\n", "NOPE_NOT_SET"),
        ("module:\n  m: {check: options}\n", "unknown top-level key 'module'"),
        ("modules: {}\n", "at least one"),
        ("modules:\n  m: [check, options\n", "invalid YAML"),
    ])
    func badFiles(yaml: String, message: String) {
        do {
            _ = try ExporterConfiguration.parse(yaml, environment: [:])
            Issue.record("accepted \(yaml)")
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
            #expect(!error.description.contains("\n"))
        }
    }
}
