import ArgumentParser
import Reporting

/// `--format text|json|junit|nagios|prometheus` of the commands that probe or check.
extension ReportFormat: ExpressibleByArgument {}
