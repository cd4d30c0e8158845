import Foundation
import FuzzTargets
import Testing

/// `make test` replays the fuzzing corpora: every seed and every regression input (a crash `make fuzz` once
/// found, kept under Tests/FuzzCorpus/<target>/regressions/) goes through the same entry function libFuzzer
/// drives. A regression that crashes again takes the test process down, which fails the run loudly.
@Suite("Fuzz corpora replay: seeds and past crashes still parse without trapping")
struct FuzzCorpusReplayTests {
    static let corpusRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("FuzzCorpus")

    static func files(for target: FuzzTarget) -> [URL] {
        let directory = corpusRoot.appendingPathComponent(target.rawValue)
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        return walker.compactMap { $0 as? URL }
            .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
            .sorted { $0.path < $1.path }
    }

    @Test("Every corpus file goes through its target", arguments: FuzzTarget.allCases)
    func replay(_ target: FuzzTarget) throws {
        let files = Self.files(for: target)
        // Each target has seeds; an empty directory would make this test pass vacuously.
        #expect(files.count >= 3, "Tests/FuzzCorpus/\(target.rawValue)/ has \(files.count) files")
        for file in files {
            target.run(Array(try Data(contentsOf: file)))
        }
    }
}
