import Foundation
import TestSupport
import Testing

/// The docs say only what the code does: every `--flag` shown in README.md and docs/*.md exists in the help
/// of the command it is shown with (scripts/check-doc-flags reads each command's --help).
@Suite struct DocFlagsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let script = root.appendingPathComponent("scripts/check-doc-flags").path

    @Test("every flag the docs show is an option of its command")
    func docsNameOnlyRealFlags() async throws {
        let run = try await CommandRun.run(Self.script, [CommandRun.trunkprobe], timeout: 120)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    }

    @Test("the checker finds a flag that does not exist, with file and line")
    func checkerFindsUnknownFlags() async throws {
        let dir = try PeerProcess.makeTemporaryDirectory(prefix: "docflags")
        defer { try? FileManager.default.removeItem(at: dir) }
        let doc = dir.appendingPathComponent("bad.md")
        try Data("# x\n\n```\ntrunkprobe options sip:x --no-such-flag\n```\n\nUse `smoke --keep` or `--invented`.\n".utf8).write(to: doc)
        let run = try await CommandRun.run(Self.script, [CommandRun.trunkprobe, doc.path], timeout: 120)
        #expect(run.status == 1)
        #expect(run.stdout.contains("bad.md:4: --no-such-flag is not an option of `trunkprobe options`"), "\(run.stdout)")
        #expect(run.stdout.contains("bad.md:7: --invented is not a flag of any trunkprobe command"), "\(run.stdout)")
        #expect(!run.stdout.contains("--keep"))
    }
}
