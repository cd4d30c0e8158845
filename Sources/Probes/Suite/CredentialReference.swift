import Foundation
import SIPCore

/// A digest username and where its password is: an environment variable or a file (first line). The
/// password itself is never part of a suite, a report or a log.
public struct CredentialReference: Sendable, Equatable, Codable {
    public enum PasswordSource: Sendable, Equatable, Codable {
        case environment(String)
        case file(String)
    }

    public var username: String
    public var password: PasswordSource

    public init(username: String, password: PasswordSource) {
        self.username = username
        self.password = password
    }

    /// Reads the password. Errors name the variable or file, never a value.
    public func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) throws(SuiteError) -> DigestCredentials {
        switch password {
        case .environment(let name):
            guard let value = environment[name], !value.isEmpty else {
                throw SuiteError(nil, key: "password.env", "environment variable \(name) is not set or empty")
            }
            return DigestCredentials(username: username, password: value)
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw SuiteError(nil, key: "password.file", "cannot read \(path)")
            }
            // The first line without its line end, LF, CRLF or CR alike ("\r\n" is one Character, and isNewline).
            let line = String(String(decoding: data, as: UTF8.self).prefix(while: { !$0.isNewline }))
            guard !line.isEmpty else { throw SuiteError(nil, key: "password.file", "\(path) is empty") }
            return DigestCredentials(username: username, password: line)
        }
    }
}
