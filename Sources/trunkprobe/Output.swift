import Foundation
import ArgumentParser
import SIPCore

/// stdout is for results only (text or JSON); logs and progress go to stderr.
enum Output {
    /// Everything written is escaped for the terminal (line breaks and tabs kept): results and messages
    /// carry remote text, and JSON already escapes control characters, so this changes nothing there.
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text.terminalSafe(keepingNewlines: true) + "\n").utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.terminalSafe(keepingNewlines: true) + "\n").utf8))
    }
}
