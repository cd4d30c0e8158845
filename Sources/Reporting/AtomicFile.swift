import Foundation

/// Writes a file so readers never see half of it: a temporary file in the same directory, then rename(2),
/// which replaces the target atomically (node_exporter's textfile collector reads at any moment).
public enum AtomicFile {
    public struct WriteError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public static func write(_ text: String, to path: String) throws(WriteError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try Data(text.utf8).write(to: temporary)
        } catch {
            throw WriteError(description: "cannot write \(temporary.path): \(error.localizedDescription)")
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw WriteError(description: "cannot rename \(temporary.path) to \(path): \(reason)")
        }
    }
}
