import Foundation
import Testing
@testable import ZentrunkAPI

@Suite("Live-API quirks (docs/api.md) served from fixtures")
struct QuirkFixtureTests {
    typealias S = ScriptedHTTPServer

    @Test("Trunk GET accepts the live nested shape")
    func nestedTrunk() async throws {
        let server = try await S.start([S.fixture(200, "trunk_get_nested")])
        defer { Task { await server.stop() } }
        let trunk = try await ZentrunkClient.scripted(server.baseURL).getTrunk(id: "42741122632602585")
        #expect(trunk.trunkID == "42741122632602585")
        #expect(trunk.primaryURIUUID == "90b6eb07-796c-4d86-a4fd-44ed11667ddb")
        #expect(trunk.createdAt == "2026-08-23T19:57:52Z")
        #expect(server.requests.first?.path == "/v1/Account/MAFIXTURE00000000001/Zentrunk/Trunk/42741122632602585/")
    }

    @Test("Trunk GET accepts the documented flat shape")
    func flatTrunk() async throws {
        let server = try await S.start([S.fixture(200, "trunk_get_flat")])
        defer { Task { await server.stop() } }
        let trunk = try await ZentrunkClient.scripted(server.baseURL).getTrunk(id: "21784177241578")
        #expect(trunk.trunkDirection == "outbound")
        #expect(trunk.credentialUUID == "f19c4773-4ae6-4b75-92ea-9cf3ea4227d6")
    }

    @Test("Trunk create without trunk_domain in the response reads the trunk back")
    func trunkDomainReadBack() async throws {
        let server = try await S.start([S.fixture(201, "trunk_create"), S.fixture(200, "trunk_get_after_create")])
        defer { Task { await server.stop() } }
        let created = try await ZentrunkClient.scripted(server.baseURL)
            .createTrunk(TrunkParameters(direction: "inbound", primaryURIUUID: "90b6eb07-796c-4d86-a4fd-44ed11667ddb"))
        #expect(created.trunkID == "986908123123411213")
        #expect(created.trunkDomain == "986908123123411213.zt.plivo.com")
        #expect(server.requests.map(\.method) == ["POST", "GET"])
        #expect(server.requests.last?.path.hasSuffix("/Zentrunk/Trunk/986908123123411213/") == true)
    }

    @Test("Trunk create whose response has trunk_domain (as some published examples show) makes no read")
    func trunkDomainInCreate() async throws {
        let server = try await S.start([S.fixture(201, "trunk_create_with_domain")])
        defer { Task { await server.stop() } }
        let created = try await ZentrunkClient.scripted(server.baseURL)
            .createTrunk(TrunkParameters(direction: "outbound", credentialUUID: "f19c4773-4ae6-4b75-92ea-9cf3ea4227d6"))
        #expect(created.trunkDomain == "21784177241578.zt.plivo.com")
        #expect(server.requests.count == 1)
    }

    @Test("Trunk create whose read-back fails still returns the id and the documented domain form (no duplicate on retry)")
    func trunkReadBackFails() async throws {
        let server = try await S.start([S.fixture(201, "trunk_create"), S.fixture(500, "error_500")])
        defer { Task { await server.stop() } }
        let created = try await ZentrunkClient.scripted(server.baseURL)
            .createTrunk(TrunkParameters(direction: "inbound", primaryURIUUID: "90b6eb07-796c-4d86-a4fd-44ed11667ddb"))
        #expect(created.trunkID == "986908123123411213")
        #expect(created.trunkDomain == "986908123123411213.zt.plivo.com")
        #expect(created.trunk == nil)
        #expect(server.requests.count == 2)
    }

    @Test("Trunk update without a direction reads it and resends trunk_direction")
    func trunkDirectionResent() async throws {
        let server = try await S.start([S.fixture(200, "trunk_get_nested"), S.fixture(202, "trunk_update")])
        defer { Task { await server.stop() } }
        let result = try await ZentrunkClient.scripted(server.baseURL)
            .updateTrunk(id: "42741122632602585", TrunkParameters(name: "renamed"))
        #expect(result.id == "42741122632602585")
        let update = try #require(server.requests.last)
        #expect(update.method == "POST")
        #expect(update.json?["trunk_direction"] as? String == "inbound")
        #expect(update.json?["name"] as? String == "renamed")
        #expect(update.json?.keys.sorted() == ["name", "trunk_direction"])
    }

