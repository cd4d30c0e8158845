import Foundation
import ZentrunkAPI

/// `sandbox --calls FILE`: a JSON array of call records in the Calls API's own shape, each optionally with an
/// `insights` object, loaded into the sandbox so `api call`, `diagnose` and the tests have real-looking calls.
public enum SandboxCallFile {
    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    /// At most this many records and this many bytes: a test or demo file, not a data dump.
    public static let maxRecords = 10_000
    public static let maxBytes = 16 << 20

    /// Parses the file's records: (record, insights).
    public static func records(_ data: Data, file: String) throws(Problem) -> [([String: JSONValue], [String: JSONValue]?)] {
        guard data.count <= maxBytes else { throw Problem(description: "\(file): larger than \(maxBytes >> 20) MiB") }
        let json: JSONValue
        do { json = try JSONDecoder().decode(JSONValue.self, from: data) } catch {
            throw Problem(description: "\(file): not JSON (\(error.localizedDescription))")
        }
        guard case .array(let items) = json else { throw Problem(description: "\(file): expected a JSON array of call records") }
        guard items.count <= maxRecords else { throw Problem(description: "\(file): more than \(maxRecords) records") }
        var out: [([String: JSONValue], [String: JSONValue]?)] = []
        for (index, item) in items.enumerated() {
            guard case .object(var record) = item else { throw Problem(description: "\(file): record \(index + 1) is not an object") }
            guard let id = record["call_uuid"]?.stringValue, !id.isEmpty else {
                throw Problem(description: "\(file): record \(index + 1) has no call_uuid")
            }
            var insights: [String: JSONValue]?
            switch record.removeValue(forKey: "insights") {
            case .object(let object)?: insights = object
            case nil, .null?: insights = nil
            default: throw Problem(description: "\(file): record \(index + 1) (\(id)): insights must be an object")
            }
            out.append((record, insights))
        }
        return out
    }
}
