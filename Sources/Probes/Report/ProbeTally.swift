/// What the summary of a run of many probes needs, accumulated one report at a time: counts per status,
/// the round-trip statistics, the distinct targets, and the first and last report. A run of 20,000 probes
/// keeps these few numbers instead of 20,000 reports.
public struct ProbeTally: Sendable {
    /// Probes counted.
    public private(set) var count = 0
    /// Probes that got a SIP response.
    public private(set) var answered = 0
    public private(set) var statuses: [ProbeStatus: Int] = [:]
    /// The distinct targets, as written (one entry per target, not per probe).
    public private(set) var targets: Set<String> = []
    public private(set) var rttMinMs: Double?
    public private(set) var rttMaxMs: Double?
    private var rttSumMs = 0.0
    private var rttCount = 0
    /// The first report counted: the run's target and request URI when there is one target.
    public private(set) var first: ProbeReport?
    /// The last report counted, kept so an interruption can be recorded on it.
    public private(set) var last: ProbeReport?
    /// Some report counted was interrupted.
    public private(set) var anyInterrupted = false

    public init() {}

    public init(_ reports: [ProbeReport]) {
        for report in reports { add(report) }
    }

    public var isEmpty: Bool { count == 0 }

    /// The worst status counted (monitoring-plugins' order), UNKNOWN when nothing was.
    public var worst: ProbeStatus { statuses.keys.max() ?? .unknown }

    public var rttAvgMs: Double? { rttCount == 0 ? nil : rttSumMs / Double(rttCount) }

    public mutating func add(_ report: ProbeReport) {
        count += 1
        if report.statusCode != nil { answered += 1 }
        statuses[report.status, default: 0] += 1
        targets.insert(report.target)
        if let rtt = report.rttMs {
            rttMinMs = min(rttMinMs ?? rtt, rtt)
            rttMaxMs = max(rttMaxMs ?? rtt, rtt)
            rttSumMs += rtt
            rttCount += 1
        }
        if first == nil { first = report }
        last = report
        anyInterrupted = anyInterrupted || report.interrupted
    }

    /// Records that the run stopped after the last report (`ProbeReport.markedInterrupted()`): its status
    /// may rise to UNKNOWN. Returns the marked report.
    @discardableResult
    public mutating func markLastInterrupted() -> ProbeReport? {
        guard let last else { return nil }
        let marked = last.markedInterrupted()
        statuses[last.status, default: 1] -= 1
        if statuses[last.status] == 0 { statuses[last.status] = nil }
        statuses[marked.status, default: 0] += 1
        self.last = marked
        if count == 1 { first = marked }
        anyInterrupted = true
        return marked
    }
}
