import Testing
@testable import SIPClient
import SIPCore

/// Hand-assembled DNS responses (RFC 1035 §4.1) for the decoder.
struct PacketBuilder {
    var bytes: [UInt8] = []
    mutating func u16(_ v: Int) { bytes += [UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }
    mutating func u32(_ v: Int) { u16(v >> 16); u16(v & 0xFFFF) }
    mutating func labels(_ name: String, end: Bool = true) {
        for l in name.split(separator: ".") { bytes.append(UInt8(l.utf8.count)); bytes += Array(l.utf8) }
        if end { bytes.append(0) }
    }
    mutating func pointer(_ offset: Int) { bytes += [UInt8(0xC0 | (offset >> 8)), UInt8(offset & 0xFF)] }
    mutating func header(id: Int = 0xBEEF, flags: Int = 0x8180, qd: Int = 1, an: Int, ns: Int = 0, ar: Int = 0) {
        u16(id); u16(flags); u16(qd); u16(an); u16(ns); u16(ar)
    }
    mutating func charString(_ s: String) { bytes.append(UInt8(s.utf8.count)); bytes += Array(s.utf8) }
    /// Appends an RR header with a placeholder RDLENGTH, runs `rdata`, then patches the length.
    mutating func rr(ownerPointer: Int, type: Int, ttl: Int, rdata: (inout PacketBuilder) -> Void) {
        pointer(ownerPointer); u16(type); u16(1); u32(ttl)
        let lenAt = bytes.count
        u16(0)
        let start = bytes.count
        rdata(&self)
        let n = bytes.count - start
        bytes[lenAt] = UInt8(n >> 8); bytes[lenAt + 1] = UInt8(n & 0xFF)
    }
}

@Suite struct ResolverDNSMessageTests {
    @Test("Query encoding: header, RD, question, EDNS(0) OPT with 1232 octets")
    func encodeQuery() throws {
        let q = try DNSMessage.query(id: 0xABCD, name: "_sip._udp.example.com.", type: .srv)
        let expected: [UInt8] = [0xAB, 0xCD, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 1]
            + [4] + Array("_sip".utf8) + [4] + Array("_udp".utf8) + [7] + Array("example".utf8) + [3] + Array("com".utf8) + [0]
            + [0, 33, 0, 1]
            + [0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0]
        #expect(q == expected)
        let plain = try DNSMessage.query(id: 1, name: "a.b", type: .naptr, edns: false)
        #expect(plain.count == 12 + 5 + 4 && plain[11] == 0)
        // Round trip through the decoder.
        let m = try DNSMessage(decoding: q)
        #expect(m.id == 0xABCD && !m.isResponse && m.questions == [.init(name: "_sip._udp.example.com", type: 33)])
        #expect(m.additionalCount == 1)
    }

    @Test("Names that cannot be encoded are refused", arguments: [
        String(repeating: "a", count: 64) + ".com", "a..b", ".a",
        Array(repeating: String(repeating: "x", count: 60), count: 5).joined(separator: "."),
    ])
    func badNames(_ name: String) {
        #expect(throws: DNSWireError.self) { try DNSMessage.query(id: 1, name: name, type: .a) }
    }

    /// NAPTR + SRV + CNAME + A + AAAA, names compressed against the question and against each other.
    static func richResponse() -> [UInt8] {
        var p = PacketBuilder()
        p.header(an: 5)
        let qname = p.bytes.count                    // 12
        p.labels("example.com")
        p.u16(35); p.u16(1)
        let comOffset = qname + 8                    // "com" label inside "example.com"
        // NAPTR example.com: 10 20 "S" "SIP+D2U" "" _sip._udp.example.com (replacement compressed).
        p.rr(ownerPointer: qname, type: 35, ttl: 3600) { b in
            b.u16(10); b.u16(20); b.charString("S"); b.charString("SIP+D2U"); b.charString("")
            b.labels("_sip._udp", end: false); b.pointer(qname)
        }
        // SRV for the replacement: owner "_sip._udp" + pointer, target sip1.example.com.
        let srvOwner = p.bytes.count
        p.labels("_sip._udp", end: false); p.pointer(qname)
        p.u16(33); p.u16(1); p.u32(600)
        let lenAt = p.bytes.count
        p.u16(0)
        let start = p.bytes.count
        p.u16(1); p.u16(50); p.u16(5070)
        let sip1 = p.bytes.count
        p.labels("sip1", end: false); p.pointer(qname)
        let n = p.bytes.count - start
        p.bytes[lenAt] = UInt8(n >> 8); p.bytes[lenAt + 1] = UInt8(n & 0xFF)
        _ = srvOwner
        // CNAME sip1.example.com → real.com (pointer to "com").
        var realOffset = 0
        p.rr(ownerPointer: sip1, type: 5, ttl: 60) { b in realOffset = b.bytes.count; b.labels("real", end: false); b.pointer(comOffset) }
        // A and AAAA for real.com.
        p.rr(ownerPointer: realOffset, type: 1, ttl: 30) { b in b.bytes += [192, 0, 2, 7] }
        p.rr(ownerPointer: realOffset, type: 28, ttl: 31) { b in b.bytes += [0x20, 0x01, 0x0d, 0xb8] + Array(repeating: 0, count: 11) + [1] }
        return p.bytes
    }

