import ArgumentParser

/// `--limit`, `--offset` and `--all` for every list verb.
struct APIPagingOptions: ParsableArguments {
    @Option(help: "Page size, 1-20 (API default 20).") var limit: Int?
    @Option(help: "Objects to skip.") var offset: Int?
    @Flag(help: "Page through the whole list (20 per request).") var all = false

    func validate() throws {
        if all && (limit != nil || offset != nil) { throw ValidationError("--all pages by itself; drop --limit/--offset") }
    }
}
