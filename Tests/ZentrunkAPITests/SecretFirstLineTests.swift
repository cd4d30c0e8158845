import Foundation
import Provisioning
import Testing
import ZentrunkAPI

@Suite("Password files")
struct SecretFirstLineTests {
    @Test("the first line without its line end, whether the file ends lines with LF, CRLF or CR", arguments: [
        ("s3cret\n", "s3cret"), ("s3cret\r\n", "s3cret"), ("s3cret\r\nsecond line\r\n", "s3cret"), ("s3cret\r", "s3cret"),
        ("s3cret", "s3cret"), ("  spaced \n", "  spaced "), ("\nsecond", ""),
    ])
    func firstLine(text: String, expected: String) {
        #expect(Secret.firstLine(of: text) == expected)
    }

    @Test("a plan's password file written on Windows gives the password, not the password and a carriage return")
    func planFileWithCRLF() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tp-secret-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("password.txt")
        try Data("Windows-Pass1\r\n".utf8).write(to: file)
        let secret = try PlanSecretReference(.file(file.path)).resolve()
        #expect(secret.value == "Windows-Pass1")
    }
}
