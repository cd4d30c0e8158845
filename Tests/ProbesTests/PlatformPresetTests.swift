import Probes
import Testing

@Suite struct PlatformPresetTests {
    func expand(_ body: String) throws(SuiteError) -> [CheckDefinition] {
        try SuiteLoader.parse("presets:\n" + body, file: "p.yaml").checks
    }

    @Test("LiveKit: credential INVITE to the trunk domain, its URI form over TCP, and an inbound INVITE because OPTIONS always gets 200")
    func livekit() throws {
        let checks = try expand("""
              - platform: livekit
                trunk_domain: 21784177241578.zt.plivo.com
                project: vjnxecm0tjk
                to: "14155550100"
                username: livekit_user
                password: {env: LK_PASSWORD}
            """)
        #expect(checks.map(\.kind) == [.options, .invite, .failover, .invite])
        #expect(checks[0].transport == .tcp)
        #expect(checks[1].credential?.username == "livekit_user" && checks[1].expect?.verdicts == ["auth_ok"])
        #expect(checks[2].target == "vjnxecm0tjk.sip.livekit.cloud;transport=tcp")
        #expect(checks[3].target == checks[2].target && checks[3].to == "14155550100")
        // The inbound INVITE passes only when LiveKit rang (487 after the probe's CANCEL) or answered: a call no
        // trunk or dispatch rule matches is refused with 404 and no challenge, which must fail the check.
        let inbound = try #require(checks[3].expect)
        #expect(inbound.isMet(verdict: "no_challenge", statusCode: 487))
        #expect(inbound.isMet(verdict: "ok", statusCode: 200))
        #expect(!inbound.isMet(verdict: "no_challenge", statusCode: 404))
        #expect(!inbound.isMet(verdict: "reachable", statusCode: 501))
        #expect(checks.allSatisfy { $0.tags.contains("livekit") })
        #expect(Set(checks.map(\.name)).count == checks.count)
    }

    @Test("LiveKit inbound without a number to call is refused with the reason")
    func livekitNeedsInvite() {
        #expect(throws: SuiteError.self) {
            _ = try expand("  - platform: livekit\n    project: p1\n")
        }
        do { _ = try expand("  - platform: livekit\n    project: p1\n") } catch {
            #expect(error.message.contains("answers every OPTIONS with 200"))
            #expect(error.location?.line == 2 && error.key == "to")
        }
    }

    @Test("Vapi: IP ACL, no credential: from outside its addresses the INVITE must be acl_rejected; UDP URI")
    func vapi() throws {
        let checks = try expand("""
              - platform: vapi
                trunk_domain: 21784177241578.zt.plivo.com
                to: "14155550100"
            """)
        let invite = try #require(checks.first { $0.kind == .invite })
        #expect(invite.credential == nil && invite.expect?.verdicts == ["acl_rejected"] && invite.transport == .udp)
        #expect(checks.contains { $0.kind == .failover && $0.target == "sip.vapi.ai;transport=udp" })
        #expect(!checks.contains { $0.kind == .invite && $0.target.contains("vapi.ai") })
    }

    @Test("ElevenLabs and Retell: credential outbound, TCP URIs; self-hosted needs its URI")
    func others() throws {
        let el = try expand("""
              - platform: elevenlabs
                trunk_domain: t.zt.plivo.com
                to: "1"
                username: u
                password: {file: /dev/null}
                fallback_uri: "sip.rtc.elevenlabs.io:5061;transport=tls"
            """)
        #expect(el.contains { $0.kind == .invite && $0.credential != nil })
        let failover = try #require(el.first { $0.kind == .failover })
        #expect(failover.target == "sip.rtc.elevenlabs.io:5060;transport=tcp")
        #expect(failover.fallback == "sip.rtc.elevenlabs.io:5061;transport=tls")
        let retell = try expand("  - platform: retell\n")
        #expect(retell.map(\.target) == ["sip.retellai.com;transport=tcp"])
        #expect(throws: SuiteError.self) { _ = try expand("  - platform: self-hosted\n") }
        let own = try expand("  - platform: self-hosted\n    primary_uri: \"pbx.example.com:5080;transport=tcp\"\n")
        #expect(own.map(\.target) == ["pbx.example.com:5080;transport=tcp"])
        do { _ = try expand("  - platform: retell\n    trunk_domain: t.zt.plivo.com\n    to: \"1\"\n") } catch {
            #expect(error.message.contains("credential"))
        }
    }
}
