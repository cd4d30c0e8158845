import Foundation
import ArgumentParser

/// `api call list --stir-verification`: the STIR/SHAKEN result (RFC 8224) as the Calls API spells it.
/// The lower-case, dashed spellings (`not-verified`) are accepted too, so no quoting is needed.
enum StirVerification: String, ExpressibleByArgument, CaseIterable, Sendable {
    case verified = "Verified"
    case notVerified = "Not Verified"
    case notApplicable = "Not Applicable"

    init?(argument: String) {
        let key = argument.lowercased().replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
        guard let match = Self.allCases.first(where: { $0.rawValue.lowercased() == key }) else { return nil }
        self = match
    }
}
