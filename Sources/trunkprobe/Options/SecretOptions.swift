import ArgumentParser
import Foundation
import ZentrunkAPI

/// Where a password comes from. Never argv: a value on the command line shows up in `ps`, shell history and CI
/// logs. Exactly one of an environment variable, a file (first line) or stdin (first line).
struct SecretOptions: ParsableArguments {
    @Option(name: .customLong("password-env"), help: ArgumentHelp("Read the password from this environment variable.", valueName: "VAR"))
    var passwordEnv: String?

    @Option(name: .customLong("password-file"), help: ArgumentHelp("Read the password from the first line of this file.", valueName: "FILE"))
    var passwordFile: String?

    @Flag(name: .customLong("password-stdin"), help: "Read the password from the first line of standard input.")
    var passwordStdin = false

    func validate() throws {
        let given = [passwordEnv != nil, passwordFile != nil, passwordStdin].filter { $0 }.count
        if given > 1 {
            throw ValidationError("give only one of --password-env, --password-file, --password-stdin")
        }
    }

    var isGiven: Bool { passwordEnv != nil || passwordFile != nil || passwordStdin }

    /// The password, or nil when no source was given. Errors name the source, never the value.
    func read(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Secret? {
        if let passwordEnv {
            guard let value = environment[passwordEnv], !value.isEmpty else {
                throw ValidationError("--password-env: environment variable \(passwordEnv) is not set or empty")
            }
            return Secret(value)
        }
        if let passwordFile {
            guard let data = FileManager.default.contents(atPath: passwordFile) else {
                throw ValidationError("--password-file: cannot read \(passwordFile)")
            }
            let line = Secret.firstLine(of: String(decoding: data, as: UTF8.self))
            guard !line.isEmpty else { throw ValidationError("--password-file: \(passwordFile) is empty") }
            return Secret(line)
        }
        if passwordStdin {
            guard let line = readLine(strippingNewline: true).map({ Secret.firstLine(of: $0) }), !line.isEmpty else {
                throw ValidationError("--password-stdin: no password on standard input")
            }
            return Secret(line)
        }
        return nil
    }
}
