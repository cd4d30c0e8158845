import Probes

/// One suite file's results, in the suite's order: the unit JUnit makes a `<testsuite>` of.
public struct SuiteResults: Sendable {
    public var file: String
    public var results: [CheckResult]

    public init(file: String, results: [CheckResult]) {
        self.file = file
        self.results = results
    }
}
