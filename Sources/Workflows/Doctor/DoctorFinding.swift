/// One thing `doctor` found: which rule, how bad, on which resource, and the change that fixes it.
public struct DoctorFinding: Sendable, Codable, Equatable {
    public var rule: DoctorRule
    public var severity: DoctorSeverity
    /// `trunk 2178…`, `origination URI 90b6…`, `number 14155550100`.
    public var resource: String
    public var message: String
    public var fix: String

    public init(_ rule: DoctorRule, _ severity: DoctorSeverity, resource: String, message: String, fix: String) {
        self.rule = rule; self.severity = severity; self.resource = resource; self.message = message; self.fix = fix
    }
}
