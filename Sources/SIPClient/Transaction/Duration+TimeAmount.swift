import NIOCore

extension TimeAmount {
    /// Milliseconds as a Double, for reports. (`TimeAmount(Duration)` itself comes from NIOCore.)
    public var milliseconds: Double { Double(nanoseconds) / 1_000_000 }
}
