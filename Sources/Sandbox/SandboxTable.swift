import ZentrunkAPI

/// One in-memory collection, in creation order (lists page over it).
struct SandboxTable: Sendable {
    private(set) var order: [String] = []
    private(set) var rows: [String: [String: JSONValue]] = [:]

    subscript(id: String) -> [String: JSONValue]? {
        get { rows[id] }
        set {
            if let newValue {
                if rows[id] == nil { order.append(id) }
                rows[id] = newValue
            } else {
                rows[id] = nil
                order.removeAll { $0 == id }
            }
        }
    }

    var all: [[String: JSONValue]] { order.compactMap { rows[$0] } }
}
