import Foundation

/// Writes a file so readers never see half of it: a temporary file in the same directory, then rename(2),
/// which replaces the target atomically (node_exporter's textfile collector reads at any moment).
public enum AtomicFile {
    public struct WriteError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Whether `write(_:to:)` can put a file at `path`: its directory exists and is writable. Commands check
    /// this before they send anything, so a mistyped path fails at once rather than after every probe ran.
    public static func checkDestination(_ path: String) throws(WriteError) {
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw WriteError(description: "no directory \(parent)")
        }
        guard access(parent, W_OK) == 0 else { throw WriteError(description: "\(parent) is not writable") }
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
