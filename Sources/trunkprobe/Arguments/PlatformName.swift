import ArgumentParser
import Knowledge

/// `doctor --platform`: one of the platforms the knowledge base describes (its ids are the choices, which
/// `--help` lists and a bad value's one line names).
struct PlatformName: ExpressibleByArgument, CustomStringConvertible, Sendable, Equatable {
    static var allValueStrings: [String] { KnowledgeBase.shared.platforms.map(\.id) }

    let id: String

    init?(argument: String) {
        guard let profile = KnowledgeBase.shared.platform(argument) else { return nil }
        id = profile.id
    }

    var profile: PlatformProfile? { KnowledgeBase.shared.platform(id) }

    var description: String { id }
}
