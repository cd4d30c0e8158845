import ArgumentParser
import Foundation
import SIPCore

/// `--username` plus a password read through `SecretOptions` (env, file or stdin; never argv).
struct SIPCredentialOptions: ParsableArguments {
    @Option(help: "Digest username (for a Zentrunk credential: its username, not its name).")
    var username: String?

    @OptionGroup var password: SecretOptions

    func validate() throws {
        if username != nil && !password.isGiven {
            throw ValidationError("--username needs a password: --password-env VAR, --password-file FILE or --password-stdin")
        }
        if username == nil && password.isGiven { throw ValidationError("a password was given without --username") }
        if let username, username.isEmpty || username.contains(where: { $0 == " " || $0 == "\"" || $0 == "\n" }) {
            throw ValidationError("--username must be non-empty, without spaces or quotes")
        }
    }

    /// The credentials, or nil when none were asked for. Errors name the source, never the secret.
    func credentials() throws -> DigestCredentials? {
        guard let username, let secret = try password.read() else { return nil }
        return DigestCredentials(username: username, password: secret.value)
    }
}
