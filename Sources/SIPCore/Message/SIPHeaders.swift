/// An ordered list of SIP header fields with case-insensitive, compact-form-aware lookup (RFC 3261 §7.3.1, §7.3.3).
public struct SIPHeaders: Sendable, Equatable, Sequence, ExpressibleByArrayLiteral {
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public private(set) var fields: [Field]

    public init(_ fields: [Field] = []) { self.fields = fields }

    /// An empty list with room for `capacity` fields (the parser knows roughly how many are coming).
    init(reservingCapacity capacity: Int) {
        fields = []
        fields.reserveCapacity(capacity)
    }

    public init(arrayLiteral elements: (String, String)...) {
        self.fields = elements.map { Field(name: $0.0, value: $0.1) }
    }

    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }

    public var isEmpty: Bool { fields.isEmpty }

    public mutating func add(_ name: String, _ value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Replaces every field named `name` (in any spelling) with one field.
    public mutating func set(_ name: String, _ value: String) {
        let key = SIPHeaders.canonicalName(name)
        if let index = fields.firstIndex(where: { SIPHeaders.canonicalName($0.name) == key }) {
            fields[index] = Field(name: fields[index].name, value: value)
            fields.removeAll { SIPHeaders.canonicalName($0.name) == key && $0.value != value }
            if !fields.contains(where: { SIPHeaders.canonicalName($0.name) == key }) { add(name, value) }
        } else {
            add(name, value)
        }
    }

    public mutating func remove(_ name: String) {
        let key = SIPHeaders.canonicalName(name)
        fields.removeAll { SIPHeaders.canonicalName($0.name) == key }
    }

    /// Every value of `name`, in order; `Via`, `v` and `VIA` are the same header.
    public subscript(name: String) -> [String] {
        let key = SIPHeaders.canonicalName(name)
        return fields.filter { SIPHeaders.canonicalName($0.name) == key }.map(\.value)
    }

    /// The first value of `name`.
    public func first(_ name: String) -> String? { self[name].first }

    /// All values of `name` joined with ", " (RFC 3261 §7.3.1: equivalent to separate fields), or nil.
    public func joined(_ name: String) -> String? {
        let values = self[name]
        return values.isEmpty ? nil : values.joined(separator: ", ")
    }

    /// Compact forms of RFC 3261 §7.3.3 and later RFCs, mapped to their long names.
    static let compactForms: [String: String] = [
        "i": "call-id", "m": "contact", "e": "content-encoding", "l": "content-length",
        "c": "content-type", "f": "from", "s": "subject", "k": "supported", "t": "to", "v": "via",
        "u": "allow-events", "o": "event", "r": "refer-to", "b": "referred-by", "x": "session-expires",
        "a": "accept-contact", "j": "reject-contact", "d": "request-disposition", "y": "identity",
    ]

    /// Lowercased long name: header names are case-insensitive and compact forms are aliases.
    public static func canonicalName(_ name: String) -> String {
        let lower = name.lowercased()
        return compactForms[lower] ?? lower
    }
}
