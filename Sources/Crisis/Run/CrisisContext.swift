import Foundation
import Scenario

typealias ScenarioDistribution = Distribution

/// What a report shows beside a run's numbers — the scenario's description, actors, the
/// tree's shape, the map and where every input comes from — taken from the scenario with
/// the run's what-ifs applied, so that `Report` draws from this and the `CrisisResult`
/// alone and never reads a `Scenario`. Not part of results.json (whose bytes it leaves alone).
public struct CrisisContext: Codable, Sendable {
    public struct Actor: Codable, Sendable {
        public var id, name, kind, description, provenance: String
        public var isPlayer: Bool
        /// The capability's value (the median when uncertain).
        public var capability: Double
    }
    /// A node of the decision tree: `decision` (with its `player`), `chance` (with the
    /// probability of each branch at the median inputs) or `terminal` (with its branch id).
    public struct Node: Codable, Sendable {
        public var path, kind: String
        public var player, terminal: String?
        public var probabilities: [Double]
        public var branches: [Edge]
    }
    public struct Edge: Codable, Sendable {
        public var id, label, provenance: String
        public var child: Node
    }
    public struct Place: Codable, Sendable {
        public var name, type, provenance: String
        public var latitude, longitude: Double
        /// Population for a town, capacity for a camp (the median when uncertain).
        public var amount: Double
        public var isCamp, isMarker: Bool
    }
    public struct Route: Codable, Sendable {
        public var from, to, provenance: String
        /// Kilometres (the given distance, else great-circle × the road factor).
        public var distance: Double
    }
    /// One input of the scenario: its value (the median when uncertain), distribution and source.
    public struct Input: Codable, Sendable {
        public var path, provenance: String
        public var distribution: Distribution
        public var value: Double
        public var isUncertain: Bool
    }
    public struct Source: Codable, Sendable {
        public var id, title: String
        public var date, url: String?
    }

    public var description: String
    public var actors: [Actor]
    public var tree: Node
    public var places: [Place]
    public var routes: [Route]
    /// The conflict zones of each schedule, by schedule id.
    public var zones: [String: [String]]
    public var inputs: [Input]
    public var sources: [Source]

    /// `scenario` as loaded; `overrides` (the run's `--set` what-ifs) are applied first,
    /// as the run applied them (a scenario they no longer fit is shown as it is).
    public init(_ scenario: Scenario, overrides: [String: Double]) {
        let s = (try? scenario.fixing(overrides)) ?? scenario
        description = s.metadata.description
        actors = s.actors.map {
            Actor(id: $0.id, name: $0.name, kind: $0.kind.rawValue, description: $0.description, provenance: $0.provenance.description,
                  isPlayer: $0.isPlayer, capability: $0.capability.nominal)
        }
        func node(_ n: TreeNode) -> Node {
            var kind = "terminal", player: String? = nil
            switch n.kind {
            case .decision(let p): kind = "decision"; player = p
            case .chance: kind = "chance"
            case .terminal: break
            }
            return Node(path: n.path, kind: kind, player: player, terminal: n.terminal?.id, probabilities: s.probabilities(at: n),
                        branches: n.branches.map { Edge(id: $0.id, label: $0.label, provenance: $0.provenance.description, child: node($0.child)) })
        }
        tree = node(s.tree.root)
        let geo = s.geography
        // All amounts and distances in one pass each: one place at a time is quadratic on a large map.
        places = zip(geo.locations, geo.amounts).map { l, amount in
            Place(name: l.name, type: l.type, provenance: l.provenance.description, latitude: l.latitude, longitude: l.longitude,
                  amount: amount, isCamp: l.isCamp, isMarker: l.kind == .marker)
        }
        routes = zip(geo.routes, geo.distances).map { r, km in Route(from: r.from, to: r.to, provenance: r.provenance.description, distance: km) }
        zones = Dictionary(s.schedules.map { ($0.id, $0.zones.map(\.location)) }, uniquingKeysWith: { a, _ in a })
        inputs = s.quantities.map {
            Input(path: $0.path, provenance: $0.quantity.provenance.description, distribution: Distribution($0.quantity.distribution),
                  value: $0.quantity.nominal, isUncertain: $0.quantity.isUncertain)
        }
        sources = s.sources.map { Source(id: $0.id, title: $0.title, date: $0.date, url: $0.url) }
    }

    public func actor(_ id: String) -> Actor? { actors.first { $0.id == id } }
    public func place(_ name: String) -> Place? { places.first { $0.name == name } }

    /// Every node of the tree, depth first.
    public var nodes: [Node] {
        var out: [Node] = []
        func walk(_ n: Node) { out.append(n); n.branches.forEach { walk($0.child) } }
        walk(tree)
        return out
    }

    /// A distribution as its kind and parameters: fixed [], uniform [a, b], triangular
    /// [low, mode, high], normal [μ, σ, low, high], beta [α, β, low, high], lognormal [μ, σ],
    /// empirical [draws, 5% quantile, 95% quantile].
    public struct Distribution: Codable, Sendable {
        public var kind: String
        public var parameters: [Double]

        init(_ d: ScenarioDistribution) {
            switch d {
            case .fixed: (kind, parameters) = ("fixed", [])
            case .uniform(let a, let b): (kind, parameters) = ("uniform", [a, b])
            case .triangular(let a, let m, let b): (kind, parameters) = ("triangular", [a, m, b])
            case .normal(let mu, let sd, let a, let b): (kind, parameters) = ("normal", [mu, sd, a, b])
            case .beta(let al, let be, let a, let b): (kind, parameters) = ("beta", [al, be, a, b])
            case .lognormal(let mu, let s): (kind, parameters) = ("lognormal", [mu, s])
            case .empirical(let w): (kind, parameters) = ("empirical", [Double(w.values.count), w.quantile(0.05), w.quantile(0.95)])
            }
        }
    }
}
