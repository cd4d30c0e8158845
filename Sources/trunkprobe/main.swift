import ArgumentParser
import Foundation

// Exit codes are the monitoring-plugins ones: argument-parser's own usage errors (64) and stray
// errors (1) are mapped to 3 (UNKNOWN) here; --help and --version still exit 0.
MallocArenas.limitToOne()
await EntryPoint.run(arguments: Array(CommandLine.arguments.dropFirst()))
