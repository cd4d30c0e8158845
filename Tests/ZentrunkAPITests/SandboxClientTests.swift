import TestSupport
import Foundation
import Testing
import Sandbox
@testable import ZentrunkAPI

@Suite("Every client operation against the sandbox over real HTTP")
struct SandboxClientTests {
    @Test("Credential: create, get, list, update (password rewritten), delete (204)")
    func credentialLifecycle() async throws {
        try await SandboxHarness.with { harness in
            let client = harness.client()
            let created = try await client.createCredential(CredentialParameters(name: "el-cred", username: "elevenlabs01", password: Secret("pa55!word")))
            let id = try #require(created.id)
            #expect(created.message == "credential created successfully.")
            #expect(try await client.getCredential(id: id).username == "elevenlabs01")
            #expect(try await client.listCredentials().objects.map(\.credentialUUID) == [id])
            _ = try await client.updateCredential(id: id, CredentialParameters(password: Secret("n3w!pass")))
            #expect(await harness.state.hasPassword(id))
            try await client.deleteCredential(id: id)
            let error = await #expect(throws: ZentrunkError.self) { _ = try await client.getCredential(id: id) }
            #expect(error?.code == .notFound)
        }
    }

    @Test("IP ACL: create, get, list, update replaces the list, delete")
    func aclLifecycle() async throws {
        try await SandboxHarness.with { harness in
            let client = harness.client()
            let id = try #require(try await client.createIPAccessControlList(IPACLParameters(name: "vapi", ipAddresses: ["44.229.228.186/32", "44.238.177.138/32"])).id)
            #expect(try await client.getIPAccessControlList(id: id).ipAddresses.count == 2)
            _ = try await client.updateIPAccessControlList(id: id, IPACLParameters(ipAddresses: ["2001:db8::/32"]))
            #expect(try await client.getIPAccessControlList(id: id).ipAddresses == ["2001:db8::/32"])
            #expect(try await client.allIPAccessControlLists().count == 1)
            try await client.deleteIPAccessControlList(id: id)
            #expect(await harness.state.count(.ipAccessControlList) == 0)
        }
    }

