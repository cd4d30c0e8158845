import ArgumentParser

/// `--format text|json`: text for people, json (the API's own document, as received) for scripts.
enum APIFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
