/// SIPp UAS scenarios written for these tests (from RFC 3261's call flows, not copied from anywhere).
/// Each ends with the message a well-behaved probe must send; SIPp fails the call if it never comes.
enum SIPpScenarios {
    private static func response(_ code: Int, _ reason: String, cseq: String = "[last_CSeq:]", extra: String = "", body: String = "") -> String {
        """
        <send>
          <![CDATA[
        SIP/2.0 \(code) \(reason)
        [last_Via:]
        [last_From:]
        [last_To:];tag=[pid]SIPpTag01[call_number]
        [last_Call-ID:]
        \(cseq)
        \(extra)Content-Length: [len]

        \(body)
          ]]>
        </send>
        """
    }

    private static func wrap(_ name: String, _ body: String) -> String {
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\" ?>\n<scenario name=\"\(name)\">\n\(body)\n</scenario>\n"
    }

    /// 100, 180, then waits for CANCEL; answers 200 to it and 487 to the INVITE; waits for the ACK.
    static let ringThenCancel = wrap("ring-cancel", """
        <recv request="INVITE" />
        \(response(100, "Trying"))
        \(response(180, "Ringing"))
        <recv request="CANCEL" timeout="8000" />
        \(response(200, "OK"))
        \(response(487, "Request Terminated", cseq: "CSeq: 1 INVITE"))
        <recv request="ACK" timeout="8000" />
        """)

    /// 486 at once; waits for the ACK.
    static let busy = wrap("busy", """
        <recv request="INVITE" />
        \(response(486, "Busy Here"))
        <recv request="ACK" timeout="8000" />
        """)

    /// Answers 200 with an SDP answer; waits for the ACK, then for the BYE, which it answers.
    static let answer = wrap("answer", """
        <recv request="INVITE" />
        \(response(100, "Trying"))
        \(response(200, "OK", extra: "Contact: <sip:uas@[local_ip]:[local_port]>\nContent-Type: application/sdp\n",
                   body: "v=0\no=uas 1 1 IN IP4 [local_ip]\ns=-\nc=IN IP4 [local_ip]\nt=0 0\nm=audio 40000 RTP/AVP 0\na=rtpmap:0 PCMU/8000"))
        <recv request="ACK" timeout="8000" />
        <recv request="BYE" timeout="8000" />
        \(response(200, "OK"))
        """)

    /// Waits for an INVITE with credentials and checks them with verifyauth: 486 when right, 403 when
    /// wrong; then waits for the ACK either way.
    private static func verifiedThenBusy(user: String, password: String) -> String {
        """
        <recv request="INVITE" timeout="8000" check_it="true">
          <action>
            <verifyauth assign_to="authvalid" username="\(user)" password="\(password)" />
          </action>
        </recv>
        <nop hide="true" test="authvalid" next="good" />
        \(response(403, "Forbidden"))
        <recv request="ACK" timeout="8000" next="end" />
        <label id="good" />
        \(response(486, "Busy Here"))
        <recv request="ACK" timeout="8000" />
        <label id="end" />
        """
    }

    /// 401 with an MD5 qop=auth challenge; the retried INVITE is checked with verifyauth: 486 when the
    /// credentials are right, 403 when wrong. Waits for the ACK in both cases.
    static func digest(user: String, password: String) -> String {
        wrap("digest", """
            <recv request="INVITE" />
            \(response(401, "Unauthorized", extra: "WWW-Authenticate: Digest realm=\"sipp.test\", nonce=\"8d2b9a7c[call_number]\", qop=\"auth\", algorithm=MD5, opaque=\"op4que\"\n"))
            <recv request="ACK" timeout="8000" />
            \(verifiedThenBusy(user: user, password: password))
            """)
    }

    /// 401, then a second 401 with `stale=true` and a new nonce after the first credentials (RFC 7616 §3.3),
    /// then verifyauth on the third INVITE: 486 when right. Fails unless the probe retries exactly once.
    static func staleNonce(user: String, password: String) -> String {
        wrap("stale", """
            <recv request="INVITE" />
            \(response(401, "Unauthorized", extra: "WWW-Authenticate: Digest realm=\"sipp.test\", nonce=\"first[call_number]\", qop=\"auth\", algorithm=MD5\n"))
            <recv request="ACK" timeout="8000" />
            <recv request="INVITE" timeout="8000" />
            \(response(401, "Unauthorized", extra: "WWW-Authenticate: Digest realm=\"sipp.test\", nonce=\"second[call_number]\", qop=\"auth\", algorithm=MD5, stale=true\n"))
            <recv request="ACK" timeout="8000" />
            \(verifiedThenBusy(user: user, password: password))
            """)
    }
}
