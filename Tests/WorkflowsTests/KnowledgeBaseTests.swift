import Foundation
import Knowledge
import Testing

@Suite("Knowledge base")
struct KnowledgeBaseTests {
    static let docs: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("docs/knowledge.md"), encoding: .utf8)) ?? ""
    }()

    @Test("the embedded knowledge decodes, codes are unique, and every entry's source is a heading in docs/knowledge.md")
    func decodesAndCites() throws {
        let kb = KnowledgeBase.shared
        #expect(kb.hangupCodes.count >= 15)
        #expect(Set(kb.hangupCodes.map(\.code)).count == kb.hangupCodes.count)
        let anchors = Set(Self.docs.split(separator: "\n").filter { $0.hasPrefix("#") }.map { line in
            "docs/knowledge.md#" + line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces).lowercased()
                .replacingOccurrences(of: " ", with: "-")
        })
        #expect(!anchors.isEmpty, "docs/knowledge.md is missing")
        for entry in kb.hangupCodes { #expect(anchors.contains(entry.source), "\(entry.code) cites \(entry.source)") }
        for platform in kb.platforms { #expect(anchors.contains(platform.source), "\(platform.id) cites \(platform.source)") }
        for entry in kb.hangupCodes { #expect(Self.docs.contains("| \(entry.code) "), "docs/knowledge.md does not list \(entry.code)") }
    }

    @Test("what each platform is known to do, as the checks need it")
    func platforms() throws {
        let kb = KnowledgeBase.shared
        let livekit = try #require(kb.platform("LiveKit"))
        #expect(livekit.optionsAlways200 && livekit.dropsUnlistedInvites)
        #expect(!livekit.inboundTransports.contains("udp"))
        #expect(try #require(kb.platform("retell")).inboundTransports == ["tcp", "tls"])
        let vapi = try #require(kb.platform("vapi"))
        #expect(vapi.outboundAuth == .ipACL && !vapi.publishedAddresses.isEmpty)
        #expect(kb.platform("elevenlabs")?.outboundAuth == .credential)
        #expect(kb.platform("nope") == nil)
    }

    @Test("every cause of the closed set is documented in docs/diagnose.md")
    func causesDocumented() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("docs/diagnose.md"), encoding: .utf8)
        for cause in DiagnosisCause.allCases { #expect(text.contains("`\(cause.rawValue)`"), "\(cause.rawValue) undocumented") }
    }
}
