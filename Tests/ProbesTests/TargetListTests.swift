import SIPCore
import Testing
@testable import Probes

@Suite struct TargetListTests {
    @Test("comments, blank lines, CRLF and surrounding blanks are dropped; line numbers are kept")
    func lines() {
        let text = "# trunks\n\nsip:127.0.0.1:5060\r\n  192.0.2.10:5080;transport=tcp   # backup SBC\n\t\n#sip:off.example\nsips:pbx.example.com"
        let lines = TargetList.lines(text)
        #expect(lines.map(\.line) == [3, 4, 7])
        #expect(lines.map(\.text) == ["sip:127.0.0.1:5060", "192.0.2.10:5080;transport=tcp", "sips:pbx.example.com"])
    }

    @Test("a UTF-8 byte order mark at the start of the file (as Windows editors save it) is not part of line 1")
    func byteOrderMark() throws {
        let targets = try TargetList.parse("\u{FEFF}sip:127.0.0.1:5070\r\n192.0.2.1\r\n")
        #expect(targets.map(\.destination) == ["127.0.0.1:5070:udp", "192.0.2.1:5060:udp"])
        #expect(TargetList.lines("\u{FEFF}# only a comment\n").isEmpty)
    }

    @Test("a # inside a target is not a comment")
    func hashInsideTarget() {
        #expect(TargetList.lines("sip:1#2@192.0.2.1").map(\.text) == ["sip:1#2@192.0.2.1"])
    }

    @Test("targets parse with RFC 3263 defaults and the --transport override")
    func parse() throws {
        let targets = try TargetList.parse("sip:127.0.0.1:5070\nsips:pbx.example.com\n", transport: nil)
        #expect(targets.map(\.port) == [5070, 5061])
        #expect(targets.map(\.transport) == [.udp, .tls])
        #expect(targets.map(\.destination) == ["127.0.0.1:5070:udp", "pbx.example.com:5061:tls"])
        let tcp = try TargetList.parse("192.0.2.1", transport: .tcp)
        #expect(tcp.map(\.transport) == [.tcp])
    }

    @Test("the first bad line is named by number, in one line")
    func badLine() {
        #expect(throws: TargetList.LineError.self) { try TargetList.parse("sip:127.0.0.1\n\ntel:+14155550100\nbad target") }
        do {
            _ = try TargetList.parse("sip:127.0.0.1\n\ntel:+14155550100\n")
            Issue.record("tel: was accepted")
        } catch {
            #expect(error.line == 3)
            #expect(error.description.hasPrefix("line 3: bad target 'tel:+14155550100'"))
            #expect(!error.description.contains("\n"))
        }
    }

    @Test("an empty or comment-only file yields no targets (the CLI reports it)")
    func empty() throws {
        #expect(try TargetList.parse("# nothing yet\n\n").isEmpty)
    }
}
