import Foundation

/// Filters for `GET Zentrunk/Call/` (docs/api.md). Validated locally because the API answers a bare 400:
/// numbers without `+`, no empty values, an upper `end_time` bound needs a lower one, a range of at most 90 days.
public struct CallFilter: Sendable, Equatable {
    public var fromNumber: String?
    public var toNumber: String?
    public var callDirection: String?
    public var hangupCauseCode: Int?
    public var hangupSource: String?
    public var stirVerification: String?
    public var billDuration: Int?
    public var billDurationGreaterThan: Int?
    public var billDurationGreaterOrEqual: Int?
    public var billDurationLessThan: Int?
    public var billDurationLessOrEqual: Int?
    public var endTime: String?
    public var endTimeGreaterThan: String?
    public var endTimeGreaterOrEqual: String?
    public var endTimeLessThan: String?
    public var endTimeLessOrEqual: String?

    public init() {}

    public static let hangupSources: Set<String> = ["customer", "carrier", "zentrunk"]
    public static let stirValues: Set<String> = ["Verified", "Not Verified", "Not Applicable"]

    /// Checks every rule, then returns the query pairs in a stable order.
    public func query() throws -> [(String, String)] {
        var query: [(String, String)] = []
        if let fromNumber { try ZentrunkValidation.checkNumber(fromNumber, field: "from_number"); query.append(("from_number", fromNumber)) }
        if let toNumber { try ZentrunkValidation.checkNumber(toNumber, field: "to_number"); query.append(("to_number", toNumber)) }
        if let callDirection {
            try ZentrunkValidation.checkDirection(callDirection, field: "call_direction")
            query.append(("call_direction", callDirection))
        }
        if let hangupCauseCode { query.append(("hangup_cause_code", String(hangupCauseCode))) }
        if let hangupSource {
            guard Self.hangupSources.contains(hangupSource) else {
                throw ZentrunkInputError(field: "hangup_source", message: "must be customer, carrier or zentrunk")
            }
            query.append(("hangup_source", hangupSource))
        }
        if let stirVerification {
            guard Self.stirValues.contains(stirVerification) else {
                throw ZentrunkInputError(field: "stir_verification", message: "must be 'Verified', 'Not Verified' or 'Not Applicable'")
            }
            query.append(("stir_verification", stirVerification))
        }
        for (key, value) in [("bill_duration", billDuration), ("bill_duration__gt", billDurationGreaterThan),
                             ("bill_duration__gte", billDurationGreaterOrEqual), ("bill_duration__lt", billDurationLessThan),
                             ("bill_duration__lte", billDurationLessOrEqual)] {
            guard let value else { continue }
            guard value >= 0 else { throw ZentrunkInputError(field: key, message: "must be 0 or more seconds") }
            query.append((key, String(value)))
        }
        let times = [("end_time", endTime), ("end_time__gt", endTimeGreaterThan), ("end_time__gte", endTimeGreaterOrEqual),
                     ("end_time__lt", endTimeLessThan), ("end_time__lte", endTimeLessOrEqual)]
        var parsed: [String: Date] = [:]
        for (key, value) in times {
            guard let value else { continue }
            guard let date = Self.parseTime(value) else {
                throw ZentrunkInputError(field: key, message: "must be 'YYYY-MM-DD HH:MM[:ss[.uuuuuu]]' in UTC (got '\(value)')")
            }
            parsed[key] = date
            query.append((key, value))
        }
        let lower = parsed["end_time__gte"] ?? parsed["end_time__gt"]
        let upper = parsed["end_time__lte"] ?? parsed["end_time__lt"]
        if upper != nil && lower == nil {
            throw ZentrunkInputError(field: "end_time__lte", message: "an upper time bound needs a lower bound (end_time__gte or end_time__gt)")
        }
        if let lower, let upper {
            guard upper >= lower else { throw ZentrunkInputError(field: "end_time__lte", message: "is before the lower bound") }
            guard upper.timeIntervalSince(lower) <= 90 * 86_400 else {
                throw ZentrunkInputError(field: "end_time", message: "the range is longer than 90 days; the API keeps 90 days of records")
            }
        }
        return query
    }

    /// `YYYY-MM-DD HH:MM[:ss[.uuuuuu]]`, UTC.
    public static func parseTime(_ text: String) -> Date? {
        for format in ["yyyy-MM-dd HH:mm:ss.SSSSSS", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = format
            formatter.isLenient = false
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}
