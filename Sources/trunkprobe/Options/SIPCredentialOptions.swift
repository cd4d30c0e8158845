import ArgumentParser
import Foundation
import SIPCore

/// `--username` and a password that never comes from argv (it would show in `ps` and shell history).
struct SIPCredentialOptions: ParsableArguments {
    @Option(help: "Digest username (for a Zentrunk credential: its username, not its name).")
    var username: String?

    @Option(help: ArgumentHelp("Read the password from this environment variable.", valueName: "VAR"))
    var passwordEnv: String?

    @Option(help: ArgumentHelp("Read the password from the first line of this file.", valueName: "FILE"))
    var passwordFile: String?

    @Flag(help: "Read the password from the first line of standard input.")
    var passwordStdin = false

    func validate() throws {
        let sources = [passwordEnv != nil, passwordFile != nil, passwordStdin].filter { $0 }.count
        if sources > 1 { throw ValidationError("give the password one way: --password-env, --password-file or --password-stdin") }
        if username != nil && sources == 0 {
            throw ValidationError("--username needs a password: --password-env VAR, --password-file FILE or --password-stdin")
        }
        if username == nil && sources > 0 { throw ValidationError("a password was given without --username") }
        if let username, username.isEmpty || username.contains(where: { $0 == " " || $0 == "\"" || $0 == "\n" }) {
            throw ValidationError("--username must be non-empty, without spaces or quotes")
        }
    }

    /// The credentials, or nil when none were asked for. Errors name the source, never the secret.
    func credentials() throws -> DigestCredentials? {
        guard let username else { return nil }
        let password: String
        if let variable = passwordEnv {
            guard let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty else {
                throw ValidationError("environment variable \(variable) is not set or empty")
            }
            password = value
        } else if let path = passwordFile {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ValidationError("cannot read the password file \(path)")
            }
            password = String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
        } else {
            guard let line = readLine(strippingNewline: true) else { throw ValidationError("no password on standard input") }
            password = line
        }
        guard !password.isEmpty else { throw ValidationError("the password is empty") }
        return DigestCredentials(username: username, password: password)
    }
}
