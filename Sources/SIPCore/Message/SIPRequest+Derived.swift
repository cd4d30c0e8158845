/// Requests derived from an INVITE, each built the way RFC 3261 prescribes.
extension SIPRequest {
    /// The ACK a client transaction sends for a non-2xx final (§17.1.1.3): same Request-URI, Call-ID, From
    /// and CSeq number; To from the response (with its tag); only the INVITE's top Via, so the same branch.
    public func ackForNon2xx(_ response: SIPResponse) -> SIPRequest {
        var headers = SIPHeaders()
        if let via = self.headers.first("Via") { headers.add("Via", via) }
        headers.add("Max-Forwards", "70")
        copy(["From", "Call-ID"], into: &headers)
        headers.add("To", response.headers.first("To") ?? self.headers.first("To") ?? "")
        headers.add("CSeq", "\(cseq?.number ?? 1) ACK")
        for route in self.headers["Route"] { headers.add("Route", route) }
        return SIPRequest(method: "ACK", uri: uri, headers: headers)
    }

    /// The ACK for a 2xx (§13.2.2.4): a request of its own, new branch, to the remote target (the 2xx's
    /// Contact when it has one), CSeq number of the INVITE.
    public func ackFor2xx(_ response: SIPResponse, branch: String, via: Via) -> SIPRequest {
        var headers = SIPHeaders()
        var v = via
        v.parameters = v.parameters.filter { $0.name.lowercased() != "branch" } + [("branch", branch)]
        headers.add("Via", v.headerValue)
        headers.add("Max-Forwards", "70")
        copy(["From", "Call-ID"], into: &headers)
        headers.add("To", response.headers.first("To") ?? "")
        headers.add("CSeq", "\(cseq?.number ?? 1) ACK")
        return SIPRequest(method: "ACK", uri: response.remoteTarget ?? uri, headers: headers)
    }

    /// CANCEL for this INVITE (§9.1): same Request-URI, Call-ID, To, From, CSeq number and the same single
    /// Via (hence the same branch), so the server matches it to the INVITE's transaction.
    public func cancel() -> SIPRequest {
        var headers = SIPHeaders()
        if let via = self.headers.first("Via") { headers.add("Via", via) }
        headers.add("Max-Forwards", "70")
        copy(["From", "To", "Call-ID"], into: &headers)
        headers.add("CSeq", "\(cseq?.number ?? 1) CANCEL")
        for route in self.headers["Route"] { headers.add("Route", route) }
        return SIPRequest(method: "CANCEL", uri: uri, headers: headers)
    }

    /// BYE for the dialog a 2xx created (§15.1.1): new transaction, CSeq incremented, To with the tag.
    public func bye(after response: SIPResponse, branch: String, via: Via, cseq number: UInt32) -> SIPRequest {
        var headers = SIPHeaders()
        var v = via
        v.parameters = v.parameters.filter { $0.name.lowercased() != "branch" } + [("branch", branch)]
        headers.add("Via", v.headerValue)
        headers.add("Max-Forwards", "70")
        copy(["From", "Call-ID"], into: &headers)
        headers.add("To", response.headers.first("To") ?? "")
        headers.add("CSeq", "\(number) BYE")
        return SIPRequest(method: "BYE", uri: response.remoteTarget ?? uri, headers: headers)
    }

    private func copy(_ names: [String], into headers: inout SIPHeaders) {
        for name in names { if let v = self.headers.first(name) { headers.add(name, v) } }
    }
}

extension SIPResponse {
    /// The URI in the Contact of a response (`<sip:…>` or bare), the target of in-dialog requests.
    public var remoteTarget: String? {
        guard let contact = headers.first("Contact") else { return nil }
        if let open = contact.firstIndex(of: "<"), let close = contact.firstIndex(of: ">"), open < close {
            return String(contact[contact.index(after: open)..<close])
        }
        return contact.split(separator: ";").first.map { $0.trimmingWhitespace() }
    }
}
