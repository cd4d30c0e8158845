import Foundation
import Testing
@testable import ZentrunkAPI

@Suite("Local validation, before any request")
struct ValidationTests {
    @Test("Trunk create: direction required and known; inbound needs a primary URI; outbound a credential or ACL")
    func trunkRules() throws {
        #expect(throws: ZentrunkInputError.self) { try TrunkParameters().validateForCreate() }
        #expect(throws: ZentrunkInputError.self) { try TrunkParameters(direction: "sideways", ipaclUUID: "a").validateForCreate() }
        #expect(throws: ZentrunkInputError.self) { try TrunkParameters(direction: "inbound").validateForCreate() }
        #expect(throws: ZentrunkInputError.self) { try TrunkParameters(direction: "outbound").validateForCreate() }
        #expect(throws: ZentrunkInputError.self) { try TrunkParameters(direction: "outbound", status: "on", ipaclUUID: "a").validateForCreate() }
        try TrunkParameters(direction: "inbound", primaryURIUUID: "u").validateForCreate()
        try TrunkParameters(direction: "outbound", ipaclUUID: "a").validateForCreate()
        try TrunkParameters(direction: "outbound", credentialUUID: "c").validateForCreate()
    }

    @Test("Credential: lengths enforced, character rules only warn; the password never appears in messages")
    func credentialRules() throws {
        #expect(throws: ZentrunkInputError.self) { _ = try ZentrunkValidation.checkUsername("abcd") }
        #expect(throws: ZentrunkInputError.self) { _ = try ZentrunkValidation.checkUsername(String(repeating: "a", count: 21)) }
        #expect(try ZentrunkValidation.checkUsername("elevenlabs_user").count == 1)
        #expect(try ZentrunkValidation.checkUsername("livekit01").isEmpty)
        let error = #expect(throws: ZentrunkInputError.self) { _ = try ZentrunkValidation.checkPassword(Secret("abc")) }
        #expect(error?.description.contains("abc") == false)
        #expect(try ZentrunkValidation.checkPassword(Secret("securepassword123!")).isEmpty)
        #expect(try ZentrunkValidation.checkPassword(Secret("nospecial1")).count == 1)
        #expect(throws: ZentrunkInputError.self) { _ = try CredentialParameters(username: "abcde").validate(requireBoth: true) }
    }

    @Test("ACL entries: IPv4, IPv6 and CIDR accepted; garbage and bad prefixes refused; wide ranges warn",
          arguments: ["52.1.2.3", "44.229.228.186/32", "2001:db8::1", "2001:db8::/32", "10.0.0.0/8"])
    func aclValid(_ entry: String) throws {
        #expect(try ZentrunkValidation.checkACLEntry(entry).isEmpty)
    }

    @Test(arguments: ["300.1.1.1", "1.2.3.4/33", "2001:db8::/129", "example.com", "1.2.3.4/", "1.2.3.4/a", ""])
    func aclInvalid(_ entry: String) {
        #expect(throws: ZentrunkInputError.self) { _ = try ZentrunkValidation.checkACLEntry(entry) }
    }

    @Test("ACL /0 warns")
    func aclWide() throws {
        #expect(try ZentrunkValidation.checkACLEntry("0.0.0.0/0").count == 1)
    }

    @Test("URIs in the documented forms and the platforms' transports are accepted",
          arguments: ["192.168.1.100;transport=udp", "192.168.1.100:5060;transport=udp", "sip.example.com;transport=tcp",
                      "sip.rtc.elevenlabs.io:5061;transport=tls", "sip:pbx@example.com;transport=tcp", "[2001:db8::1]:5060;transport=udp",
                      "vjnxecm0tjk.sip.livekit.cloud;transport=tcp", "sips:pbx@example.com"])
    func uriValid(_ uri: String) throws {
        #expect(try ZentrunkValidation.checkURI(uri).isEmpty)
    }

    @Test(arguments: ["http://sip.example.com", "sip.example.com:0", "sip.example.com:70000", "sip.example.com;transport=sctp",
                      "sips:pbx@example.com;transport=udp", "bad host", "pbx@example.com", "-bad-.example.com", "[2001:db8::1"])
    func uriInvalid(_ uri: String) {
        #expect(throws: ZentrunkInputError.self) { _ = try ZentrunkValidation.checkURI(uri) }
    }

    @Test("A URI without ;transport= only warns")
    func uriNoTransport() throws {
        #expect(try ZentrunkValidation.checkURI("sip.example.com:5060").count == 1)
        #expect(try ZentrunkValidation.checkURI("192.168.1.100").count == 1)
    }

