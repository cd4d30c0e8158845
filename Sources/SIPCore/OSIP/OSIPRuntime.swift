internal import COSIP
import Foundation
internal import COSIPShims
import Logging

/// Process-wide libosip2 initialisation, done exactly once.
///
/// `parser_init()` fills static tables without locking and `osip_message_parse` segfaults without it
/// (parser_init, osip_trace), so every adapter entry point checks `OSIPRuntime.ready` first. The trace
/// sink is installed before the first parse: Debian's libosip2 traces to stdout, which is reserved for results.
enum OSIPRuntime {
    static let ready: Bool = {
        COSIPShims_trace_install { level, file, line, message in
            guard let message else { return }
            OSIPRuntime.forward(level: level, file: file, line: line, message: message)
        }
        return parser_init() == 0
    }()

    /// libosip2's traces go to this logger at debug level (they describe malformed input we already report).
    static let logger = Logger(label: "trunkprobe.osip")

    private static func forward(level: Int32, file: UnsafePointer<CChar>?, line: Int32, message: UnsafePointer<CChar>) {
        let text = String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
        let origin = file.map { String(cString: $0) } ?? "osip"
        logger.debug("\(text)", metadata: ["osip.file": "\(origin):\(line)", "osip.level": "\(level)"])
    }
}
