/// What the exporter answers an HTTP request with, before Hummingbird turns it into a response; the
/// router tests and the server share it.
public struct ExporterAnswer: Sendable, Equatable {
    public var status: Int
    public var contentType: String
    public var body: String

    static let exposition = "text/plain; version=0.0.4; charset=utf-8"
    static let text = "text/plain; charset=utf-8"

    static func badRequest(_ line: String) -> ExporterAnswer {
        ExporterAnswer(status: 400, contentType: text, body: line + "\n")
    }
}
