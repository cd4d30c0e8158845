/// Why server location produced nothing to try.
public enum ServerLocationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request itself is contradictory (e.g. `sips:` with `transport=udp`, RFC 3261 §19.1.2/§26.2.2).
    case invalidRequest(String)
    /// Every path ended without an address; `queries` says what each lookup answered.
    case noTargets(host: String, queries: [ResolutionQuery])

    public var description: String {
        switch self {
        case .invalidRequest(let why): return "cannot locate server: \(why)"
        case .noTargets(let host, let queries):
            let detail = queries.map(\.description).joined(separator: "; ")
            return "no server found for \(host)" + (detail.isEmpty ? "" : " (\(detail))")
        }
    }
}
