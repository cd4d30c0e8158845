import Foundation
import Probes
import Prometheus
import SIPClient

/// Writes one probe's series in the Prometheus text format, from a registry made for this one answer (as
/// blackbox_exporter does), so a scrape only ever sees its own target. docs/exporter.md documents each series.
enum ProbeExposition {
    static func render(_ outcome: ProbeOutcome, cached: Bool, age: Duration) -> String {
        let registry = PrometheusCollectorRegistry()
        func gauge(_ name: String, _ help: String, _ value: Double, _ labels: [(String, String)] = []) {
            registry.makeGauge(descriptor: descriptor(name, help), labels: labels).set(value)
        }
        gauge("probe_success", "1 when the check's verdict is one the module expects, else 0.", outcome.success ? 1 : 0)
        gauge("probe_duration_seconds", "How long the probe took, in seconds.", outcome.duration.seconds)
        gauge("probe_timeout_seconds", "The deadline the probe had: the scrape timeout minus the offset, capped by the module's timeout.",
              outcome.timeout.seconds)
        gauge("probe_cached", "1 when this answer is the last result, kept because the module's min_interval had not passed; 0 for a fresh probe.",
              cached ? 1 : 0)
        gauge("probe_result_age_seconds", "Seconds since the probe that produced this answer finished (0 for a fresh probe).",
              cached ? age.seconds : 0)
        switch outcome.result {
        case .notRun:
            gauge("probe_concurrency_limited", "1 when no probe was sent because the exporter's concurrency limit left no slot before the deadline.", 1)
        case .single(let report):
            gauge("probe_concurrency_limited", "1 when no probe was sent because the exporter's concurrency limit left no slot before the deadline.", 0)
            write(report, leg: nil, into: registry)
        case .failover(let failover):
            gauge("probe_concurrency_limited", "1 when no probe was sent because the exporter's concurrency limit left no slot before the deadline.", 0)
            for verdict in FailoverVerdict.allCases {
                gauge("probe_sip_failover_verdict", "The fail-over verdict: 1 on the series whose verdict label is the result, 0 on the others.",
                      failover.verdict == verdict ? 1 : 0, [("verdict", verdict.rawValue)])
            }
            write(failover.primary, leg: "primary", into: registry)
            if let fallback = failover.fallback { write(fallback, leg: "fallback", into: registry) }
        }
        return registry.emitToString()
    }

    static func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    private static func write(_ report: ProbeReport, leg: String?, into registry: PrometheusCollectorRegistry) {
        let base: [(String, String)] = leg.map { [("leg", $0)] } ?? []
        func gauge(_ name: String, _ help: String, _ value: Double, _ labels: [(String, String)] = []) {
            registry.makeGauge(descriptor: descriptor(name, help), labels: base + labels).set(value)
        }
        gauge("probe_sip_status_code", "SIP status code of the final response (0 when none came).", Double(report.statusCode ?? 0))
        for verdict in Verdict.allCases {
            gauge("probe_sip_verdict", "The probe's verdict: 1 on the series whose verdict label is the result, 0 on the others.",
                  report.verdict == verdict ? 1 : 0, [("verdict", verdict.rawValue)])
        }
        gauge("probe_sip_exit_status", "The monitoring-plugins status of the result: 0 OK, 1 WARNING, 2 CRITICAL.", Double(report.status.rawValue))
        if let rtt = report.rttMs {
            gauge("probe_sip_rtt_seconds", "Round-trip time from the request to its final response, in seconds.", rtt / 1000)
        }
        if let dns = report.dnsMs {
            gauge("probe_dns_lookup_time_seconds", "Time spent locating the server (RFC 3263: NAPTR, SRV, A/AAAA), in seconds.", dns / 1000)
        }
        if let connect = report.connectMs {
            gauge("probe_sip_connect_seconds", "Time to open the TCP connection (and the TLS handshake), in seconds.", connect / 1000)
        }
        gauge("probe_sip_retransmissions", "Requests retransmitted before the final response (RFC 3261 Timer A/E).", Double(report.retransmissions))
        if let tls = report.tls {
            gauge("probe_tls_version_info", "The TLS version negotiated; the value is always 1.", 1, [("version", tls.protocolVersion)])
            if let notAfter = tls.peerCertificate?.notAfter, let date = ISO8601DateFormatter().date(from: notAfter) {
                gauge("probe_tls_certificate_expiry_timestamp_seconds", "notAfter of the server's certificate, as a Unix timestamp in seconds.",
                      date.timeIntervalSince1970)
            }
        }
    }
}

extension Duration {
    /// Seconds as a floating-point number, for exposition.
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
