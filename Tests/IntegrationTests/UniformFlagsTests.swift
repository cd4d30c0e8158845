import Foundation
import TestSupport
import Testing

/// Flags that mean the same on every command (docs/options.md, "Flags that mean the same everywhere"), typed
/// values refused in one line, and local mistakes that exit 3 (UNKNOWN), never 2 with a hint about the far
/// end. Every run here stops at argument parsing or `validate()`, before any packet or request is sent.
@Suite struct UniformFlagsTests {
    /// Every leaf command, as a user types it.
    static let commands: [[String]] = [
        ["options"], ["invite"], ["failover"], ["check"], ["smoke"], ["provision"], ["teardown"], ["diagnose"],
        ["doctor"], ["serve"], ["sandbox"], ["responder"],
        ["api", "credential", "create"], ["api", "credential", "get"], ["api", "credential", "list"],
        ["api", "credential", "update"], ["api", "credential", "delete"],
        ["api", "ipacl", "create"], ["api", "ipacl", "get"], ["api", "ipacl", "list"], ["api", "ipacl", "update"],
        ["api", "ipacl", "delete"],
        ["api", "uri", "create"], ["api", "uri", "get"], ["api", "uri", "list"], ["api", "uri", "update"], ["api", "uri", "delete"],
        ["api", "trunk", "create"], ["api", "trunk", "get"], ["api", "trunk", "list"], ["api", "trunk", "update"],
        ["api", "trunk", "delete"],
        ["api", "call", "list"], ["api", "call", "get"], ["api", "call", "insights"], ["api", "number", "route"],
    ]

    /// The commands that print a result on stdout (the servers print addresses and logs only).
    static let commandsWithOutput = commands.filter { !["serve", "sandbox", "responder"].contains($0[0]) }

    /// Each probing or API command with its required arguments, so that the flag under test is what fails.
    static let timedCommands: [[String]] = [
        ["options", "sip:127.0.0.1"], ["invite", "sip:127.0.0.1", "--to", "100"], ["failover", "--primary", "sip:127.0.0.1"],
        ["smoke", "plan.yaml"], ["diagnose", "0f0f0f0f-0000-4000-8000-000000000000"], ["doctor"],
        ["provision", "plan.yaml"], ["teardown", "plan.yaml"], ["api", "trunk", "list"],
    ]

    static func oneLine(_ run: CommandRun) -> Bool {
        run.stderr.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1
    }

    static func words(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test("-v/--verbose is on every command, with the same help wording", arguments: commands)
    func verboseEverywhere(_ command: [String]) async throws {
        let help = try await CommandRun.run(CommandRun.trunkprobe, command + ["--help"], environment: ["COLUMNS": "100"])
        #expect(help.status == 0, "\(command): \(help.stderr)")
        #expect(help.stdout.contains("-v, --verbose"), "\(command)")
        #expect(Self.words(help.stdout).contains("Log protocol and API details to stderr."), "\(command)")
        // -v parses: the run stops at something else (a missing argument, a validation), never at -v itself.
        let run = try await CommandRun.run(CommandRun.trunkprobe, command + ["-v", "--no-such-flag"])
        #expect(run.status == 3)
        #expect(!run.stderr.contains("'-v'"), "\(command): \(run.stderr)")
    }

    @Test("--format is on every command that prints a result, and a bad one is one line naming the choices",
          arguments: commandsWithOutput)
    func formatWhereThereIsOutput(_ command: [String]) async throws {
        let help = try await CommandRun.run(CommandRun.trunkprobe, command + ["--help"])
        #expect(help.stdout.contains("--format"), "\(command)")
        let run = try await CommandRun.run(CommandRun.trunkprobe, command + ["--format", "xml"])
        #expect(run.status == 3, "\(command): \(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(Self.oneLine(run), "\(command): \(run.stderr)")
        #expect(run.stderr.contains("--format must be one of text, json"), "\(command): \(run.stderr)")
    }

    @Test("a bad --timeout exits 3 with the same one line on every command that has one", arguments: timedCommands)
    func badTimeout(_ command: [String]) async throws {
        // A negative number after a space too: argument-parser alone would read "-1" as an option name.
        for arguments in [["--timeout=0"], ["--timeout=abc"], ["--timeout=-1"], ["--timeout", "-1"], ["--timeout", "-0.5"],
                          ["--timeout=nan"], ["--timeout=1e9"]] {
            let value = arguments.count == 2 ? arguments[1] : String(arguments[0].dropFirst("--timeout=".count))
            let run = try await CommandRun.run(CommandRun.trunkprobe, command + arguments)
            #expect(run.status == 3, "\(command) \(arguments): \(run.stderr)")
            #expect(run.stdout.isEmpty)
            #expect(Self.oneLine(run), "\(command): \(run.stderr)")
            #expect(run.stderr.contains("--timeout must be a positive number of seconds, at most 300, got '\(value)'"),
                    "\(command) \(arguments): \(run.stderr)")
        }
        let good = try await CommandRun.run(CommandRun.trunkprobe, command + ["--timeout", "2.5", "--help"])
        #expect(good.status == 0)
    }