    @Test("Decodes NAPTR, SRV, CNAME, A and AAAA with compression pointers")
    func decodeRich() throws {
        let m = try DNSMessage(decoding: Self.richResponse())
        #expect(m.id == 0xBEEF && m.isResponse && m.rcode == 0 && !m.isTruncated)
        #expect(m.questions == [.init(name: "example.com", type: 35)])
        #expect(m.answers.count == 5)
        #expect(m.answers[0].data == .naptr(NAPTRRecord(order: 10, preference: 20, flags: "S", service: "SIP+D2U", regexp: "",
                                                        replacement: "_sip._udp.example.com", ttl: 3600)))
        #expect(m.answers[1].name == "_sip._udp.example.com")
        #expect(m.answers[1].data == .srv(SRVRecord(priority: 1, weight: 50, port: 5070, target: "sip1.example.com", ttl: 600)))
        #expect(m.answers[2].name == "sip1.example.com" && m.answers[2].data == .cname("real.com"))
        #expect(m.answers[3].name == "real.com" && m.answers[3].data == .a("192.0.2.7") && m.answers[3].ttl == 30)
        #expect(m.answers[4].data == .aaaa("2001:db8::1"))
    }

    @Test("Every truncation of a valid response is a typed error, never a crash")
    func truncations() throws {
        let full = Self.richResponse()
        for n in 0..<full.count {
            #expect(throws: DNSWireError.self) { try DNSMessage(decoding: Array(full.prefix(n))) }
        }
    }

    @Test("Compression loops and forward pointers are refused")
    func loops() {
        var selfLoop = PacketBuilder()
        selfLoop.header(an: 0)
        selfLoop.pointer(12)                          // the question name points at itself
        selfLoop.u16(1); selfLoop.u16(1)
        #expect(throws: DNSWireError.compressionLoop(at: 12)) { try DNSMessage(decoding: selfLoop.bytes) }

        var forward = PacketBuilder()
        forward.header(an: 0)
        forward.labels("a", end: false); forward.pointer(20)   // points forward
        forward.u16(1); forward.u16(1); forward.labels("b")
        #expect(throws: DNSWireError.self) { try DNSMessage(decoding: forward.bytes) }

        var pingPong = PacketBuilder()
        pingPong.header(qd: 2, an: 0)
        pingPong.labels("x", end: false); pingPong.pointer(18)   // 12: "x" then → 18
        pingPong.u16(1); pingPong.u16(1)
        pingPong.pointer(12)                                      // 20: → 12 → 18 → …
        pingPong.u16(1); pingPong.u16(1)
        #expect(throws: DNSWireError.self) { try DNSMessage(decoding: pingPong.bytes) }
    }

    @Test("Reserved label types, RDATA length mismatches and over-long names are refused")
    func otherMalformations() {
        var badLabel = PacketBuilder()
        badLabel.header(an: 0)
        badLabel.bytes += [0x41, 0x61, 0]
        badLabel.u16(1); badLabel.u16(1)
        #expect(throws: DNSWireError.badLabelType(0x41, at: 12)) { try DNSMessage(decoding: badLabel.bytes) }

        var shortA = PacketBuilder()
        shortA.header(an: 1)
        shortA.labels("a.test"); shortA.u16(1); shortA.u16(1)
        shortA.rr(ownerPointer: 12, type: 1, ttl: 1) { $0.bytes += [1, 2, 3] }
        #expect(throws: DNSWireError.rdataLengthMismatch(type: 1, expected: 4, actual: 3)) { try DNSMessage(decoding: shortA.bytes) }

        // SRV whose target runs past RDLENGTH.
        var srvOverrun = PacketBuilder()
        srvOverrun.header(an: 1)
        srvOverrun.labels("a.test"); srvOverrun.u16(33); srvOverrun.u16(1)
        srvOverrun.pointer(12); srvOverrun.u16(33); srvOverrun.u16(1); srvOverrun.u32(1)
        srvOverrun.u16(7)                                  // claims 7 octets
        srvOverrun.u16(1); srvOverrun.u16(1); srvOverrun.u16(1); srvOverrun.labels("target")
        #expect(throws: DNSWireError.self) { try DNSMessage(decoding: srvOverrun.bytes) }

        var long = PacketBuilder()
        long.header(an: 0)
        for _ in 0..<5 { long.bytes.append(60); long.bytes += Array(repeating: 0x61, count: 60) }
        long.bytes.append(0); long.u16(1); long.u16(1)
        #expect(throws: DNSWireError.self) { try DNSMessage(decoding: long.bytes) }
    }

    @Test("Random bytes and bit-flipped responses never crash the decoder")
    func fuzz() {
        var state: UInt64 = 0x1234_5678
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state >> 33 }
        let base = Self.richResponse()
        for _ in 0..<5000 {
            var b = base
            for _ in 0..<(1 + Int(next() % 4)) { b[Int(next() % UInt64(b.count))] = UInt8(truncatingIfNeeded: next()) }
            _ = try? DNSMessage(decoding: b)
            let random = (0..<Int(next() % 80)).map { _ in UInt8(truncatingIfNeeded: next()) }
            _ = try? DNSMessage(decoding: random)
        }
    }

    // MARK: interpretation

    static func response(flags: Int, qname: String = "a.test", qtype: Int = 1, answers: [(String, Int, [UInt8])] = []) -> DNSMessage {
        var p = PacketBuilder()
        p.header(flags: flags, an: answers.count)
        p.labels(qname); p.u16(qtype); p.u16(1)
        for (owner, type, rdata) in answers {
            p.labels(owner); p.u16(type); p.u16(1); p.u32(100); p.u16(rdata.count); p.bytes += rdata
        }
        return try! DNSMessage(decoding: p.bytes)
    }

    @Test("Response checks: QR, question, TC, RCODE; CNAMEs followed within the answer")
    func interpret() throws {
        let s = "127.0.0.1:53"
        #expect(throws: DNSError.self) { try NIODNSLookup.interpret(Self.response(flags: 0x0100), name: "a.test", type: .a, server: s) }
        #expect(throws: DNSError.self) { try NIODNSLookup.interpret(Self.response(flags: 0x8180, qname: "b.test"), name: "a.test", type: .a, server: s) }
        #expect(throws: DNSError.self) { try NIODNSLookup.interpret(Self.response(flags: 0x8180, qtype: 28), name: "a.test", type: .a, server: s) }
        #expect(throws: DNSError.truncated(name: "a.test", type: "A", server: s)) {
            try NIODNSLookup.interpret(Self.response(flags: 0x8380), name: "a.test", type: .a, server: s)
        }
        #expect(throws: DNSError.serverFailure(name: "a.test", type: "A", server: s, rcode: 2)) {
            try NIODNSLookup.interpret(Self.response(flags: 0x8182), name: "a.test", type: .a, server: s)
        }
        #expect(try NIODNSLookup.interpret(Self.response(flags: 0x8183), name: "a.test", type: .a, server: s) == nil)
        #expect(try NIODNSLookup.interpret(Self.response(flags: 0x8180), name: "A.TEST.", type: .a, server: s)?.isEmpty == true)

        var cname: [UInt8] = []
        for l in ["b", "test"] { cname.append(UInt8(l.count)); cname += Array(l.utf8) }
        cname.append(0)
        let withAlias = Self.response(flags: 0x8180, answers: [("a.test", 5, cname), ("b.test", 1, [10, 0, 0, 1]), ("c.test", 1, [10, 0, 0, 2])])
        let got = try NIODNSLookup.interpret(withAlias, name: "a.test", type: .a, server: s)
        #expect(got?.map(\.data) == [.a("10.0.0.1")])
    }

    // MARK: server address

    @Test("--dns-server parsing and resolv.conf")
    func serverAddress() throws {
        #expect(try DNSServerAddress(parsing: "127.0.0.1") == .init(host: "127.0.0.1", port: 53))
        #expect(try DNSServerAddress(parsing: "127.0.0.1:5353") == .init(host: "127.0.0.1", port: 5353))
        #expect(try DNSServerAddress(parsing: "::1") == .init(host: "::1", port: 53))
        #expect(try DNSServerAddress(parsing: "[::1]:5353") == .init(host: "::1", port: 5353))
        #expect(try DNSServerAddress(parsing: "[2001:db8::53]").description == "[2001:db8::53]:53")
        for bad in ["dns.example.com", "1.2.3.4:0", "1.2.3.4:x", "[::1", "[::1]x", ""] {
            #expect(throws: DNSServerAddress.ParseError.self) { try DNSServerAddress(parsing: bad) }
        }
        let conf = """
            # comment
            search example.com
            nameserver fe80::1%eth0
            nameserver 10.0.0.53
            """
        #expect(try DNSServerAddress.fromResolvConf(contents: conf) == .init(host: "fe80::1", port: 53))
        #expect(throws: DNSServerAddress.ParseError.self) { try DNSServerAddress.fromResolvConf(contents: "search x\n") }
        #expect(throws: DNSServerAddress.ParseError.self) { try DNSServerAddress.fromResolvConf(path: "/nonexistent/resolv.conf") }
    }
}
