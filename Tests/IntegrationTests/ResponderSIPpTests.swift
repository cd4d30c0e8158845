import Foundation
import TestSupport
import Testing

/// SIPp as the UAC, so the responder is checked against a third-party SIP stack: the CANCEL flow of
/// RFC 3261 §9 (180 → CANCEL → 200 + 487 → ACK), the built-in `uac` call (INVITE → 200 → ACK → BYE → 200),
/// and SIPp's own digest answer to a 407 (MD5, `[authentication]`).
@Suite(.needsSIPp) struct ResponderSIPpTests {
    static let cancelScenario = #"""
<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="invite-180-cancel-487">
  <send retrans="500">
    <![CDATA[
      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
      From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 INVITE
      Contact: sip:sipp@[local_ip]:[local_port]
      Max-Forwards: 70
      Content-Type: application/sdp
      Content-Length: [len]

      v=0
      o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
      s=-
      c=IN IP[media_ip_type] [media_ip]
      t=0 0
      m=audio [media_port] RTP/AVP 0
      a=rtpmap:0 PCMU/8000
    ]]>
  </send>
  <recv response="100" optional="true"/>
  <recv response="180"/>
  <send>
    <![CDATA[
      CANCEL sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch-3];rport
      From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 CANCEL
      Max-Forwards: 70
      Content-Length: 0

    ]]>
  </send>
  <recv response="200"/>
  <recv response="487"/>
  <send>
    <![CDATA[
      ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch-6];rport
      From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 1 ACK
      Max-Forwards: 70
      Content-Length: 0

    ]]>
  </send>
</scenario>
"""#

    static let authScenario = #"""
<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="invite-auth-486">
  <send retrans="500">
    <![CDATA[
      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
      From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 INVITE
      Contact: sip:sipp@[local_ip]:[local_port]
      Max-Forwards: 70
      Content-Length: 0

    ]]>
  </send>
  <recv response="407" auth="true"/>
  <send>
    <![CDATA[
      ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch-2];rport
      From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 1 ACK
      Max-Forwards: 70
      Content-Length: 0

    ]]>
  </send>
  <send retrans="500">
    <![CDATA[
      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
      From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 2 INVITE
      Contact: sip:sipp@[local_ip]:[local_port]
      [authentication username=alice]
      Max-Forwards: 70
      Content-Length: 0

    ]]>
  </send>
  <recv response="486"/>
  <send>
    <![CDATA[
      ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch-2];rport
      From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 2 ACK
      Max-Forwards: 70
      Content-Length: 0

    ]]>
  </send>
</scenario>
"""#

    func responder(_ args: [String], environment: [String: String] = [:]) async throws -> (PeerProcess, Int) {
        try await ResponderProcess.start(args, environment: environment)
    }

    /// Runs one SIPp call in its own directory (SIPp writes its logs to the working directory).
    func sipp(_ arguments: [String], scenario: String?, port: Int) async throws -> CommandRun {
        let sipp = try #require(Peers.sipp)
        let dir = try PeerProcess.makeTemporaryDirectory(prefix: "sipp")
        defer { try? FileManager.default.removeItem(at: dir) }
        var args = ["-C", dir.path, sipp]
        if let scenario {
            let file = dir.appendingPathComponent("scenario.xml")
            try scenario.write(to: file, atomically: true, encoding: .utf8)
            args += ["-sf", file.path]
        }
        args += arguments + ["-m", "1", "-s", "100", "-i", "127.0.0.1", "-p", String(FreePort.udp()), "-timeout", "10",
                             "-timeout_error", "-nostdin", "127.0.0.1:\(port)"]
        return try await CommandRun.run("/usr/bin/env", args, timeout: 30)
    }

    @Test("SIPp: INVITE → 180 → CANCEL → 200 + 487 → ACK against --invite 180-then-486")
    func cancelFlow() async throws {
        let (peer, port) = try await responder(["--invite", "180-then-486", "--ring-ms", "3000"])
        defer { peer.stop() }
        let run = try await sipp([], scenario: Self.cancelScenario, port: port)
        #expect(run.status == 0, "sipp: \(run.stdout.suffix(800)) responder: \(peer.log)")
        #expect(peer.log.contains("CANCEL from") && peer.log.contains("→ 200+487"))
    }

    @Test("SIPp uac: INVITE → 200 (SDP) → ACK → BYE → 200 against --invite 200")
    func answeredCall() async throws {
        let (peer, port) = try await responder(["--invite", "200"])
        defer { peer.stop() }
        let run = try await sipp(["-sn", "uac", "-d", "100"], scenario: nil, port: port)
        #expect(run.status == 0, "sipp: \(run.stdout.suffix(800)) responder: \(peer.log)")
        #expect(peer.log.contains("BYE from") && peer.log.contains("→ 200"))
    }

    @Test("SIPp answers the 407 with MD5: right password → 486, wrong → 403 (sipp exit 1)")
    func digestBySIPp() async throws {
        let (peer, port) = try await responder(["--auth", "alice", "--password-env", "RESPONDER_PW", "--challenge", "407"],
                                               environment: ["RESPONDER_PW": "sipp-secret"])
        defer { peer.stop() }
        let right = try await sipp(["-au", "alice", "-ap", "sipp-secret"], scenario: Self.authScenario, port: port)
        #expect(right.status == 0, "sipp: \(right.stdout.suffix(800)) responder: \(peer.log)")
        let wrong = try await sipp(["-au", "alice", "-ap", "not-the-password"], scenario: Self.authScenario, port: port)
        #expect(wrong.status == 1)
        #expect(peer.log.contains("→ 403 (credentials rejected"))
        #expect(!peer.log.contains("sipp-secret"))
    }
}
