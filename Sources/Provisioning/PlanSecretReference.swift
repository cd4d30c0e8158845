import Foundation
import ZentrunkAPI

/// Where a plan's password lives. Plans hold references only, never the secret: `{env: VAR}` or `{file: PATH}`.
public struct PlanSecretReference: Sendable, Equatable, CustomStringConvertible {
    public enum Source: Sendable, Equatable {
        case environment(String)
        case file(String)
    }

    public var source: Source

    public init(_ source: Source) { self.source = source }

    /// Safe to print: names the variable or file, never the value.
    public var description: String {
        switch source {
        case .environment(let name): "env \(name)"
        case .file(let path): "file \(path)"
        }
    }

    /// Reads the secret. Errors name the reference, not the value.
    public func resolve(environment: [String: String] = ProcessInfo.processInfo.environment,
                        relativeTo directory: String? = nil) throws -> Secret {
        switch source {
        case .environment(let name):
            guard let value = environment[name], !value.isEmpty else {
                throw ZentrunkInputError(field: "password", message: "environment variable \(name) is not set or empty")
            }
            return Secret(value)
        case .file(let path):
            let full = path.hasPrefix("/") || directory == nil ? path : directory! + "/" + path
            guard let data = FileManager.default.contents(atPath: full) else {
                throw ZentrunkInputError(field: "password", message: "cannot read password file \(full)")
            }
            let line = Secret.firstLine(of: String(decoding: data, as: UTF8.self))
            guard !line.isEmpty else { throw ZentrunkInputError(field: "password", message: "password file \(full) is empty") }
            return Secret(line)
        }
    }
}
