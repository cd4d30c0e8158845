import ArgumentParser
import NIOPosix
import Probes
#if canImport(Glibc)
import Glibc
#endif
import SIPCore

/// Parsing shared by every command that takes targets (arguments and --targets-file).
enum TargetArguments {
    static func target(_ text: String, transport: SIPTransportKind?) throws -> ProbeTarget {
        do {
            return try ProbeTarget(parsing: text, transport: transport)
        } catch {
            throw ValidationError("bad target '\(text)': \(error.message)")
        }
    }

    /// The targets of a probe command: those on the command line, then those of `--targets-file`.
    /// A file that cannot be read, has a bad line or holds no target is one `ValidationError` line.
    static func targets(_ texts: [String], file: String?, transport: SIPTransportKind?) async throws -> [ProbeTarget] {
        var targets = try texts.map { try target($0, transport: transport) }
        if let file {
            let name = file == "-" ? "standard input" : file
            // Reading a file (or a pipe that may be slow) blocks: do it on the thread pool, not the cooperative pool.
            let text = try await NIOThreadPool.singleton.runIfActive { try readAll(file) }
            do throws(TargetList.LineError) {
                targets += try TargetList.parse(text, transport: transport)
            } catch {
                throw ValidationError("--targets-file \(name): \(error.description)")
            }
            if targets.isEmpty { throw ValidationError("--targets-file \(name): no target in it (one per line, '#' for comments)") }
        }
        guard !targets.isEmpty else { throw ValidationError("give at least one target, or --targets-file FILE") }
        return targets
    }

    /// The whole of `path` (or standard input for `-`) as UTF-8 text.
    private static func readAll(_ path: String) throws -> String {
        let fd = path == "-" ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw ValidationError("--targets-file \(path): cannot open: \(String(cString: strerror(errno)))")
        }
        defer { if fd != STDIN_FILENO { close(fd) } }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ValidationError("--targets-file \(path): cannot read: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            bytes += chunk[0..<n]
            if bytes.count > 64 << 20 { throw ValidationError("--targets-file \(path): larger than 64 MiB") }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.utf8.elementsEqual(bytes) else {
            throw ValidationError("--targets-file \(path): not UTF-8 text")
        }
        return text
    }
}