    @Test("Call filters: no '+', upper bound needs lower, at most 90 days, valid times, known enums")
    func callFilters() throws {
        var filter = CallFilter()
        filter.fromNumber = "+14155550100"
        #expect(throws: ZentrunkInputError.self) { _ = try filter.query() }
        filter = CallFilter()
        filter.endTimeLessOrEqual = "2026-08-30 00:00"
        let upper = #expect(throws: ZentrunkInputError.self) { _ = try filter.query() }
        #expect(upper?.field == "end_time__lte")
        filter.endTimeGreaterOrEqual = "2026-01-01 00:00"
        #expect(throws: ZentrunkInputError.self) { _ = try filter.query() }  // 241 days
        filter.endTimeGreaterOrEqual = "2026-06-01 00:00"
        #expect(try filter.query().count == 2)  // 90 days exactly is allowed
        filter.endTimeGreaterOrEqual = "yesterday"
        #expect(throws: ZentrunkInputError.self) { _ = try filter.query() }
        filter = CallFilter()
        filter.hangupSource = "someone"
        #expect(throws: ZentrunkInputError.self) { _ = try filter.query() }
        filter = CallFilter()
        filter.toNumber = ""
        #expect(throws: ZentrunkInputError.self) { _ = try filter.query() }
    }

    @Test("Limit 1-20 and offset >= 0")
    func paging() throws {
        #expect(throws: ZentrunkInputError.self) { try ZentrunkValidation.checkLimit(0) }
        #expect(throws: ZentrunkInputError.self) { try ZentrunkValidation.checkLimit(21) }
        #expect(throws: ZentrunkInputError.self) { try ZentrunkValidation.checkOffset(-1) }
        try ZentrunkValidation.checkLimit(20)
        try ZentrunkValidation.checkLimit(1)
    }

    @Test("Secrets never show in descriptions, dumps or redacted requests")
    func secretsRedacted() {
        let parameters = CredentialParameters(name: "n", username: "user1", password: Secret("hunter2!xyz"))
        #expect(!"\(parameters)".contains("hunter2"))
        var dumped = ""
        dump(parameters, to: &dumped)
        #expect(!dumped.contains("hunter2"))
        let request = ZentrunkRequest.create(.credential, body: parameters.body)
        #expect(!request.redactedDescription.contains("hunter2"))
        #expect(request.redactedDescription.contains("<redacted>"))
        let configuration = ZentrunkConfiguration(authID: "MA1", authToken: Secret("tok-secret"))
        #expect(!"\(configuration)".contains("tok-secret"))
    }

    @Test("Configuration from the environment: missing credentials are input errors; PLIVO_API_URL overrides; --api-url wins")
    func environment() throws {
        #expect(throws: ZentrunkInputError.self) { _ = try ZentrunkConfiguration.fromEnvironment([:]) }
        #expect(throws: ZentrunkInputError.self) { _ = try ZentrunkConfiguration.fromEnvironment(["PLIVO_AUTH_ID": "MA1"]) }
        let env = ["PLIVO_AUTH_ID": "MA1", "PLIVO_AUTH_TOKEN": "t", "PLIVO_API_URL": "http://127.0.0.1:9/v1"]
        #expect(try ZentrunkConfiguration.fromEnvironment(env).baseURL == "http://127.0.0.1:9/v1/")
        #expect(try ZentrunkConfiguration.fromEnvironment(env, baseURL: "https://x.test/v1/").baseURL == "https://x.test/v1/")
        #expect(try ZentrunkConfiguration.fromEnvironment(["PLIVO_AUTH_ID": "MA1", "PLIVO_AUTH_TOKEN": "t"]).baseURL == "https://api.plivo.com/v1/")
        #expect(throws: ZentrunkInputError.self) { _ = try ZentrunkConfiguration.fromEnvironment(env, baseURL: "ftp://x") }
    }

    @Test("Error codes map from statuses")
    func statusMapping() {
        #expect(ZentrunkError.Code.forStatus(400) == .validation)
        #expect(ZentrunkError.Code.forStatus(422) == .validation)
        #expect(ZentrunkError.Code.forStatus(401) == .authentication)
        #expect(ZentrunkError.Code.forStatus(403) == .forbidden)
        #expect(ZentrunkError.Code.forStatus(404) == .notFound)
        #expect(ZentrunkError.Code.forStatus(405) == .methodNotAllowed)
        #expect(ZentrunkError.Code.forStatus(409) == .conflict)
        #expect(ZentrunkError.Code.forStatus(429) == .rateLimited)
        #expect(ZentrunkError.Code.forStatus(503) == .server)
        #expect(ZentrunkError.Code.forStatus(418) == .unexpectedStatus)
    }
}
