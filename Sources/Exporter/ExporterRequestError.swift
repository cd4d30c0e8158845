/// A scrape the exporter cannot serve as asked: answered with HTTP 400 and this one line.
struct ExporterRequestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
