import Foundation
import ArgumentParser

/// stdout is for results only (text or JSON); logs and progress go to stderr.
enum Output {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
