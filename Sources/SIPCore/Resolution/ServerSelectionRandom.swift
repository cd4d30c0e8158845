/// The random source for RFC 2782 weighted selection, injectable so tests are deterministic.
///
/// `next(upTo: n)` returns a number in `0...n` (inclusive, as RFC 2782 §"Usage rules" specifies:
/// "select a uniform random number between 0 and the sum computed (inclusive)").
public struct ServerSelectionRandom: Sendable {
    private let source: @Sendable (UInt32) -> UInt32

    /// - Parameter source: given `n`, returns a value in `0...n`. Values above `n` are clamped.
    public init(_ source: @escaping @Sendable (UInt32) -> UInt32) {
        self.source = source
    }

    public func next(upTo n: UInt32) -> UInt32 { min(source(n), n) }

    /// The system generator (not cryptographic strength needed; load spreading only).
    public static let system = ServerSelectionRandom { n in UInt32.random(in: 0...n) }

    /// Always 0: within a priority, the first weight-0 record, else the first record with weight > 0,
    /// in the order the server sent them. Handy for deterministic tests.
    public static let lowest = ServerSelectionRandom { _ in 0 }
}