    /// EntryPoint parses first without argument-parser's completion-script try, then again the standard way
    /// for anything that attempt refuses: help, version and completion scripts must come out unchanged.
    @Test("help, version and completion scripts are argument-parser's own, with the tool's name")
    func builtInRequests() async throws {
        let version = try await CommandRun.run(CommandRun.trunkprobe, ["--version"])
        #expect(version.status == 0 && version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
        for help in [["options", "--help"], ["help", "options"], ["options", "-h"]] {
            let run = try await CommandRun.run(CommandRun.trunkprobe, help)
            #expect(run.status == 0, "\(help): \(run.stderr)")
            #expect(run.stdout.contains("\nUSAGE: trunkprobe options [<options>]"), "\(help): \(run.stdout)")
        }
        for script in [["--generate-completion-script", "bash"], ["options", "--generate-completion-script", "zsh"]] {
            let run = try await CommandRun.run(CommandRun.trunkprobe, script)
            #expect(run.status == 0, "\(script): \(run.stderr)")
            #expect(run.stdout.contains("options") && run.stdout.contains("trunkprobe"), "\(script)")
        }
    }

    @Test("typed values are refused in one line that says what is expected", arguments: [
        (["options", "sip:127.0.0.1", "--transport", "sctp"], "--transport must be one of udp, tcp, tls, got 'sctp'"),
        (["options", "sip:127.0.0.1", "--count", "0"], "--count must be a whole number, 1 or more, got '0'"),
        (["options", "sip:127.0.0.1", "--interval=-1"], "--interval must be 0 or more seconds"),
        (["options", "sip:127.0.0.1", "--interval", "-1"], "--interval must be 0 or more seconds, at most 86400, got '-1'"),
        (["invite", "sip:127.0.0.1", "--min-interval", "-2"], "--min-interval must be 0 or more seconds, at most 86400, got '-2'"),
        (["options", "sip:127.0.0.1", "--concurrency", "many"], "--concurrency must be a whole number"),
        (["options", "sip:127.0.0.1", "--tls-identity", "a b"], "--tls-identity must be domain, target, or a host name"),
        (["options", "sip:127.0.0.1", "--bind", "example.com"], "--bind must be an IP address of this machine"),
        (["failover", "--primary", "sip:127.0.0.1", "--failover-on", "200"], "--failover-on must be status codes 300–699"),
        (["options", "sip:127.0.0.1", "--resolve", "a.example:5060"], "--resolve a.example:5060:"),
        (["check", "suite.yaml", "--warning", "x"], "--warning: "),
        (["doctor", "--platform", "skype"], "--platform must be one of livekit"),
        (["api", "trunk", "create", "--direction", "sideways"], "--direction must be one of inbound, outbound, got 'sideways'"),
        (["api", "trunk", "list", "--status", "on"], "--status must be one of enabled, disabled, got 'on'"),
        (["api", "call", "list", "--hangup-source", "me"], "--hangup-source must be one of customer, carrier, zentrunk"),
        (["serve", "--config", "x.yaml", "--listen", "9166"], "--listen must be HOST:PORT"),
        (["serve", "--config", "x.yaml", "--listen", "127.0.0.1:65536"], "--listen must be HOST:PORT"),
        (["sandbox", "--sip", "localhost"], "--sip must be HOST:PORT"),
        (["sandbox", "--sip-invite", "ring"], "--sip-invite must be a final code"),
        (["responder", "--algorithm", "SHA-1"], "--algorithm must be one of MD5, SHA-256, SHA-512-256, got 'SHA-1'"),
        (["responder", "--allow", "10.0.0.0/99"], "--allow must be an IPv4 or IPv6 address or CIDR"),
        (["responder", "--listen", "udp:localhost:5060"], "--listen must be TRANSPORT:ADDRESS:PORT"),
    ])
    func typedValues(_ args: [String], expected: String) async throws {
        let run = try await CommandRun.run(CommandRun.trunkprobe, args)
        #expect(run.status == 3, "\(args): \(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(Self.oneLine(run), "\(args): \(run.stderr)")
        #expect(run.stderr.contains(expected), "\(args): \(run.stderr)")
    }

