import Foundation
import Reporting
import Testing

/// FixedPoint stands in for `String(format: "%W.Nf")` in every report, so it must print the same bytes.
@Suite struct FixedPointTests {
    /// A fixed sequence, so a failure repeats (xorshift64*).
    struct Sequence {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        mutating func next() -> UInt64 {
            state ^= state >> 12; state ^= state << 25; state ^= state >> 27
            return state &* 0x2545_F491_4F6C_DD1D
        }
    }

    @Test("the same text as printf for round trips, percentages and seconds, ties and near-ties included")
    func sameAsPrintf() {
        var random = Sequence()
        var differences: [String] = []
        for i in 0..<60_000 {
            let digits = [0, 1, 2, 3, 6][i % 5]
            let width = i % 9
            let r = random.next()
            let value: Double
            switch i % 4 {
            case 0: value = Double(r % 1_000_000_000) / 1_000_000    // a time in ms with ns below
            case 1: value = Double(r % 1_000_000) / 1_000            // three decimals: 688.445 and its kind
            case 2: value = Double(r % 100_000) / 200                // exact halves
            default: value = -Double(r % 10_000_000) / 10_000        // negative
            }
            let ours = FixedPoint.format(value, digits: digits, width: width)
            let printf = String(format: "%\(width).\(digits)f", value)
            if ours != printf { differences.append("\(value) %\(width).\(digits)f: \(ours) vs \(printf)") }
        }
        #expect(differences.isEmpty, "\(differences.prefix(5))")
    }

    @Test("edge cases", arguments: [
        (0.125, 2, 0, "0.12"), (0.375, 2, 0, "0.38"), (2.5, 0, 0, "2"), (3.5, 0, 0, "4"), (688.445, 2, 0, "688.45"),
        (-0.001, 2, 0, "-0.00"), (-0.0, 1, 0, "-0.0"), (0, 3, 0, "0.000"), (1.5, 2, 8, "    1.50"),
        (123456.789, 2, 4, "123456.79"), (Double.nan, 2, 0, "nan"), (-Double.infinity, 2, 6, "  -inf"),
    ])
    func edges(value: Double, digits: Int, width: Int, expected: String) {
        #expect(FixedPoint.format(value, digits: digits, width: width) == expected)
        #expect(String(format: "%\(width).\(digits)f", value) == expected)
    }
}
