import ArgumentParser
import Foundation

/// `failover --failover-on 408,480,504`: the status codes that also trigger fail-over, besides 503
/// (RFC 3263 §4.3 names only transport failures and 503; the rest is the operator's policy).
struct FailoverStatusCodes: CheckedArgument, CustomStringConvertible, Sendable, Equatable {
    static let requirement = "status codes 300–699, comma-separated, e.g. 408,480,504"

    let codes: Set<Int>

    init?(argument: String) {
        var codes: Set<Int> = []
        for part in argument.split(separator: ",", omittingEmptySubsequences: false) {
            guard let code = Int(part.trimmingCharacters(in: .whitespaces)), (300...699).contains(code) else { return nil }
            codes.insert(code)
        }
        self.codes = codes
    }

    var description: String { codes.sorted().map(String.init).joined(separator: ",") }
}
