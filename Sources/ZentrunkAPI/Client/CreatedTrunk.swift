/// A trunk create's outcome: the create response and the trunk as read back (for `trunk_domain`).
public struct CreatedTrunk: Sendable {
    public var result: WriteResult
    public var trunkID: String
    public var trunkDomain: String
    /// The trunk as read back, when the read succeeded.
    public var trunk: Trunk?
}