    @Test("Credential update sends username and password together; username read back when not given")
    func credentialUsernameAndPassword() async throws {
        let server = try await S.start([S.fixture(200, "credential_get"), S.fixture(202, "credential_update")])
        defer { Task { await server.stop() } }
        _ = try await ZentrunkClient.scripted(server.baseURL)
            .updateCredential(id: "f19c4773-4ae6-4b75-92ea-9cf3ea4227d6", CredentialParameters(password: Secret("n3w!secret")))
        let update = try #require(server.requests.last)
        #expect(update.json?["username"] as? String == "elevenlabs01")
        #expect(update.json?["password"] as? String == "n3w!secret")
    }

    @Test("Credential update without a password is refused locally (it would blank the password)")
    func credentialUpdateNeedsPassword() async throws {
        let server = try await S.start([])
        defer { Task { await server.stop() } }
        await #expect(throws: ZentrunkInputError.self) {
            _ = try await ZentrunkClient.scripted(server.baseURL).updateCredential(id: "x", CredentialParameters(name: "n"))
        }
        #expect(server.requests.isEmpty)
    }

    @Test("URI password change restates authentication_needed and username")
    func uriPasswordRestates() async throws {
        let server = try await S.start([S.fixture(200, "uri_get"), S.fixture(202, "uri_update")])
        defer { Task { await server.stop() } }
        _ = try await ZentrunkClient.scripted(server.baseURL)
            .updateURI(id: "90b6eb07-796c-4d86-a4fd-44ed11667ddb", URIParameters(password: Secret("an0ther!pw")))
        let update = try #require(server.requests.last)
        #expect(update.json?["authentication_needed"] as? Bool == true)
        #expect(update.json?["username"] as? String == "plivo_inbound")
        #expect(update.json?["password"] as? String == "an0ther!pw")
    }

    @Test("meta {} decodes; listing all stops at a short page")
    func emptyMeta() async throws {
        let server = try await S.start([S.fixture(200, "credential_list_meta_empty")])
        defer { Task { await server.stop() } }
        let all = try await ZentrunkClient.scripted(server.baseURL).allCredentials()
        #expect(all.map(\.username) == ["elevenlabs01"])
        #expect(server.requests.count == 1)
        #expect(server.requests.first?.path.contains("limit=20&offset=0") == true)
    }

    @Test("meta with boolean next/previous decodes (legacy CDR shape) and the CDR keeps undocumented fields")
    func booleanMeta() async throws {
        let server = try await S.start([S.fixture(200, "call_list_meta_bool")])
        defer { Task { await server.stop() } }
        let page = try await ZentrunkClient.scripted(server.baseURL).listCalls()
        #expect(page.meta.hasNext == true)
        #expect(page.meta.next == nil)
        #expect(page.objects.first?.raw["call_id"]?.stringValue == "459580122_124515270@206.146.101.14")
        #expect(page.objects.first?.hangupCauseCode == "3000")
    }

    @Test("meta with a string next decodes as a relative path")
    func stringMeta() throws {
        let json = try JSONDecoder().decode(JSONValue.self, from: Data(Fixtures.text("list_page_next_string").utf8))
        let page = try ZentrunkClient.decode(ListPage<Credential>.self, from: json, request: "test")
        #expect(page.meta.totalCount == 109)
        #expect(page.meta.hasNext == true)
        #expect(page.meta.next?.hasPrefix("v1/Account/") == true)
    }

    @Test("Call insights decode, with every documented filter sent on list")
    func insightsAndFilters() async throws {
        let server = try await S.start([S.fixture(200, "call_insights"), S.fixture(200, "call_list_meta_bool")])
        defer { Task { await server.stop() } }
        let client = ZentrunkClient.scripted(server.baseURL)
        let insights = try await client.callInsights(id: "6b7f4bc2-3f2e-4ba0-9a53-5b9f7c1b1f3e")
        #expect(insights.qualityScore == "4.3")
        #expect(server.requests.first?.path.hasSuffix("/Zentrunk/Call/6b7f4bc2-3f2e-4ba0-9a53-5b9f7c1b1f3e/Insights/") == true)
        var filter = CallFilter()
        filter.fromNumber = "1415"; filter.callDirection = "outbound"; filter.hangupSource = "customer"
        filter.stirVerification = "Not Verified"; filter.billDurationGreaterOrEqual = 10
        filter.endTimeGreaterOrEqual = "2026-08-01 00:00"; filter.endTimeLessOrEqual = "2026-08-30 00:00:00"
        _ = try await client.listCalls(filter, limit: 5)
        let path = try #require(server.requests.last?.path)
        for expected in ["from_number=1415", "call_direction=outbound", "hangup_source=customer",
                         "stir_verification=Not%20Verified", "bill_duration__gte=10", "end_time__gte=2026-08-01%2000:00",
                         "end_time__lte=2026-08-30%2000:00:00", "limit=5"] {
            #expect(path.contains(expected), "missing \(expected) in \(path)")
        }
    }
}
