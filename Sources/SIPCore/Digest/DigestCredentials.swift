/// A SIP digest username and password.
///
/// The password is never printed: `description`, `debugDescription` and the reflection used by `dump`
/// all redact it, so a credential that ends up in a log line or a report does not leak
/// (architecture: "SIP passwords … never printed, logged or written to a report").
/// Where the password comes from (an env var, a file, stdin — never argv) is the CLI's job; see docs/digest.md.
public struct DigestCredentials: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    public var description: String { "DigestCredentials(username: \(username), password: <redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: ["username": username, "password": "<redacted>"], displayStyle: .struct)
    }
}
