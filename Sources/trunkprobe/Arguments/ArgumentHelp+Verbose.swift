import ArgumentParser

extension ArgumentHelp {
    /// The one wording of `-v/--verbose`, which every command takes.
    static let verbose = ArgumentHelp("Log protocol and API details to stderr.")
}
