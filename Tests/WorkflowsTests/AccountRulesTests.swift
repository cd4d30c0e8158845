import Foundation
import Knowledge
import Testing
import Workflows
import ZentrunkAPI

/// Each rule on a hand-made account (no I/O).
@Suite("Account rules")
struct AccountRulesTests {
    static func rules(_ account: AccountInventory, platform: String? = nil) -> [DoctorRule] {
        AccountRules(platform: platform.flatMap { KnowledgeBase.shared.platform($0) }).check(account).map(\.rule)
    }

    static let tcp = OriginationURI(uriUUID: "u1", uri: "sip.example.com:5060;transport=tcp")
    static let udp = OriginationURI(uriUUID: "u2", uri: "sip.vapi.ai;transport=udp")
    static let tls = OriginationURI(uriUUID: "u3", uri: "sip.example.com:5061;transport=tls")

    @Test("a healthy inbound and outbound pair has no finding")
    func healthy() {
        let account = AccountInventory(
            trunks: [Trunk(trunkID: "1", trunkDirection: "inbound", primaryURIUUID: "u1", fallbackURIUUID: "u3"),
                     Trunk(trunkID: "2", trunkDirection: "outbound", credentialUUID: "c1")],
            uris: [Self.tcp, Self.tls], credentials: [Credential(credentialUUID: "c1", username: "u")],
            numbers: [.init(number: "14155550100", trunkID: "1")])
        #expect(Self.rules(account, platform: "livekit") == [.tlsURIOnInsecureTrunk])
        var secure = account
        secure.trunks[0].secure = true
        #expect(Self.rules(secure, platform: "livekit") == [.secureTrunkWithoutTLS])
    }

    @Test("inbound rules: no primary, no fallback, fallback equal to primary, a URI that does not exist")
    func inbound() {
        #expect(Self.rules(AccountInventory(trunks: [Trunk(trunkID: "1", trunkDirection: "inbound")])) == [.inboundWithoutPrimary])
        #expect(Self.rules(AccountInventory(trunks: [Trunk(trunkID: "1", trunkDirection: "inbound", primaryURIUUID: "u1")], uris: [Self.tcp]))
                == [.inboundWithoutFallback])
        let same = OriginationURI(uriUUID: "u9", uri: "sip.example.com:5060;transport=tcp")
        #expect(Self.rules(AccountInventory(trunks: [Trunk(trunkID: "1", trunkDirection: "inbound", primaryURIUUID: "u1", fallbackURIUUID: "u9")],
                                            uris: [Self.tcp, same])) == [.fallbackEqualsPrimary])
        #expect(Self.rules(AccountInventory(trunks: [Trunk(trunkID: "1", trunkDirection: "inbound", primaryURIUUID: "u1", fallbackURIUUID: "gone")],
                                            uris: [Self.tcp])) == [.missingURI])
    }

    @Test("a URI whose transport the platform does not accept: UDP for LiveKit and Retell, not for Vapi")
    func transports() {
        let account = AccountInventory(trunks: [Trunk(trunkID: "1", trunkDirection: "inbound", primaryURIUUID: "u2", fallbackURIUUID: "u1")],
                                       uris: [Self.udp, Self.tcp])
        #expect(Self.rules(account, platform: "livekit") == [.uriTransportUnsupported])
        #expect(Self.rules(account, platform: "retell") == [.uriTransportUnsupported])
        #expect(Self.rules(account, platform: "vapi") == [])
        let finding = AccountRules(platform: KnowledgeBase.shared.platform("livekit")).check(account)[0]
        #expect(finding.severity == .critical)
        #expect(finding.fix == "trunkprobe api uri update u2 --uri 'sip.vapi.ai;transport=tcp'")
    }

    @Test("outbound rules: no auth, a missing credential, Vapi without an IP ACL or without its addresses")
    func outbound() {
        #expect(Self.rules(AccountInventory(trunks: [Trunk(trunkID: "2", trunkDirection: "outbound")])) == [.outboundWithoutAuth])
        #expect(Self.rules(AccountInventory(trunks: [Trunk(trunkID: "2", trunkDirection: "outbound", credentialUUID: "gone")]))
                == [.missingAuthResource])
        let credentialOnly = AccountInventory(trunks: [Trunk(trunkID: "2", trunkDirection: "outbound", credentialUUID: "c1")],
                                              credentials: [Credential(credentialUUID: "c1")])
        #expect(Self.rules(credentialOnly, platform: "vapi") == [.platformNeedsIPACL])
        #expect(Self.rules(credentialOnly, platform: "livekit") == [])
        let partial = AccountInventory(trunks: [Trunk(trunkID: "2", trunkDirection: "outbound", ipaclUUID: "a1")],
                                       ipACLs: [IPAccessControlList(ipaclUUID: "a1", ipAddresses: ["44.229.228.186"])])
        let findings = AccountRules(platform: KnowledgeBase.shared.platform("vapi")).check(partial)
        #expect(findings.map(\.rule) == [.ipACLMissingPlatformAddresses])
        #expect(findings[0].message.contains("44.238.177.138/32") && !findings[0].message.contains("44.229.228.186/32,"))
        let complete = AccountInventory(trunks: partial.trunks,
                                        ipACLs: [IPAccessControlList(ipaclUUID: "a1", ipAddresses: ["44.229.228.0/24", "44.238.177.138/32"])])
        #expect(Self.rules(complete, platform: "vapi") == [])
    }

    @Test("unused URIs are info; numbers routed to a missing or an outbound trunk are critical; a disabled trunk warns")
    func numbersAndLeftovers() {
        let account = AccountInventory(
            trunks: [Trunk(trunkID: "2", trunkStatus: "disabled", trunkDirection: "outbound", credentialUUID: "c1")],
            uris: [Self.tcp], credentials: [Credential(credentialUUID: "c1")],
            numbers: [.init(number: "14155550100", trunkID: "404"), .init(number: "14155550101", trunkID: "2"),
                      .init(number: "14155550102", trunkID: nil)])
        let findings = AccountRules().check(account)
        #expect(Set(findings.map(\.rule)) == [.trunkDisabled, .uriUnused, .numberRoutedToMissingTrunk, .numberRoutedToOutboundTrunk])
        #expect(findings.first { $0.rule == .uriUnused }?.severity == .info)
        #expect(findings.first { $0.rule == .numberRoutedToMissingTrunk }?.severity == .critical)
    }

    @Test("every rule of the closed set is documented in docs/doctor.md")
    func documented() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("docs/doctor.md"), encoding: .utf8)
        for rule in DoctorRule.allCases { #expect(text.contains("`\(rule.rawValue)`"), "\(rule.rawValue) undocumented") }
    }
}
