import Foundation
import Logging
import Probes
import Provisioning
import SIPClient
import SIPCore
import Testing
import TestSupport
import Workflows

/// `SmokeWorkflow` in-process against the sandbox over real HTTP and an in-process responder standing in for the
/// platform's origination URIs: `trace` keeps every probe's SIP messages, and `traceReports` labels them for stderr.
@Suite("smoke workflow: traces")
struct SmokeWorkflowTraceTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    @Test("with trace, every probe report of every check carries its messages; without, none does")
    func traces() async throws {
        let responder = SIPResponder(behaviour: ResponderBehaviour(invite: .provisionalThenFinal(provisional: 180, final: 486)),
                                     logger: Self.logger)
        let bound = try await responder.start([.init(transport: .udp, host: "127.0.0.1", port: 0)])
        defer { Task { await responder.stop() } }
        let uri = "127.0.0.1:\(bound[0].port);transport=udp"
        let plan = try ProvisioningPlan(yaml: """
            version: 1
            platform: livekit
            uris:
              - name: trace-primary
                uri: "\(uri)"
              - name: trace-fallback
                uri: "\(uri)"
            trunks:
              - name: trace-in
                direction: inbound
                primary_uri: trace-primary
                fallback_uri: trace-fallback
            """)
        try await SandboxHarness.with { harness in
            let workflow = SmokeWorkflow(client: harness.client(), logger: Self.logger)
            let settings = ProbeSettings(target: try ProbeTarget(parsing: "127.0.0.1"), timeout: .seconds(3))
            var options = SmokeWorkflow.Options(number: "14155550100", probe: settings, environment: [:])
            options.trace = true
            let traced = try await workflow.run(plan, planName: "trace.yaml", options: options)
            #expect(traced.checks.count == 3, "\(traced.checks.map(\.name))")  // fail-over + LiveKit's INVITE to each URI
            let labelled = traced.checks.flatMap(\.traceReports)
            #expect(labelled.map(\.label) == ["inbound trace-in (primary)", "inbound trace-in (fallback)",
                                              "inbound trace-in primary", "inbound trace-in fallback"])
            for (label, report) in labelled {
                let trace = try #require(report.trace, "\(label)")
                #expect(trace.first?.direction == "sent" && trace.contains { $0.direction == "received" }, "\(label)")
                #expect(trace.first?.text.hasPrefix("\(report.check.uppercased()) sip:") == true, "\(label)")
            }
            // LiveKit's INVITE rang and was cancelled: the CANCEL is in the trace, and the check passed.
            let invite = try #require(labelled.first { $0.label == "inbound trace-in primary" }?.report)
            #expect(invite.trace?.contains { $0.text.hasPrefix("CANCEL ") } == true)
            #expect(traced.checks.allSatisfy { $0.passed }, "\(traced.checks.map { ($0.name, $0.verdict, $0.explanation) })")

            options.trace = false
            let plain = try await workflow.run(plan, planName: "trace.yaml", options: options)
            #expect(plain.checks.flatMap(\.traceReports).allSatisfy { $0.report.trace == nil })
        }
    }
}
