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

    private static let okBody = "v=0\no=uas 1 1 IN IP4 [local_ip]\ns=-\nc=IN IP4 [local_ip]\nt=0 0\nm=audio 40000 RTP/AVP 0\na=rtpmap:0 PCMU/8000"
    private static let contact = "Contact: <sip:uas@[local_ip]:[local_port]>\nContent-Type: application/sdp\n"

    /// 100 only, then waits: the INVITE stays in Proceeding (no CANCEL before the probe's deadline) until
    /// the probe is interrupted; then CANCEL → 200, 487 → ACK. Fails unless the interrupted probe CANCELs.
    static let proceedingUntilCancel = wrap("proceeding-cancel", """
        <recv request="INVITE" />
        \(response(100, "Trying"))
        <recv request="CANCEL" timeout="15000" />
        \(response(200, "OK"))
        \(response(487, "Request Terminated", cseq: "CSeq: 1 INVITE"))
        <recv request="ACK" timeout="8000" />
        """)

    /// 100, then a CANCEL answered 200 but the INVITE answered 200 too (the 2xx won the race, RFC 3261
    /// §9.1): the call is up, and the scenario fails unless the probe ACKs and BYEs it.
    static let cancelRacedByAnswer = wrap("cancel-race", """
        <recv request="INVITE" />
        \(response(100, "Trying"))
        <recv request="CANCEL" timeout="15000" />
        \(response(200, "OK"))
        \(response(200, "OK", cseq: "CSeq: 1 INVITE", extra: contact, body: okBody))
        <recv request="ACK" timeout="8000" />
        <recv request="BYE" timeout="8000" />
        \(response(200, "OK"))
        """)

    /// 100, then no answer to the CANCEL at all: the interrupted probe waits its short grace for a 487.
    static let cancelIgnored = wrap("cancel-ignored", """
        <recv request="INVITE" />
        \(response(100, "Trying"))
        <recv request="CANCEL" timeout="15000" />
        <pause milliseconds="3000" />
        """)

    /// No provisional; the 200 comes `delay` ms after the INVITE (use over TCP: no retransmissions). An
    /// interrupted probe may not CANCEL (nothing to cancel yet, §9.1) but must ACK and BYE the late 2xx.
    static func lateAnswer(delay: Int) -> String {
        wrap("late-answer", """
            <recv request="INVITE" />
            <pause milliseconds="\(delay)" />
            \(response(200, "OK", extra: contact, body: okBody))
            <recv request="ACK" timeout="8000" />
            <recv request="BYE" timeout="8000" />
            \(response(200, "OK"))
            """)
    }

    /// 200 with a Contact, then the BYE answered with `byeAnswer` (e.g. 481), or not answered when nil
    /// (SIPp then stays up 2 s, so the BYE meets silence, not a closed port).
    static func answerThenBye(_ byeAnswer: (Int, String)?) -> String {
        wrap("bye-fails", """
            <recv request="INVITE" />
            \(response(100, "Trying"))
            \(response(200, "OK", extra: contact, body: okBody))
            <recv request="ACK" timeout="8000" />
            <recv request="BYE" timeout="8000" />
            \(byeAnswer.map { response($0.0, $0.1) } ?? "<pause milliseconds=\"2000\" />")
            """)
    }

    /// 200 without a Contact (RFC 3261 §12.1.2 requires one): the probe still ACKs and BYEs over the same
    /// connection, to the Request-URI.
    static let answerWithoutContact = wrap("no-contact", """
        <recv request="INVITE" />
        \(response(100, "Trying"))
        \(response(200, "OK", extra: "Content-Type: application/sdp\n", body: okBody))
        <recv request="ACK" timeout="8000" />
        <recv request="BYE" timeout="8000" />
        \(response(200, "OK"))
        """)

    /// A 401 with the given WWW-Authenticate value; for INVITE waits for the ACK of the 401.
    static func unanswerableChallenge(_ challenge: String, method: String = "INVITE") -> String {
        wrap("unanswerable", """
            <recv request="\(method)" />
            \(response(401, "Unauthorized", extra: "WWW-Authenticate: \(challenge)\n"))
            \(method == "INVITE" ? "<recv request=\"ACK\" timeout=\"8000\" />" : "")
            """)
    }

    /// 401, then stale=true with a new nonce to every answer: a loop no client can leave.
    static let endlessStale = wrap("endless-stale", """
        <recv request="INVITE" />
        \(response(401, "Unauthorized", extra: "WWW-Authenticate: Digest realm=\"sipp.test\", nonce=\"first[call_number]\", qop=\"auth\", algorithm=MD5\n"))
        <recv request="ACK" timeout="8000" />
        <recv request="INVITE" timeout="8000" />
        \(response(401, "Unauthorized", extra: "WWW-Authenticate: Digest realm=\"sipp.test\", nonce=\"second[call_number]\", qop=\"auth\", algorithm=MD5, stale=true\n"))
        <recv request="ACK" timeout="8000" />
        <recv request="INVITE" timeout="8000" />
        \(response(401, "Unauthorized", extra: "WWW-Authenticate: Digest realm=\"sipp.test\", nonce=\"third[call_number]\", qop=\"auth\", algorithm=MD5, stale=true\n"))
        <recv request="ACK" timeout="8000" />
        """)
}
