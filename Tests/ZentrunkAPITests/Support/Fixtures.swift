import Foundation

/// JSON bodies written from the reference's examples (docs and the verbatim live responses it quotes).
enum Fixtures {
    static func text(_ name: String) -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"),
              let data = try? Data(contentsOf: url) else {
            fatalError("missing fixture \(name).json")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
