import SIPCore

/// Answers 401/407 challenges for one probe, the same way for OPTIONS and INVITE (RFC 3261 §22.2–22.3,
/// RFC 8760): the first supported algorithm in the server's order, one try with credentials, and one
/// more only when the server says the nonce was stale (RFC 7616 §3.3). Records what it did, never the
/// password.
struct ChallengeAnswerer {
    private var authorizer: DigestAuthorizer?
    private(set) var facts: AuthFacts?
    /// True once a request carried credentials.
    private(set) var sentCredentials = false
    /// True when the first challenge came before any credentials were sent.
    private(set) var challengedBeforeCredentials = false
    private(set) var problems: [String] = []

    init(credentials: DigestCredentials?) {
        authorizer = credentials.map { DigestAuthorizer(credentials: $0) }
        facts = credentials.map { AuthFacts(username: $0.username, attemptsWithCredentials: 0, staleRetried: false) }
    }

    /// The header to add to the next request, or nil when the probe should stop here (no challenge, no
    /// credentials, challenged again without a stale nonce, or a challenge we cannot answer).
    mutating func answer(_ response: SIPResponse, method: String, uri: String) -> (name: String, value: String)? {
        guard let header = DigestChallenge.Header(statusCode: response.statusCode) else { return nil }
        if !sentCredentials { challengedBeforeCredentials = true }
        if facts == nil { facts = AuthFacts(attemptsWithCredentials: 0, staleRetried: false) }
        facts?.challengedWith = response.statusCode
        guard var current = authorizer else { return nil }
        let challenges = response.headers[header.rawValue]
        if sentCredentials {
            let stale = DigestChallenge.parseAll(challenges, header: header).challenges.contains { $0.stale }
            guard stale, facts?.staleRetried == false else { return nil }
            facts?.staleRetried = true
        }
        do {
            let digest = try current.authorize(challengeHeaders: challenges, header: header, method: method, uri: uri)
            authorizer = current
            sentCredentials = true
            facts?.realm = digest.realm
            facts?.algorithm = digest.algorithm.token
            facts?.qop = digest.qop
            facts?.attemptsWithCredentials += 1
            return (digest.headerName, digest.headerValue)
        } catch {
            problems.append("cannot answer the \(response.statusCode) challenge: \(error)")
            return nil
        }
    }
}
