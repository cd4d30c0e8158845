// `make bench` helper: the Swift side of the codec comparison. Builds an OPTIONS as the probe does,
// serializes it through libosip2, parses it back into values, and prints nanoseconds per round trip.
import Foundation
import SIPCore

let iterations = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 100_000 : 100_000

func once() throws {
    let request = SIPRequest(method: "OPTIONS", uri: "sip:127.0.0.1:5060", headers: [
        ("Via", "SIP/2.0/UDP 127.0.0.1:40000;branch=z9hG4bKabcdefghijklmnop;rport"),
        ("Max-Forwards", "70"),
        ("From", "<sip:trunkprobe@127.0.0.1>;tag=abcdefghij"),
        ("To", "<sip:127.0.0.1:5060>"),
        ("Call-ID", "abcdefghijklmnopqrst@127.0.0.1"),
        ("CSeq", "1 OPTIONS"),
        ("Contact", "<sip:trunkprobe@127.0.0.1:40000>"),
        ("Accept", "application/sdp"),
        ("User-Agent", "trunkprobe/0.1.0"),
    ])
    let bytes = try request.serialized()
    _ = try SIPMessage(parsing: bytes)
}

for _ in 0..<1000 { try once() }
let start = ContinuousClock.now
for _ in 0..<iterations { try once() }
let elapsed = ContinuousClock.now - start
let (s, atto) = elapsed.components
let ns = (Double(s) * 1e9 + Double(atto) / 1e9) / Double(iterations)
print(String(format: "%.0f", ns))
