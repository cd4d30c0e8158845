import CYaml
import Foundation
import Yams

/// Loads configuration YAML (provisioning plans, probe suites, the exporter file) so that no file can make
/// trunkprobe hang, exhaust memory or crash: the bytes are size-capped and checked as UTF-8, then every
/// libyaml event is scanned with running counters *before* Yams composes a node tree. Yams' composer
/// recurses per nesting level and hashes every mapping key to find duplicates; an alias used as a key makes
/// that hashing walk the aliased subtree again for each use, which is how a 1.4 KB file of nested aliases
/// as keys never finishes. The scan refuses such keys and bounds what aliases may stand for, so composing
/// afterwards is linear in the file.
///
/// YAML 1.1/1.2 aliases (`*name`) and anchors (`&name`) remain usable for values within the limits.
public enum SafeYAML {
    /// Reads at most `limits.maximumBytes` (+1 to detect "too big") from `path` and loads the single document
    /// it holds. Returns nil for a file with no document (empty or only comments).
    public static func load(path: String, limits: SafeYAMLLimits = .default) throws(SafeYAMLError) -> Node? {
        let bytes = try read(path: path, limits: limits)
        return try load(bytes: bytes, file: path, limits: limits)
    }

    /// Loads YAML handed over in memory; `file` only names the source in errors.
    public static func load(text: String, file: String? = nil, limits: SafeYAMLLimits = .default) throws(SafeYAMLError) -> Node? {
        try load(bytes: Array(text.utf8), file: file, limits: limits)
    }

    /// Loads raw bytes: the entry the fuzzer drives, since it is the one that sees non-UTF-8 input.
    public static func load(bytes: [UInt8], file: String? = nil, limits: SafeYAMLLimits = .default) throws(SafeYAMLError) -> Node? {
        guard bytes.count <= limits.maximumBytes else {
            throw SafeYAMLError(file: file, line: nil,
                                message: "the file is larger than \(describe(bytes: limits.maximumBytes)), the limit for configuration files")
        }
        let text = try decodeUTF8(bytes, file: file)
        try SafeYAMLScan(file: file, limits: limits).scan(bytes)
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw convert(error, file: file)
        } catch {
            throw SafeYAMLError(file: file, line: nil, message: "invalid YAML: \(error)")
        }
    }

    // MARK: Reading

    private static func read(path: String, limits: SafeYAMLLimits) throws(SafeYAMLError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw SafeYAMLError(file: path, line: nil, message: "cannot read: \(errorText(errno))") }
        defer { close(descriptor) }
        var status = stat()
        if fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            throw SafeYAMLError(file: path, line: nil, message: "cannot read: it is a directory")
        }
        // Read one byte past the cap so "exactly at the limit" and "over it" are told apart without reading more.
        let capacity = limits.maximumBytes + 1
        var bytes = [UInt8](repeating: 0, count: capacity)
        var filled = 0
        while filled < capacity {
            let count = bytes.withUnsafeMutableBytes { buffer in
                Foundation.read(descriptor, buffer.baseAddress! + filled, capacity - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw SafeYAMLError(file: path, line: nil, message: "cannot read: \(errorText(errno))")
            }
            if count == 0 { break }
            filled += count
        }
        bytes.removeSubrange(filled...)
        return bytes
    }

    private static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    // MARK: UTF-8

    /// YAML 1.2 §5.2 allows UTF-16 and UTF-32 too; configuration files here are UTF-8 only, so that a file's
    /// bytes and what is printed about it agree, and a stray Latin-1 byte is named rather than guessed at.
    private static func decodeUTF8(_ bytes: [UInt8], file: String?) throws(SafeYAMLError) -> String {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var line = 1
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                if encoded.count == 1, encoded.first == 0x0A { line += 1 }
                offset += encoded.count
            case .error(let length):
                let byte = bytes[offset]
                _ = length
                throw SafeYAMLError(file: file, line: line,
                                    message: "the file is not valid UTF-8 (byte 0x\(String(byte, radix: 16, uppercase: true)) at offset \(offset)); save it as UTF-8")
            case .emptyInput:
                return String(decoding: bytes, as: UTF8.self)
            }
        }
    }

    // MARK: Errors

    static func describe(bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }

    private static func convert(_ error: YamlError, file: String?) -> SafeYAMLError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return SafeYAMLError(file: file, line: mark.line, message: "invalid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return SafeYAMLError(file: file, line: context.mark.line,
                                 message: "invalid YAML: duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in one mapping")
        default:
            return SafeYAMLError(file: file, line: nil, message: "invalid YAML: \(error)")
        }
    }
}
