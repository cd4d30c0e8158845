/// One fact behind a diagnosis: where it was read (`record`, `insights`, `account`, `probe`), what, and
/// what it shows.
public struct DiagnosisEvidence: Sendable, Codable, Equatable {
    public var source: String
    public var item: String
    public var value: String
    public var note: String?

    public init(source: String, item: String, value: String, note: String? = nil) {
        self.source = source; self.item = item; self.value = value; self.note = note
    }
}