    @Test("one format type per meaning: diagnose and doctor list text and json only, the probes all five")
    func formatTypes() async throws {
        for command in [["diagnose", "0f0f0f0f-0000-4000-8000-000000000000"], ["doctor"], ["provision", "plan.yaml"]] {
            let run = try await CommandRun.run(CommandRun.trunkprobe, command + ["--format", "junit"])
            #expect(run.status == 3 && run.stderr.contains("--format must be one of text, json, got 'junit'"), "\(command): \(run.stderr)")
        }
        for command in [["options"], ["invite"], ["failover"], ["check"], ["smoke"]] {
            let help = try await CommandRun.run(CommandRun.trunkprobe, command + ["--help"], environment: ["COLUMNS": "200"])
            #expect(Self.words(help.stdout).contains("values: text, json, junit, nagios, prometheus"), "\(command)")
        }
    }

    @Test("--help lists the choices of enumerated options")
    func helpListsChoices() async throws {
        let trunk = try await CommandRun.run(CommandRun.trunkprobe, ["api", "trunk", "create", "--help"], environment: ["COLUMNS": "200"])
        #expect(trunk.stdout.contains("values: inbound, outbound"), "\(trunk.stdout)")
        #expect(trunk.stdout.contains("values: enabled, disabled"))
        let options = try await CommandRun.run(CommandRun.trunkprobe, ["options", "--help"], environment: ["COLUMNS": "200"])
        #expect(Self.words(options.stdout).contains("values: udp, tcp, tls"))
        #expect(Self.words(options.stdout).contains("values: text, json, junit, nagios, prometheus"))
    }

    @Test("a --bind address that is not this machine's is a local mistake: exit 3, one line", arguments: [
        ["options", "sip:127.0.0.1"], ["invite", "sip:127.0.0.1", "--to", "100"], ["failover", "--primary", "sip:127.0.0.1"],
        ["smoke", "plan.yaml"], ["check", "suite.yaml"],
    ])
    func bindNotLocal(_ command: [String]) async throws {
        let run = try await CommandRun.run(CommandRun.trunkprobe, command + ["--bind", "192.0.2.7"])
        #expect(run.status == 3, "\(command): \(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(Self.oneLine(run), "\(run.stderr)")
        #expect(run.stderr.contains("--bind 192.0.2.7: not an address of this machine"), "\(run.stderr)")
        let local = try await CommandRun.run(CommandRun.trunkprobe, command + ["--bind", "127.0.0.1:0", "--help"])
        #expect(local.status == 0)
    }