    @Test("URI: create with auth, update password (restated fields accepted by the strict sandbox), delete cascades to its trunk")
    func uriLifecycle() async throws {
        try await SandboxHarness.with { harness in
            let client = harness.client()
            let id = try #require(try await client.createURI(URIParameters(name: "vapi-primary", uri: "sip.vapi.ai;transport=udp",
                                                                           authenticationNeeded: true, username: "plivo_inbound",
                                                                           password: Secret("s3cret!"))).id)
            let uri = try await client.getURI(id: id)
            #expect(uri.authenticationNeeded == true)
            #expect(uri.username == "plivo_inbound")
            _ = try await client.updateURI(id: id, URIParameters(password: Secret("an0ther!")))
            _ = try await client.updateURI(id: id, URIParameters(uri: "sip.vapi.ai:5060;transport=tcp"))
            #expect(try await client.getURI(id: id).uri == "sip.vapi.ai:5060;transport=tcp")
            #expect(try await client.allURIs().count == 1)
            let trunk = try await client.createTrunk(TrunkParameters(direction: "inbound", primaryURIUUID: id))
            try await client.deleteURI(id: id)
            let error = await #expect(throws: ZentrunkError.self) { _ = try await client.getTrunk(id: trunk.trunkID) }
            #expect(error?.code == .notFound)
        }
    }

    @Test("Trunk: create reads back trunk_domain, nested GET, filtered list, update resends direction, delete")
    func trunkLifecycle() async throws {
        try await SandboxHarness.with { harness in
            let client = harness.client()
            let credential = try #require(try await client.createCredential(CredentialParameters(username: "livekit01", password: Secret("pa55!word"))).id)
            let created = try await client.createTrunk(TrunkParameters(name: "lk-out", direction: "outbound", credentialUUID: credential))
            #expect(created.trunkDomain == "\(created.trunkID).zt.plivo.com")
            #expect(created.trunk?.name == "lk-out")
            #expect(created.trunkID.count >= 14 && created.trunkID.allSatisfy(\.isNumber))
            // The sandbox refuses an update without trunk_direction, as the live API does; the client resends it.
            _ = try await client.updateTrunk(id: created.trunkID, TrunkParameters(status: "disabled", secure: true))
            let trunk = try await client.getTrunk(id: created.trunkID)
            #expect(trunk.trunkStatus == "disabled")
            #expect(trunk.secure == true)
            #expect(try await client.listTrunks(TrunkListFilter(direction: "outbound")).objects.count == 1)
            #expect(try await client.listTrunks(TrunkListFilter(direction: "inbound")).objects.isEmpty)
            try await client.deleteTrunk(id: created.trunkID)
            #expect(try await client.allTrunks().isEmpty)
        }
    }

    @Test("Number routing to an inbound trunk; an outbound trunk is refused before any write")
    func numberRouting() async throws {
        try await SandboxHarness.with { harness in
            let client = harness.client()
            let uri = try #require(try await client.createURI(URIParameters(uri: "sip.example.com;transport=tcp")).id)
            let inbound = try await client.createTrunk(TrunkParameters(direction: "inbound", primaryURIUUID: uri))
            _ = try await client.routeNumber("14155550100", toTrunk: inbound.trunkID)
            #expect(await harness.state.routedTrunk(ofNumber: "14155550100") == inbound.trunkID)
            #expect(try await client.routedTrunk(ofNumber: "14155550100") == inbound.trunkID)
            let credential = try #require(try await client.createCredential(CredentialParameters(username: "abcde", password: Secret("pa55!word"))).id)
            let outbound = try await client.createTrunk(TrunkParameters(direction: "outbound", credentialUUID: credential))
            let writes = await harness.state.writeCount
            await #expect(throws: ZentrunkInputError.self) { _ = try await client.routeNumber("14155550100", toTrunk: outbound.trunkID) }
            #expect(await harness.state.writeCount == writes)
        }
    }

    @Test("Calls: list with filters, get, insights")
    func calls() async throws {
        try await SandboxHarness.with { harness in
            await harness.state.addCall(["call_uuid": .string("c-1"), "call_direction": .string("inbound"),
                                         "from_number": .string("+14155550100"), "to_number": .string("+16505550100")])
            await harness.state.addCall(["call_uuid": .string("c-2"), "call_direction": .string("outbound"),
                                         "from_number": .string("+16505550100"), "to_number": .string("+14155550100")])
            let client = harness.client()
            var filter = CallFilter()
            filter.callDirection = "outbound"
            let outbound = try await client.listCalls(filter).objects.compactMap { $0.callUUID }
            #expect(outbound == ["c-2"])
            filter = CallFilter()
            filter.fromNumber = "1415"
            let fromPrefix = try await client.listCalls(filter).objects.compactMap { $0.callUUID }
            #expect(fromPrefix == ["c-1"])
            let call = try await client.getCall(id: "c-1")
            #expect(call.fromNumber == "+14155550100")
            let insights = try await client.callInsights(id: "c-1")
            #expect(insights.qualityScore == "4.4")
        }
    }

    @Test("Pagination: listing all pages through 45 objects in 3 requests with offsets 0, 20, 40")
    func pagination() async throws {
        try await SandboxHarness.with { harness in
            let client = harness.client()
            for index in 0..<45 {
                _ = try await client.createIPAccessControlList(IPACLParameters(name: "acl-\(index)", ipAddresses: ["10.0.0.\(index)"]))
            }
            await harness.state.clearLog()
            let all = try await client.allIPAccessControlLists()
            #expect(all.count == 45)
            #expect(Set(all.compactMap(\.name)).count == 45)
            let paths = await harness.state.log.map(\.path)
            #expect(paths == ["Zentrunk/IPAccessControlList/", "Zentrunk/IPAccessControlList/", "Zentrunk/IPAccessControlList/"])
            let page = try await client.listIPAccessControlLists(limit: 20, offset: 20)
            #expect(page.meta.totalCount == 45)
            #expect(page.meta.next?.contains("offset=40") == true)
            #expect(page.meta.previous?.contains("offset=0") == true)
        }
    }

    @Test("The router: documented paths only, each with its trailing slash; 404 and 405 in Plivo's error shape", arguments: [
        ("GET", "Zentrunk/Trunk/", 200),
        ("GET", "Zentrunk/Trunk", 404),                 // every documented path ends in '/'
        ("GET", "Zentrunk/Nothing/", 404),
        ("GET", "Zentrunk/Trunk/1/extra/", 404),
        ("GET", "Zentrunk/Call/abc/Other/", 404),
        ("PUT", "Zentrunk/Trunk/", 405),
        ("DELETE", "Zentrunk/Credential/", 405),
        ("GET", "Zentrunk/Call/nope/Insights/", 404),   // an unknown call
        ("GET", "Number/", 200),
    ] as [(String, String, Int)])
    func router(method: String, path: String, status: Int) async throws {
        try await SandboxHarness.with { harness in
            let url = "\(harness.baseURL)Account/\(SandboxHarness.authID)/\(path)"
            let basic = Data("\(SandboxHarness.authID):\(SandboxHarness.token)".utf8).base64EncodedString()
            let run = try await CommandRun.run("/usr/bin/curl", ["-s", "-X", method, "-H", "Authorization: Basic \(basic)",
                                                                 "-w", "\n%{http_code}", url], timeout: 20)
            let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.last.map(String.init) == String(status), "\(method) \(path): \(run.stdout)")
            if status >= 400 {
                let body = try JSONSerialization.jsonObject(with: Data(lines.dropLast().joined(separator: "\n").utf8)) as? [String: Any]
                #expect(body?["error"] is String && body?["api_id"] is String, "\(method) \(path): \(run.stdout)")
            }
        }
    }

    @Test("Wrong token: 401 in Plivo's error shape, not retried")
    func wrongToken() async throws {
        try await SandboxHarness.with { harness in
            let sleeper = RecordingSleeper()
            let error = await #expect(throws: ZentrunkError.self) {
                _ = try await harness.client(token: "wrong", retry: sleeper.policy()).listTrunks()
            }
            #expect(error?.code == .authentication)
            #expect(error?.requestID != nil)
            #expect(sleeper.delays.isEmpty)
        }
    }

    @Test("Sandbox validation answers 422 for a missing required field and 400 for a bad value")
    func sandboxValidation() async throws {
        try await SandboxHarness.with { harness in
            let client = harness.client()
            // Bypass local validation with raw requests to see the sandbox's own answers.
            let missing = await #expect(throws: ZentrunkError.self) {
                _ = try await client.send(.create(.trunk, body: ["trunk_direction": .string("outbound")]))
            }
            #expect(missing?.status == 422)
            let bad = await #expect(throws: ZentrunkError.self) {
                _ = try await client.send(.create(.trunk, body: ["trunk_direction": .string("sideways")]))
            }
            #expect(bad?.status == 400)
            #expect(bad?.message == "invalid trunk_direction")
            let limit = await #expect(throws: ZentrunkError.self) {
                _ = try await client.send(.list(.trunk, limit: 50))
            }
            #expect(limit?.status == 400)
        }
    }

    @Test("Injected 503 with Retry-After on a GET: the client waits as told and succeeds")
    func injectedRetry() async throws {
        try await SandboxHarness.with { harness in
            await harness.state.inject(SandboxFault(.next(2), status: 503, retryAfter: "1"))
            let sleeper = RecordingSleeper()
            let trunks = try await harness.client(retry: sleeper.policy()).listTrunks()
            #expect(trunks.objects.isEmpty)
            #expect(sleeper.delays == [.seconds(1), .seconds(1)])
        }
    }
}
