import ArgumentParser

/// `--format` for the api verbs.
struct APIOutputOptions: ParsableArguments {
    @Option(help: "text, or json: the API's document as received, one per run, on stdout.")
    var format: OutputFormat = .text
}
