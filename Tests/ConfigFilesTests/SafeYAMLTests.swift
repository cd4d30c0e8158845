import ConfigFiles
import Foundation
import Testing
import Yams

@Suite("SafeYAML: hostile configuration files are refused quickly with one line")
struct SafeYAMLTests {
    func refusal(_ text: String, limits: SafeYAMLLimits = .default) -> SafeYAMLError? {
        do {
            _ = try SafeYAML.load(text: text, file: "f.yaml", limits: limits)
            return nil
        } catch {
            return error
        }
    }

    /// "Billion laughs": nine levels of ten aliases each stand for 10^9 nodes in under 1 KB.
    static let billionLaughs: String = {
        var lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for level in 1...9 {
            let refs = Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ")
            lines.append("l\(level): &l\(level) [\(refs)]")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    /// Nested anchors used as keys: Yams hashes every key to find duplicates, walking the aliased subtree
    /// each time; before SafeYAML this shape (about 1.4 KB) never finished.
    static let aliasKeys: String = {
        var lines = ["a0: &a0 {k: v}"]
        for level in 1...24 {
            lines.append("a\(level): &a\(level) {? *a\(level - 1) : x, ? [*a\(level - 1)] : y}")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test("An alias bomb is refused at the alias that crosses the node limit, fast")
    func billionLaughs() throws {
        let start = ContinuousClock.now
        let error = try #require(refusal(Self.billionLaughs))
        // The bound is the point (issue: "exit 3 within a second"); generous for two loaded cores.
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(error.message.contains("100000 nodes"))
        #expect(error.line != nil)
        #expect(error.description.hasPrefix("f.yaml:"))
    }

    @Test("An alias used as a mapping key is refused at its line")
    func aliasAsKey() throws {
        let start = ContinuousClock.now
        let error = try #require(refusal(Self.aliasKeys))
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(error.line == 2)
        #expect(error.message.contains("used as a mapping key"))
        #expect(refusal("a: &x k\n*x : 1\n")?.message.contains("alias (*x)") == true)
        #expect(refusal("? [a, b]\n: 1\n")?.message.contains("sequence is used as a mapping key") == true)
    }

    @Test("Aliases for values within the limits still work")
    func aliasesAllowed() throws {
        let node = try #require(try SafeYAML.load(text: "base: &b {host: 127.0.0.1}\nother: *b\n"))
        #expect(node.mapping?["other"]?.mapping?["host"]?.string == "127.0.0.1")
    }

    @Test("Non-UTF-8 bytes are named with their line")
    func notUTF8() throws {
        let bytes = Array("a: 1\nb: caf".utf8) + [0xE9] + Array("\n".utf8)
        do {
            _ = try SafeYAML.load(bytes: bytes, file: "latin1.yaml")
            Issue.record("latin-1 accepted")
        } catch {
            #expect(error.line == 2)
            #expect(error.message.contains("not valid UTF-8"))
            #expect(error.message.contains("0xE9"))
        }
    }

    @Test("Files, values and nesting past the limits are refused with the limit named")
    func limits() throws {
        let big = String(repeating: "# padding\n", count: 110_000)
        #expect(refusal(big)?.message.contains("larger than 1 MiB") == true)
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(refusal(deep)?.message.contains("nesting deeper than 64") == true)
        // Deep enough to overflow a recursive composer if it ever got there.
        let veryDeep = String(repeating: "[", count: 500_000)
        #expect(refusal(veryDeep)?.message.contains("nesting deeper than 64") == true)
        let long = "a: " + String(repeating: "x", count: 70_000) + "\n"
        let scalar = try #require(refusal(long))
        #expect(scalar.message.contains("longer than 64 KiB"))
        #expect(scalar.line == 1)
        #expect(refusal("a: 1\n---\nb: 2\n")?.message.contains("more than one YAML document") == true)
        let many = (0..<20).map { "- [\($0), \($0), \($0)]" }.joined(separator: "\n")
        #expect(refusal(many, limits: SafeYAMLLimits(maximumNodes: 50))?.message.contains("more than 50 nodes") == true)
    }

    @Test("Syntax errors and duplicate keys carry the line")
    func syntax() throws {
        let error = try #require(refusal("a: 1\nb: [unclosed\nc: : :\n"))
        #expect(error.message.hasPrefix("invalid YAML"))
        #expect(error.line != nil)
        let duplicate = try #require(refusal("a: 1\nb: 2\na: 3\n"))
        #expect(duplicate.message.contains("duplicate key 'a'"))
        #expect(refusal("a: *nowhere\n")?.message.contains("not defined") == true)
    }

    @Test("load(path:) refuses missing files, directories and oversized files without reading them whole")
    func files() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("safeyaml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: SafeYAMLError.self) { try SafeYAML.load(path: directory.appendingPathComponent("missing.yaml").path) }
        do {
            _ = try SafeYAML.load(path: directory.path)
            Issue.record("directory accepted")
        } catch {
            #expect(error.message.contains("directory"))
            #expect(error.file == directory.path)
        }
        let huge = directory.appendingPathComponent("huge.yaml")
        FileManager.default.createFile(atPath: huge.path, contents: nil)
        let handle = try FileHandle(forWritingTo: huge)
        try handle.truncate(atOffset: 300 << 20) // sparse: 300 MiB that must not be read
        try handle.close()
        let start = ContinuousClock.now
        #expect(throws: SafeYAMLError.self) { try SafeYAML.load(path: huge.path) }
        #expect(ContinuousClock.now - start < .seconds(5))
        let good = directory.appendingPathComponent("good.yaml")
        try "a: [1, 2]\n".write(to: good, atomically: true, encoding: .utf8)
        #expect(try SafeYAML.load(path: good.path)?.mapping?["a"]?.sequence?.count == 2)
        let empty = directory.appendingPathComponent("empty.yaml")
        try "# nothing\n".write(to: empty, atomically: true, encoding: .utf8)
        #expect(try SafeYAML.load(path: empty.path) == nil)
    }
}
