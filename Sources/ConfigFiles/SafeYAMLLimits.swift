/// The bounds a configuration file must stay within. The defaults are documented in docs/reliability.md;
/// every one is far above what a real plan, suite or exporter file needs and far below what makes parsing slow.
public struct SafeYAMLLimits: Sendable, Equatable {
    /// Largest file accepted, in bytes. Checked before parsing so a huge file is not read whole.
    public var maximumBytes: Int
    /// Deepest nesting of sequences and mappings. The composer recurses once per level.
    public var maximumDepth: Int
    /// Longest single scalar, in bytes of UTF-8.
    public var maximumScalarBytes: Int
    /// Most nodes the document may have, counting each alias as the whole subtree it stands for. This is
    /// what stops a "billion laughs" file: a few hundred bytes of nested aliases that stand for millions of nodes.
    public var maximumNodes: Int
    /// Most alias references in one document.
    public var maximumAliases: Int

    public init(maximumBytes: Int = 1 << 20, maximumDepth: Int = 64, maximumScalarBytes: Int = 64 << 10,
                maximumNodes: Int = 100_000, maximumAliases: Int = 1_000) {
        self.maximumBytes = maximumBytes
        self.maximumDepth = maximumDepth
        self.maximumScalarBytes = maximumScalarBytes
        self.maximumNodes = maximumNodes
        self.maximumAliases = maximumAliases
    }

    public static let `default` = SafeYAMLLimits()
}
