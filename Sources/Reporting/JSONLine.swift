import Foundation

/// The one JSON encoder for results: one compact object per line (JSON Lines), keys sorted, slashes not
/// escaped, so `jq` and log shippers read it line by line (docs/json.md).
public enum JSONLine {
    public static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// An array of values as one JSON document (for `trace` and the like).
    public static func encodeArray<T: Encodable>(_ values: [T]) -> String { encode(values) }
}
