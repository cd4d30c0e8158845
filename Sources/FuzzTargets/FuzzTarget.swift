import ConfigFiles
import NIOCore
import NIOEmbedded
import Probes
import Provisioning
import SIPClient
import SIPCore

/// The parsers that meet untrusted bytes, each as one entry function that libFuzzer drives
/// (`trunkprobe-fuzz`, built by `make fuzz` with `-sanitize=fuzzer`) and that the corpus replay test
/// calls with every file under Tests/FuzzCorpus/<rawValue>/, so a crash the fuzzer once found stays fixed
/// without a sanitizer build.
///
/// An entry may throw away any error: the property under test is "returns", not "accepts" — no trap,
/// no hang, no unbounded memory.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// SIPMessage(parsing:) — libosip2 behind OSIPMessage's sanity checks — then the derived headers a
    /// probe reads from every answer (Via, CSeq, the challenges).
    case sipMessage = "sip-message"
    /// SIPStreamFramer in a channel, fed the input in pieces as TCP would deliver it.
    case streamFramer = "stream-framer"
    /// Digest challenges (RFC 7616 §3.3, RFC 3261 §22.4) as WWW-Authenticate / Proxy-Authenticate values.
    case digestChallenge = "digest-challenge"
    /// A DNS message as it arrives from a resolver (RFC 1035 §4.1, compression pointers included).
    case dnsMessage = "dns-message"
    /// A provisioning plan file: SafeYAML's byte-level checks, then the plan schema.
    case planLoader = "plan-loader"
    /// A probe suite file: `SuiteLoader.parse` (SafeYAML, then the suite schema).
    case suiteLoader = "suite-loader"

    /// Runs one input through the target.
    public func run(_ bytes: [UInt8]) {
        switch self {
        case .sipMessage: Self.sipMessage(bytes)
        case .streamFramer: Self.streamFramer(bytes)
        case .digestChallenge: Self.digestChallenge(bytes)
        case .dnsMessage: _ = try? DNSMessage(decoding: bytes)
        case .planLoader: Self.planLoader(bytes)
        case .suiteLoader:
            guard (try? SafeYAML.load(bytes: bytes)) != nil else { return }
            _ = try? SuiteLoader.parse(String(decoding: bytes, as: UTF8.self), file: "fuzz.yaml")
        }
    }

    private static func sipMessage(_ bytes: [UInt8]) {
        guard let message = try? SIPMessage(parsing: bytes) else { return }
        switch message {
        case .response(let response):
            _ = response.topVia
            _ = response.cseq
            _ = DigestChallenge.parseAll(response.headers["WWW-Authenticate"], header: .wwwAuthenticate)
            _ = DigestChallenge.parseAll(response.headers["Proxy-Authenticate"], header: .proxyAuthenticate)
            _ = try? response.serialized()
        case .request(let request):
            _ = request.headers.first("Via").flatMap { try? Via(parsing: $0) }
            _ = request.headers.first("CSeq").flatMap { try? CSeq(parsing: $0) }
        }
    }

    /// The first byte chooses the segment size, so the fuzzer also explores message boundaries that fall
    /// inside a header name, a CRLF or a Content-Length value.
    private static func streamFramer(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let segment = max(1, Int(first))
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(SIPStreamFramer()))
        var offset = 1
        while offset < bytes.count {
            let end = min(bytes.count, offset + segment)
            var buffer = channel.allocator.buffer(capacity: end - offset)
            buffer.writeBytes(bytes[offset..<end])
            do { try channel.writeInbound(buffer) } catch { break }
            while let _ = try? channel.readInbound(as: [UInt8].self) {}
            offset = end
        }
        _ = try? channel.finish()
    }

    /// Newlines split the input into header values, as several header lines would arrive.
    private static func digestChallenge(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let values = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let parsed = DigestChallenge.parseAll(values, header: .wwwAuthenticate)
        _ = try? DigestChallenge.select(from: parsed.challenges)
        if let first = values.first { _ = try? DigestChallenge(parsing: first, header: .proxyAuthenticate) }
    }

    private static func planLoader(_ bytes: [UInt8]) {
        guard (try? SafeYAML.load(bytes: bytes)) != nil else { return }
        _ = try? ProvisioningPlan(yaml: String(decoding: bytes, as: UTF8.self))
    }
}
