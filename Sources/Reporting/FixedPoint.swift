/// What `String(format: "%W.Nf", value)` prints, without Foundation: the first `String(format:)` of a
/// process sets up a locale and CoreFoundation's formatter, 1.4 million instructions, a few percent of a
/// whole one-probe run (docs/benchmarks.md, "Start-up"). Every figure in the reports goes through here.
public enum FixedPoint {
    /// `value` with `digits` digits after the point, right-aligned in `width` columns, rounded as printf
    /// rounds: the exact binary value, half to even on an exact tie; "nan" and "inf" as printf spells them.
    public static func format(_ value: Double, digits: Int, width: Int = 0) -> String {
        let sign = value.sign == .minus ? "-" : ""
        guard value.isFinite else { return padded(value.isNaN ? "nan" : sign + "inf", width) }
        var power: UInt64 = 1
        for _ in 0..<digits { power *= 10 }
        let magnitude = value.magnitude
        let scaled = magnitude * Double(power)
        guard scaled < 9.0e18 else { return padded(sign + String(magnitude), width) }
        var text = String(rounded(magnitude, power: power, approximate: scaled))
        if digits > 0 {
            if text.count <= digits { text = String(repeating: "0", count: digits - text.count + 1) + text }
            text.insert(".", at: text.index(text.endIndex, offsetBy: -digits))
        }
        return padded(sign + text, width)
    }

    /// magnitude × power rounded to a whole number, `approximate` being that product in Double. The product
    /// can land on the wrong side of a half (688.445 is 688.44500000000005 in binary, but × 100 gives 68844.5
    /// exactly), so near a half the decision compares the exact binary value: magnitude = m × 2^e, and
    /// magnitude × power = (m × power) / 2^s with s = -e, a 128-bit product kept as two halves.
    private static func rounded(_ magnitude: Double, power: UInt64, approximate: Double) -> UInt64 {
        let floor = UInt64(approximate.rounded(.down))
        let fraction = approximate - Double(floor)
        guard (fraction - 0.5).magnitude <= 4 * approximate.ulp, magnitude.isNormal else {
            return fraction > 0.5 ? floor + 1 : floor
        }
        let m = magnitude.significandBitPattern | (1 << 52)
        let s = 52 - Int(magnitude.exponent)
        guard s > 0, s < 120 else { return fraction > 0.5 ? floor + 1 : floor }  // an integer, or too small for a half
        let (high, low) = m.multipliedFullWidth(by: power)
        // whole = product >> s; remainder = product mod 2^s; half = 2^(s-1), each as (high, low).
        let whole: UInt64
        let remainder: (UInt64, UInt64)
        if s >= 64 {
            whole = high >> UInt64(s - 64)
            remainder = (s == 64 ? 0 : high & ((1 << UInt64(s - 64)) - 1), low)
        } else {
            whole = (high &<< UInt64(64 - s)) | (low >> UInt64(s))
            remainder = (0, low & ((1 << UInt64(s)) - 1))
        }
        let half: (UInt64, UInt64) = s - 1 >= 64 ? (1 << UInt64(s - 65), 0) : (0, 1 << UInt64(s - 1))
        // Above the half rounds up, below it down, an exact tie to even, as printf does.
        let up = remainder != half ? remainder > half : whole % 2 == 1
        return up ? whole + 1 : whole
    }

    private static func padded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}
