import Foundation

/// What trunkprobe knows about Zentrunk's hangup codes and the voice-AI platforms, kept as data
/// (`knowledge.json`, embedded in the binary at build time) so the hints, `diagnose` and `doctor` read one
/// source. Every entry names its source in docs/knowledge.md.
public struct KnowledgeBase: Sendable, Decodable {
    public var hangupCodes: [HangupCodeEntry]
    public var platforms: [PlatformProfile]

    enum CodingKeys: String, CodingKey {
        case hangupCodes = "hangup_codes", platforms
    }

    /// The embedded knowledge. A decoding failure is a build defect, caught by the tests, so it traps.
    public static let shared: KnowledgeBase = {
        do {
            return try JSONDecoder().decode(KnowledgeBase.self, from: Data(PackageResources.knowledge_json))
        } catch {
            fatalError("knowledge.json does not decode: \(error)")
        }
    }()

    public func hangupCode(_ code: Int) -> HangupCodeEntry? {
        hangupCodes.first { $0.code == code }
    }

    public func platform(_ id: String) -> PlatformProfile? {
        platforms.first { $0.id == id.lowercased() }
    }
}
