internal import BuildInfo

/// What `journal --version` prints: the version (`VERSION`, compiled in by
/// `scripts/embed-resources`) and the commit the binary was built from (`Sources/BuildInfo`).
public enum JournalVersion {
    public static let number = EmbeddedResources.version

    public static var commit: String { String(cString: journal_build_commit()) }

    /// `0.2.0 (abc1234)`, or `0.2.0 (unknown)` from a build that did not know its commit.
    public static var text: String { "\(number) (\(commit))" }
}
