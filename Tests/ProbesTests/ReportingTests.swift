import Foundation
@testable import Probes
@testable import Reporting
import SIPClient
import Testing

/// A strict parser of monitoring-plugins perfdata (Nagios plugin development guidelines, "Performance
/// data"): `'label'=value[UOM];[warn];[crit];[min];[max]`, items separated by one space.
enum PerfdataGrammar {
    struct Item: Equatable {
        var label: String, value: String, unit: String, warn: String, crit: String, min: String, max: String
    }

    static let number = #"-?[0-9]+(?:\.[0-9]+)?"#
    static let range = #"@?(?:~|\#(number))?(?::(?:\#(number))?)?"#
    static let item = try! NSRegularExpression(pattern:
        #"\G('(?:[^'=]|'')+'|[^'= ]+)=(\#(number)|U)(s|ms|us|%|B|KB|MB|GB|TB|c)?(?:;(\#(range))(?:;(\#(range))(?:;(\#(number))?(?:;(\#(number))?)?)?)?)?(?: |$)"#)

    /// Every item, or nil when any part of the text is not perfdata.
    static func parse(_ text: String) -> [Item]? {
        let ns = text as NSString
        var position = 0
        var items: [Item] = []
        while position < ns.length {
            guard let m = item.firstMatch(in: text, range: NSRange(location: position, length: ns.length - position)),
                  m.range.location == position, m.range.length > 0 else { return nil }
            func group(_ i: Int) -> String { m.range(at: i).location == NSNotFound ? "" : ns.substring(with: m.range(at: i)) }
            var label = group(1)
            if label.hasPrefix("'") { label = String(label.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'") }
            items.append(Item(label: label, value: group(2), unit: group(3), warn: group(4), crit: group(5), min: group(6), max: group(7)))
            position = m.range.location + m.range.length
        }
        return items
    }
}

@Suite struct ReportingTests {
    static func definition(_ name: String, expect: CheckExpectation? = nil) -> CheckDefinition {
        CheckDefinition(name: name, kind: .options, target: "sip:127.0.0.1:5060", expect: expect,
                        origin: SourceLocation(file: "probes/x.yaml", line: 3))
    }

    static func result(_ name: String, status: ProbeStatus = .ok, verdict: String = "ok", rtt: Double? = 12.5) -> CheckResult {
        CheckResult(definition: definition(name), status: status, verdict: verdict, statusCode: 200, explanation: "a 200 came",
                    hint: "nothing to do", durationSeconds: 0.25, rttMs: rtt)
    }

    @Test("the monitoring-plugins range grammar", arguments: [
        ("10", [-1.0: true, 0: false, 10: false, 10.5: true]),
        ("10:", [9.9: true, 10: false, 1e9: false]),
        ("~:10", [-1e9: false, 10: false, 10.1: true]),
        ("10:20", [9: true, 10: false, 20: false, 21: true]),
        ("@10:20", [9: false, 10: true, 20: true, 21: false]),
        (":5", [-1: true, 0: false, 5: false, 6: true]),
        ("-5:2.5", [-6: true, -5: false, 2.5: false, 2.6: true]),
    ] as [(String, [Double: Bool])])
    func ranges(text: String, cases: [Double: Bool]) throws {
        let range = try NagiosRange(parsing: text)
        for (value, alerts) in cases { #expect(range.alerts(value) == alerts, "\(text) at \(value)") }
    }

    @Test("malformed ranges are refused with the forms", arguments: ["", "abc", "20:10", "@", "1:2:3", "~", "1e3", "inf", "0x10", ".", "--5", "+5"])
    func badRanges(text: String) {
        #expect(throws: NagiosRange.ParseError.self) { _ = try NagiosRange(parsing: text) }
    }

    @Test("a negative check passes when the far end refuses; an unmet expectation is CRITICAL and says what was expected")
    func expectations() {
        let rejected = CheckResult.judged(Self.definition("acl", expect: CheckExpectation(verdicts: ["acl_rejected"])),
                                          verdict: "acl_rejected", reportStatus: .critical, statusCode: 403,
                                          explanation: "403 without a challenge", hint: "add the address", duration: .milliseconds(30), rttMs: 3)
        #expect(rejected.status == .ok && rejected.explanation.hasPrefix("as expected (acl_rejected)"))
        let byCode = CheckResult.judged(Self.definition("code", expect: CheckExpectation(statusCodes: [486])),
                                        verdict: "reachable", reportStatus: .ok, statusCode: 486, explanation: "", hint: "",
                                        duration: .zero, rttMs: nil)
        #expect(byCode.status == .ok)
        let unmet = CheckResult.judged(Self.definition("acl", expect: CheckExpectation(verdicts: ["acl_rejected"])),
                                       verdict: "ok", reportStatus: .ok, statusCode: 200, explanation: "a 200 came", hint: "h",
                                       duration: .zero, rttMs: 1)
        #expect(unmet.status == .critical && unmet.explanation.hasPrefix("expected acl_rejected, got ok (200)"))
    }

    @Test("Nagios: the worst status and a summary on the first line, perfdata every strict parser accepts")
    func nagios() throws {
        let thresholds = RoundTripThresholds(warning: try NagiosRange(parsing: "~:100"), critical: try NagiosRange(parsing: "@500:"))
        let results = [Self.result("edge 'a'"), Self.result("b|c", status: .critical, verdict: "timeout", rtt: nil)].map(thresholds.apply)
        let text = NagiosRenderer.render(results, thresholds: thresholds)
        let first = try #require(text.split(separator: "\n").first.map(String.init))
        #expect(first.hasPrefix("TRUNKPROBE CRITICAL - 1 of 2 checks OK"))
        let parts = first.components(separatedBy: " | ")
        #expect(parts.count == 2)
        let items = try #require(PerfdataGrammar.parse(parts[1]), "not perfdata: \(parts[1])")
        #expect(items.count == 4)
        #expect(items[0] == .init(label: "edge 'a' rtt", value: "12.500", unit: "ms", warn: "~:100", crit: "@500:", min: "0", max: ""))
        #expect(items[2].value == "U" && items[2].unit == "")
        #expect(items[3].label == "b/c status" && items[3].value == "2")
        #expect(text.split(separator: "\n").dropFirst().allSatisfy { !$0.contains("|") })
        #expect(PerfdataGrammar.parse("'a'=1ms;;;0; 'b'=x") == nil)
    }

    @Test("round-trip thresholds raise the status and say why")
    func thresholds() throws {
        let t = RoundTripThresholds(warning: try NagiosRange(parsing: "10"), critical: try NagiosRange(parsing: "20"))
        #expect(t.apply(to: Self.result("a", rtt: 5)).status == .ok)
        let warned = t.apply(to: Self.result("a", rtt: 15))
        #expect(warned.status == .warning && warned.explanation.contains("outside --warning 10"))
        #expect(t.apply(to: Self.result("a", rtt: 25)).status == .critical)
        #expect(t.apply(to: Self.result("a", status: .critical, rtt: 1)).status == .critical)
    }

    @Test("text: status line first, nothing wider than 80 columns")
    func textWidth() {
        var long = Self.result(String(repeating: "very long check name ", count: 6), status: .critical, verdict: "timeout")
        long.explanation = String(repeating: "nothing came back before the deadline ", count: 5) + "sip:" + String(repeating: "x", count: 120)
        let text = ReportTextRenderer.render([Self.result("a"), long])
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "CRITICAL: 1 of 2 checks passed")
        // Only a word longer than a line may exceed it, standing alone and whole so it still copies.
        let uri = "sip:" + String(repeating: "x", count: 120)
        #expect(lines.allSatisfy { $0.count <= 80 || $0.trimmingCharacters(in: .whitespaces) == uri }, "\(lines.filter { $0.count > 80 })")
        #expect(lines.contains { $0.trimmingCharacters(in: .whitespaces) == uri })
    }

    @Test("text folding: a command in backticks stays on one line when it fits; words are never cut")
    func folding() {
        let line = "  hint: the credential was rejected; run `trunkprobe api credential update c-1 --password-env PW` and probe again"
        let folded = TextWrap.wrap(line)
        #expect(folded.allSatisfy { $0.count <= 80 }, "\(folded)")
        #expect(folded.contains { $0.contains("`trunkprobe api credential update c-1 --password-env PW`") }, "\(folded)")
        #expect(folded.joined(separator: " ").split(separator: " ") == line.split(separator: " "))
        let long = "  see " + String(repeating: "y", count: 100) + " for more"
        #expect(TextWrap.wrap(long) == ["  see", "    " + String(repeating: "y", count: 100), "    for more"])
    }

    @Test("text folding: a trunkprobe command in a fix stays whole, even past 80 columns; prose naming trunkprobe folds")
    func foldingCommands() {
        let command = "trunkprobe api uri update 1808a7c5-181f-4917-b7c3-734206ec81ee --uri '127.0.0.1:9;transport=tcp'"
        #expect(TextWrap.wrap("  fix: " + command) == ["  fix:", "    " + command])
        let parenthesised = "CRITICAL trunk_insecure: trunk 21784177241578: enable TLS on the trunk (trunkprobe api trunk update 21784177241578 --secure) so TLS is allowed"
        let folded = TextWrap.wrap(parenthesised)
        #expect(folded.contains { $0.contains("(trunkprobe api trunk update 21784177241578 --secure)") }, "\(folded)")
        #expect(folded.allSatisfy { $0.count <= 80 }, "\(folded)")
        let prose = "  the server answered 180 Ringing and trunkprobe cancelled the call at once, then it answered 487 as RFC 3261 says"
        #expect(TextWrap.wrap(prose).allSatisfy { $0.count <= 80 })
        #expect(TextWrap.wrap(prose).count == 2)
    }

    static func probeReport() -> ProbeReport {
        var r = ProbeReport.blank(check: "options", target: "trunk.test", requestURI: "sip:trunk.test", transport: .udp,
                                  remoteAddress: "127.0.0.1:5070")
        r.verdict = .ok
        r.status = .warning
        r.statusCode = 200
        r.reason = "OK"
        r.rttMs = 1.5
        r.explanation = "answered after failing over from 127.0.0.1:5999"
        r.hint = "the first server is down"
        r.resolution = [.init(type: "SRV", name: "_sip._udp.trunk.test", value: "20 0 5070 b.trunk.test.", ttl: 300),
                        .init(type: "A", name: "b.trunk.test", value: "127.0.0.1", ttl: 300)]
        r.attempts = [.init(remoteAddress: "127.0.0.1:5999", transport: .udp, verdict: .refused, statusCode: nil),
                      .init(remoteAddress: "127.0.0.1:5070", transport: .udp, verdict: .ok, statusCode: 200)]
        return r
    }

    @Test("a report answered by a server other than the first says so, with the DNS chain behind it")
    func failedOverAndChain() {
        let lines = ReportTextRenderer.render(Self.probeReport()).split(separator: "\n").map(String.init)
        #expect(lines.first == "WARNING: options ok: answered after failing over from 127.0.0.1:5999")
        #expect(lines.contains("  dns         SRV _sip._udp.trunk.test → 20 0 5070 b.trunk.test. (ttl 300)"))
        #expect(lines.contains("  dns         A b.trunk.test → 127.0.0.1 (ttl 300)"))
        #expect(lines.contains { $0.hasPrefix("  failed over answered by 127.0.0.1:5070, server 2 of those tried") }, "\(lines)")
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(lines)")
        // check's text names it too, under the check.
        let result = CheckResult.of(Self.probeReport())
        let check = ReportTextRenderer.render([result])
        #expect(check.contains("failed over answered by 127.0.0.1:5070"), "\(check)")
        // A first-server answer says nothing of the kind.
        var first = Self.probeReport()
        first.attempts = [first.attempts[1]]
        #expect(!ReportTextRenderer.render(first).contains("failed over"))
    }

    @Test("the hint shows whenever there is something to do, and not for a plain OK")
    func hintWhenUseful() {
        var r = Self.probeReport()
        #expect(ReportTextRenderer.render(r).contains("  hint: the first server is down"))  // WARNING
        r.attempts = []
        r.status = .ok
        r.verdict = .reachable
        r.hint = "give credentials (--username with --password-env) to test authentication"
        #expect(ReportTextRenderer.render(r).contains("  hint: give credentials"))
        r.verdict = .authOK
        r.hint = "nothing to do"
        #expect(!ReportTextRenderer.render(r).contains("hint:"))
    }

    /// A TLS 1.3 client session to trunk.test with `certificate`, no client certificate, not --insecure.
    static func clientSession(_ certificate: TLSSessionReport.Certificate, chain: TLSSessionReport.ChainVerification,
                              verifyResult: String) -> TLSSessionReport {
        TLSSessionReport(role: .client, protocolVersion: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384", serverName: "trunk.test",
                         peerCertificate: certificate, chainVerification: chain, verifyResult: verifyResult, nameMatch: nil,
                         clientCertificateRequested: false, clientCertificateSent: false, insecure: false)
    }

    @Test("TLS lines: an unknown issuer says so, before OpenSSL's words")
    func tlsUnknownIssuer() {
        let certificate = TLSSessionReport.Certificate(
            subject: "CN=trunk.test", issuer: "CN=Private CA", commonName: "trunk.test", dnsNames: ["trunk.test"],
            uris: [], ipAddresses: [], notBefore: "2024-01-01T00:00:00Z", notAfter: "2034-01-01T00:00:00Z",
            daysLeft: 2900, serialNumber: "02")
        let session = Self.clientSession(certificate, chain: .failed, verifyResult: "unable to get local issuer certificate")
        let lines = TLSTextLines.lines(session, failure: .unknownIssuer, expectedName: "trunk.test")
        #expect(lines.contains("chain NOT verified: unknown issuer (OpenSSL says: unable to get local issuer certificate)"))
        #expect(lines.contains("valid 2024-01-01T00:00:00Z to 2034-01-01T00:00:00Z (2900 days left)"))
        let expired = TLSTextLines.lines(session, failure: .expired, expectedName: "trunk.test")
        #expect(expired.contains { $0.hasPrefix("chain NOT verified: expired") })
    }

    @Test("TLS lines: a certificate close to its end says in how many days; --insecure is said first")
    func tlsExpiringAndInsecure() {
        let certificate = TLSSessionReport.Certificate(
            subject: "CN=trunk.test", issuer: "CN=Test CA", commonName: "trunk.test", dnsNames: ["trunk.test"],
            uris: [], ipAddresses: [], notBefore: "2024-01-01T00:00:00Z", notAfter: "2024-02-01T00:00:00Z",
            daysLeft: 5, serialNumber: "03")
        var session = Self.clientSession(certificate, chain: .verified, verifyResult: "ok")
        #expect(TLSTextLines.lines(session, failure: nil, expectedName: nil)
                .contains("valid 2024-01-01T00:00:00Z to 2024-02-01T00:00:00Z: expires in 5 days (WARNING)"))
        session.insecure = true
        session.chainVerification = .notVerifiedInsecure
        #expect(TLSTextLines.lines(session, failure: nil, expectedName: nil).first?.hasPrefix("WARNING: --insecure") == true)
    }

    @Test("TLS lines: an expired certificate says how long ago; a name mismatch names both sides")
    func tlsLines() {
        let certificate = TLSSessionReport.Certificate(
            subject: "CN=other.test", issuer: "CN=Test CA", commonName: "other.test", dnsNames: ["other.test", "*.other.test"],
            uris: ["sip:other.test"], ipAddresses: [], notBefore: "2019-01-01T00:00:00Z", notAfter: "2020-01-01T00:00:00Z",
            daysLeft: -2494, serialNumber: "01")
        let session = Self.clientSession(certificate, chain: .failed, verifyResult: "certificate has expired")
        let lines = TLSTextLines.lines(session, failure: .nameMismatch, expectedName: "trunk.test")
        #expect(lines.contains { $0.hasSuffix("EXPIRED 2494 days ago") })
        #expect(!lines.contains { $0.contains("days left") })
        #expect(lines.contains("name mismatch: expected trunk.test, the certificate names DNS:other.test, DNS:*.other.test, URI:sip:other.test"))
    }

    @Test("JUnit: escaping and unique names per classname")
    func junitUnique() {
        let xml = JUnitRenderer.render([SuiteResults(file: "probes/a.yaml", results: [Self.result("x<&>\"'"), Self.result("x<&>\"'")])])
        #expect(xml.contains("name=\"x&lt;&amp;&gt;&quot;&apos;\""))
        #expect(xml.contains("name=\"x&lt;&amp;&gt;&quot;&apos; (2)\""))
        #expect(xml.contains("classname=\"trunkprobe.a\""))
    }

    @Test("Prometheus label values are escaped")
    func prometheusEscape() {
        let text = PrometheusRenderer.render([SuiteResults(file: "a\\b", results: [Self.result("say \"hi\"\nthere")])])
        #expect(text.contains("suite=\"a\\\\b\",check=\"say \\\"hi\\\"\\nthere\""))
    }

    @Test("trace redaction: Authorization and Proxy-Authorization values, folded lines too, nothing in the body")
    func redaction() {
        let message = "INVITE sip:1@h SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nauthorization: Digest username=\"a\",\r\n response=\"abc\"\r\n"
            + "Proxy-Authorization: Digest response=\"def\"\r\nCSeq: 2 INVITE\r\n\r\nAuthorization: body stays\r\n"
        let redacted = TraceMessage.redacted(message)
        #expect(!redacted.contains("abc") && !redacted.contains("def") && !redacted.contains("username"))
        #expect(redacted.contains("authorization: <redacted>\r\n <redacted>\r\nProxy-Authorization: <redacted>\r\nCSeq: 2 INVITE"))
        #expect(redacted.hasSuffix("\r\n\r\nAuthorization: body stays\r\n"))
    }

    @Test("trace redaction: a message without credentials is returned as is; LF-only messages are redacted too")
    func redactionFastPathAndLF() {
        let plain = "OPTIONS sip:h SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nContent-Length: 0\r\n\r\n"
        #expect(TraceMessage.redacted(plain) == plain)
        let lf = "INVITE sip:h SIP/2.0\nPROXY-AUTHORIZATION: Digest response=\"x1\"\nCSeq: 2 INVITE\n\n"
        #expect(TraceMessage.redacted(lf) == "INVITE sip:h SIP/2.0\nPROXY-AUTHORIZATION: <redacted>\nCSeq: 2 INVITE\n\n")
    }

    @Test("docs/json.md's example has exactly the keys a probe report has")
    func jsonDocExample() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let doc = try String(contentsOf: root.appendingPathComponent("docs/json.md"), encoding: .utf8)
        let example = try #require(doc.components(separatedBy: "## Example").last?.components(separatedBy: "```json").dropFirst().first?
            .components(separatedBy: "```").first)
        let documented = try #require(try JSONSerialization.jsonObject(with: Data(example.utf8)) as? [String: Any])
        let encoded = JSONLine.encode(ProbeReport.blank(check: "options", target: "x", requestURI: "sip:x", transport: .tcp))
        let actual = try #require(try JSONSerialization.jsonObject(with: Data(encoded.utf8)) as? [String: Any])
        #expect(Set(documented.keys) == Set(actual.keys))
    }

    @Test("check results in every format from one place: JSON Lines end with the summary, no trailing newline")
    func checkResultsEveryFormat() {
        let suites = [SuiteResults(file: "probes/x.yaml", results: [Self.result("a"), Self.result("b", status: .critical, verdict: "timeout")])]
        let json = CheckResultsRenderer.render(suites, format: .json).split(separator: "\n")
        #expect(json.count == 3 && json.last?.contains(#""summary":true"#) == true)
        for format in ReportFormat.allCases {
            let text = CheckResultsRenderer.render(suites, format: format)
            #expect(!text.isEmpty && !text.hasSuffix("\n"), "\(format)")
        }
        #expect(CheckResultsRenderer.render(suites, format: .nagios).hasPrefix("TRUNKPROBE CRITICAL - 1 of 2 checks OK"))
        #expect(CheckResultsRenderer.render([Self.result("a")], format: .junit, command: "options").contains(#"classname="trunkprobe.options""#))
    }

    @Test("one JSON encoder: sorted keys, slashes kept")
    func jsonLine() {
        #expect(JSONLine.encode(["b": "sip:x/y", "a": "1"]) == #"{"a":"1","b":"sip:x/y"}"#)
    }
}
