extension KeyedDecodingContainer {
    /// Ids are documented as strings, but a numeric id must not fail a whole decode.
    func decodeLenientString(_ key: Key) throws -> String {
        if let text = try? decode(String.self, forKey: key) { return text }
        if let number = try? decode(Int64.self, forKey: key) { return String(number) }
        return try decode(String.self, forKey: key)
    }

    /// Booleans sometimes arrive as "true"/"false" strings in Plivo responses; accept both.
    func decodeLenientBool(_ key: Key) throws -> Bool? {
        if let value = try? decodeIfPresent(Bool.self, forKey: key) { return value }
        if let text = try? decodeIfPresent(String.self, forKey: key) { return text.lowercased() == "true" }
        return nil
    }
}
