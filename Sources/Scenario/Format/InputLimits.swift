import Foundation

/// Bounds on what a scenario folder may make the loader do, so hostile input
/// (a 1 GB file, `/dev/zero` named as a table, a YAML alias bomb) is refused
/// with a diagnostic in bounded time and memory instead of exhausting either.
/// The defaults are far above any real scenario (the Idlib scenario is ~60 KB
/// of YAML and ~3,000 nodes); tests lower them to exercise the guards cheaply.
public struct ScenarioLimits: Sendable, Equatable {
    /// Largest `scenario.yaml`, in bytes.
    public var maxYAMLBytes = 16 << 20
    /// Largest geography table (locations/routes/closures CSV), in bytes.
    public var maxTableBytes = 256 << 20
    /// Most YAML nodes once every alias is expanded (what a reader walking the
    /// tree would visit). A billion-laughs document expands past this at once.
    public var maxExpandedNodes = 1_000_000
    /// Deepest YAML nesting (libyaml's own default is 1000; we stop far earlier).
    public var maxDepth = 64
    /// Most locations in one geography.
    public var maxLocations = 100_000
    /// Most routes (links) in one geography.
    public var maxRoutes = 1_000_000
    /// Most diagnostics listed; the rest are counted in a final one.
    public var maxDiagnostics = 1_000

    /// Longest horizon a scenario or `--horizon` may ask for: 100 years. Every
    /// engine keeps per-day series, so an absurd horizon is an absurd allocation.
    public static let maxHorizonDays = 36_500
    /// Most decision-tree nodes (definitions); the tree is also bounded
    /// after expansion (200,000 nodes) by the tree loader.
    public static let maxTreeNodes = 2_000
    /// Deepest decision tree, root to terminal branch.
    public static let maxTreeDepth = 200
    /// Most (choices a player can be forced to) × (nodes of the expanded tree): the work of
    /// one sample's pivot analysis, which solves the game once per forcible choice. A node of
    /// 1,000 actions is within it; 10,000 (10^8) are not.
    public static let maxPivotWork = 2_000_000
    /// Most Monte Carlo samples one run may ask for (results keep a value per sample).
    public static let maxSamples = 1_000_000
    /// Most daily figures one run keeps: samples × days × conflict schedules (each sample
    /// keeps every schedule's displaced people per day, for the report's bands): about
    /// 240 MB of numbers, and shards of at most about 600 MB. 1,000 samples of ten years
    /// with 5 schedules (1.8 × 10^7) are within it; of 100 years with 3 (1.1 × 10^8) are not.
    public static let maxSampleDays = 30_000_000

    public init() {}
    /// The limits every command uses.
    public static let standard = ScenarioLimits()
}