    @Test("a listening address that is not this machine's is a local mistake: exit 3, one line", arguments: [
        ["serve", "--config", "x.yaml", "--listen", "192.0.2.7:9166"], ["sandbox", "--listen", "192.0.2.7:8089"],
        ["sandbox", "--sip", "192.0.2.7:5060"], ["responder", "--listen", "udp:192.0.2.7:5060"],
    ])
    func listenNotLocal(_ args: [String]) async throws {
        let run = try await CommandRun.run(CommandRun.trunkprobe, args, timeout: 10)
        #expect(run.status == 3, "\(args): \(run.stderr)")
        #expect(Self.oneLine(run), "\(run.stderr)")
        #expect(run.stderr.contains("192.0.2.7") && run.stderr.contains("not") && run.stderr.contains("this machine"), "\(run.stderr)")
    }

    @Test("a malformed --dns-server is a local mistake: exit 3, one line", arguments: ["dns.example.com", "192.0.2.1:99999", "[::1", "::1:53:x"])
    func malformedDNSServer(_ server: String) async throws {
        for command in [["options", "sip:127.0.0.1"], ["invite", "sip:127.0.0.1", "--to", "100"], ["doctor"]] {
            let run = try await CommandRun.run(CommandRun.trunkprobe, command + ["--dns-server", server])
            #expect(run.status == 3, "\(command): \(run.stderr)")
            #expect(run.stdout.isEmpty)
            #expect(Self.oneLine(run), "\(run.stderr)")
            #expect(run.stderr.hasPrefix("trunkprobe: --dns-server '\(server)'"), "\(run.stderr)")
        }
    }

    @Test("an unreadable --ca-file and a --key that is not --cert's are local mistakes: exit 3, one line")
    func tlsFilesAreLocal() async throws {
        let certs = try await TestCertificates.load()
        let unreadable = try PeerProcess.makeTemporaryDirectory(prefix: "cafile")
        defer { try? FileManager.default.removeItem(at: unreadable) }
        let garbage = unreadable.appendingPathComponent("garbage.pem").path
        FileManager.default.createFile(atPath: garbage, contents: Data("not a certificate\n".utf8))
        let cases: [([String], String)] = [
            (["--ca-file", "/nonexistent/ca.pem"], "--ca-file"),
            (["--ca-file", garbage], "CA"),
            (["--cert", certs.certificate(.client), "--key", certs.privateKey(.server)], "key"),
        ]
        for command in [["options", "sips:127.0.0.1"], ["invite", "sips:127.0.0.1", "--to", "100"], ["check", "suite.yaml"]] {
            for (flags, expected) in cases {
                let run = try await CommandRun.run(CommandRun.trunkprobe, command + flags)
                #expect(run.status == 3, "\(command + flags): \(run.stderr)")
                #expect(run.stdout.isEmpty)
                #expect(Self.oneLine(run), "\(command + flags): \(run.stderr)")
                #expect(run.stderr.localizedCaseInsensitiveContains(expected), "\(command + flags): \(run.stderr)")
                #expect(!run.stderr.contains("hint"), "\(run.stderr)")
            }
        }
    }

    @Test("help examples are never wrapped at 80 columns", arguments: [[String]()] + commands)
    func examplesFitEightyColumns(_ command: [String]) async throws {
        let wide = try await CommandRun.run(CommandRun.trunkprobe, command + ["--help"], environment: ["COLUMNS": "400"])
        let narrow = try await CommandRun.run(CommandRun.trunkprobe, command + ["--help"], environment: ["COLUMNS": "80"])
        let narrowLines = Set(narrow.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
        // An example is a command line: it starts with the command, or with VAR=value before it.
        let examples = wide.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { line in
            ["trunkprobe ", "curl ", "grep "].contains { line.hasPrefix($0) }
                || (line.first?.isUppercase == true && line.split(separator: " ").first?.contains("=") == true && line.contains(" trunkprobe "))
        }
        for example in examples {
            #expect(narrowLines.contains(example), "\(command): wrapped at 80 columns: \(example)")
        }
    }
}
