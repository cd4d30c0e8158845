import SIPCore

/// Answers 401/407 challenges for one probe, the same way for OPTIONS and INVITE (RFC 3261 §22.2–22.3,
/// RFC 8760): the first supported algorithm in the server's order, one try with credentials, and one
/// more only when the server says the nonce was stale (RFC 7616 §3.3). Records what it did, never the
/// password.
struct ChallengeAnswerer {
    /// Why a challenge could not be answered although credentials were given: the credentials were never
    /// tested, which the probe reports as `auth_unsupported` rather than `reachable`.
    struct Unanswerable: Equatable {
        /// One clause for the explanation ("the server offers only Basic, …").
        var reason: String
        /// What to change so the credentials can be tested.
        var hint: String
    }

    private var authorizer: DigestAuthorizer?
    private(set) var facts: AuthFacts?
    /// True once a request carried credentials.
    private(set) var sentCredentials = false
    /// True when the first challenge came before any credentials were sent.
    private(set) var challengedBeforeCredentials = false
    private(set) var problems: [String] = []
    /// Set when credentials were given and the last challenge could not be answered.
    private(set) var unanswerable: Unanswerable?

    init(credentials: DigestCredentials?) {
        authorizer = credentials.map { DigestAuthorizer(credentials: $0) }
        facts = credentials.map { AuthFacts(username: $0.username, attemptsWithCredentials: 0, staleRetried: false) }
    }

    /// The header to add to the next request, or nil when the probe should stop here (no challenge, no
    /// credentials, challenged again without a stale nonce, or a challenge we cannot answer; the last sets
    /// `unanswerable`).
    mutating func answer(_ response: SIPResponse, method: String, uri: String) -> (name: String, value: String)? {
        guard let header = DigestChallenge.Header(statusCode: response.statusCode) else { return nil }
        if !sentCredentials { challengedBeforeCredentials = true }
        if facts == nil { facts = AuthFacts(attemptsWithCredentials: 0, staleRetried: false) }
        facts?.challengedWith = response.statusCode
        guard var current = authorizer else { return nil }
        let challenges = response.headers[header.rawValue]
        if sentCredentials {
            let stale = DigestChallenge.parseAll(challenges, header: header).challenges.contains { $0.stale }
            guard stale else { return nil }  // challenged again: the credentials were rejected
            guard facts?.staleRetried == false else {
                // RFC 7616 §3.3: stale=true means "retry with the new nonce"; saying it again to that retry
                // is a loop no client can leave, and says nothing about the credentials.
                fail(Unanswerable(
                    reason: "the server answered stale=true again after the retry with its new nonce (an endless stale-nonce loop)",
                    hint: "the server rejects every nonce it issues: check its nonce lifetime, clock and nonce checks (e.g. a cluster whose nodes do not share nonce secrets)"),
                     status: response.statusCode)
                return nil
            }
            facts?.staleRetried = true
        }
        do throws(DigestError) {
            let digest = try current.authorize(challengeHeaders: challenges, header: header, method: method, uri: uri)
            authorizer = current
            sentCredentials = true
            facts?.realm = digest.realm
            facts?.algorithm = digest.algorithm.token
            facts?.qop = digest.qop
            facts?.attemptsWithCredentials += 1
            return (digest.headerName, digest.headerValue)
        } catch {
            fail(Self.unanswerable(error, headerName: header.rawValue, headerValues: challenges), status: response.statusCode)
            return nil
        }
    }

    private mutating func fail(_ why: Unanswerable, status: Int) {
        unanswerable = why
        facts?.unsupportedReason = why.reason
        problems.append("cannot answer the \(status) challenge: \(why.reason)")
    }

    /// Says why, in the operator's terms, none of the challenges could be answered.
    static func unanswerable(_ error: DigestError, headerName: String, headerValues: [String]) -> Unanswerable {
        let supported = "trunkprobe answers Digest with MD5, SHA-256 or SHA-512-256 (and their -sess variants) and qop=auth or no qop"
        switch error {
        case .noUsableChallenge(let reasons) where reasons.isEmpty:
            // No Digest challenge at all: another scheme, or no header.
            let schemes = DigestChallenge.schemes(in: headerValues)
            if schemes.isEmpty {
                return Unanswerable(reason: "the challenge carries no \(headerName) header (RFC 3261 §22.2 requires one)",
                                    hint: "the server must send a Digest challenge with its 401/407; check its authentication configuration")
            }
            return Unanswerable(
                reason: "the server offers only \(schemes.joined(separator: ", ")) authentication, not Digest (RFC 3261 §22.1 forbids Basic in SIP)",
                hint: "configure the server to challenge with Digest; \(supported)")
        case .noUsableChallenge(let reasons) where reasons.count == 1:
            return unanswerable(reasons[0], headerName: headerName, headerValues: headerValues)
        case .notDigest(let scheme):
            return Unanswerable(
                reason: "the server offers only \(scheme.isEmpty ? "an unnamed scheme" : scheme) authentication, not Digest (RFC 3261 §22.1 forbids Basic in SIP)",
                hint: "configure the server to challenge with Digest; \(supported)")
        case .unsupportedAlgorithm(let token):
            return Unanswerable(reason: "the challenge asks for Digest algorithm '\(token)', which trunkprobe does not implement",
                                hint: "offer MD5, SHA-256 or SHA-512-256 as well (RFC 8760 §2.4: the client takes the first one it supports)")
        case .unsupportedQop(let qops):
            return Unanswerable(reason: "the challenge offers only qop=\(qops.joined(separator: ",")); trunkprobe implements qop=auth, not auth-int",
                                hint: "offer qop=\"auth\" (or \"auth,auth-int\") in the challenge")
        case .missingParameter(let name):
            return Unanswerable(reason: "the Digest challenge has no \(name) (RFC 7616 §3.3 requires realm and nonce)",
                                hint: "the server's challenge is malformed; check its authentication configuration")
        default:
            return Unanswerable(reason: "the challenge cannot be answered: \(error)",
                                hint: "the server's challenge is not usable; \(supported)")
        }
    }
}
