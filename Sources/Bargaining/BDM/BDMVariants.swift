/// The points where open reconstructions of Bueno de Mesquita's expected-utility model
/// disagree (docs/bargaining.md, "BDM: variants, presets and convergence"), each a named switch. The whole set is stored with every
/// forecast as its audit record.
public struct BDMVariants: Sendable, Codable, Hashable {
    /// Numerator of P_ij, the probability that i beats j.
    public enum ProbNumerator: String, Sendable, Codable, CaseIterable {
        /// max(0, Σ_k c_k s_k (|x_k − x_j| − |x_k − x_i|)) (Masad 2013).
        case clippedNetSum
        /// Σ_k max(0, c_k s_k (|x_k − x_j| − |x_k − x_i|)) (Masad, Agents in Conflict).
        case positiveVotesOnly
        /// Σ_k max(0, c_k s_k (d_kj^{r_k} − d_ki^{r_k})), normalised distances, voter's own
        /// exponent (jmckib). Also makes the denominator's votes risk-curved.
        case positiveRiskCurvedVotes
    }
    public enum ProbDenominator: String, Sendable, Codable, CaseIterable {
        /// Σ_k |vote_k(i, j)| for the pair (Masad 2013).
        case pairAbsoluteVotes
        /// Σ over all ordered (k, a, b) triples of |c_k s_k (d_kb^{r_k} − d_ka^{r_k})|
        /// (jmckib, after Scholz's code; makes P very small).
        case allTriplesAbsoluteVotes
    }
    /// D in the better/worse status-quo utilities.
    public enum BetterWorseDistance: String, Sendable, Codable, CaseIterable {
        /// D = |x_i − x_j| (Masad 2013).
        case selfToAlter
        /// D = |x_j − μ| (Masad, Agents in Conflict).
        case alterToMedian
    }
    public enum StatusQuoTerm: String, Sendable, Codable, CaseIterable {
        /// SQ = Q·U_sq + (1 − Q)[T·U_b + (1 − T)·U_w].
        case paper
        /// Q·U_sq − (1 − Q)[…]: Masad 2013's sign slip (equal to `paper` when Q = 1).
        case masad2013Sign
        /// Q·U_sq only (jmckib).
        case statusQuoOnly
    }
    public enum RiskExponentOwner: String, Sendable, Codable, CaseIterable {
        /// Each actor's utilities use its own exponent r (Masad 2013).
        case own
        /// The evaluating actor's r is used for every utility it computes (jmckib).
        case observer
    }
    public enum RiskBaseline: String, Sendable, Codable, CaseIterable {
        /// R_i compares i's danger S_i with all actors' dangers (Scholz; Masad 2013; jmckib).
        case acrossActors
        /// R_i compares i's danger at its position with its danger at 11 evenly spaced
        /// alternative positions across the initial range (Masad, Agents in Conflict).
        case ownAlternativePositions
    }
    public enum OfferSelection: String, Sendable, Codable, CaseIterable {
        /// Highest sender EU, then smallest move (Masad 2013).
        case maxEUThenMinMove
        /// Smallest move, then highest sender EU.
        case minMoveThenMaxEU
        /// A confrontation if any (smallest move); else the compromise minimising
        /// (|E_rec|·x_rec + |E_snd|·x_snd)/(|E_rec| + |E_snd|); else a capitulation
        /// (smallest move) (jmckib, after Scholz's code).
        case scholzCompromiseRule
    }
    public enum OfferClassification: String, Sendable, Codable, CaseIterable {
        /// Sender's EU from the sender's view against the receiver's own EU (Masad 2013).
        case senderVersusReceiver
        /// The receiver computes both with its own exponent (jmckib).
        case receiverComputesBoth
    }
    /// Which offers reach a receiver. (Found by reproducing the two reference trajectories:
    /// the published descriptions leave it open.)
    public enum OfferSending: String, Sendable, Codable, CaseIterable {
        /// i makes an offer to j only if i itself expects to gain, EU_i(i→j) > 0 (Masad 2013).
        case senderExpectsGain
        /// The receiver evaluates every other actor as a potential sender, and the
        /// classification alone decides (jmckib).
        case receiverEvaluatesAll
    }
    public enum CapitulationTest: String, Sendable, Codable, CaseIterable {
        case standard
        /// jmckib compares E_snd with its own absolute value, so capitulations never occur.
        case jmckibNeverFires
    }
    public enum MedianRule: String, Sendable, Codable, CaseIterable {
        /// x_j of the ordered pair (j, l) with the largest Σ_k v_k(j, l); first maximum in
        /// (j, l) index order.
        case largestPairwiseMargin
        /// Σ c s x / Σ c s.
        case weightedMean
        /// Walk the distinct positions in ascending order, replacing the incumbent whenever
        /// the challenger wins the r = 1 vote (jmckib; reported only).
        case sequentialPairwise
        /// The c·s weighted median.
        case weightedMedian
    }
    public enum MedianRecompute: String, Sendable, Codable, CaseIterable {
        /// μ from `medianRule` in the r = 1 pass, then from `finalPassMedianRule` in the
        /// final pass (Masad 2013: largest margin, then weighted mean).
        case perPass
        /// μ from `medianRule` once per round.
        case perRound
    }

    public var probNumerator: ProbNumerator
    public var probDenominator: ProbDenominator
    public var betterWorseDistance: BetterWorseDistance
    public var statusQuoTerm: StatusQuoTerm
    public var riskExponentOwner: RiskExponentOwner
    public var riskBaseline: RiskBaseline
    public var offerSelection: OfferSelection
    public var offerClassification: OfferClassification
    public var offerSending: OfferSending
    /// Whether offers the receiver would resist (E_rec > E_snd > 0: no move) still compete in
    /// the selection, so that the receiver stays put when such an offer has the highest sender
    /// EU (Masad 2013: true; needed to reproduce its trajectory) or are dropped first (false).
    public var resistedOffersCompete: Bool
    public var capitulationTest: CapitulationTest
    public var medianRule: MedianRule
    public var medianRecompute: MedianRecompute
    public var finalPassMedianRule: MedianRule
    /// Probability that the status quo persists without a challenge.
    public var q: Double
    /// Probability that a change favours the evaluating actor.
    public var t: Double
    /// Convergence: the largest move is below `epsilon`·dx for `stableRounds` rounds in a row.
    public var epsilon: Double = 1e-6
    public var stableRounds: Int = 2
    public var maxRounds: Int = 100
    /// The preset's name, or "custom".
    public var preset: String

    /// Masad 2013's reconstruction (the default).
    public static let masad2013 = BDMVariants(
        probNumerator: .clippedNetSum, probDenominator: .pairAbsoluteVotes, betterWorseDistance: .selfToAlter,
        statusQuoTerm: .masad2013Sign, riskExponentOwner: .own, riskBaseline: .acrossActors,
        offerSelection: .maxEUThenMinMove, offerClassification: .senderVersusReceiver,
        offerSending: .senderExpectsGain, resistedOffersCompete: true, capitulationTest: .standard,
        medianRule: .largestPairwiseMargin, medianRecompute: .perPass, finalPassMedianRule: .weightedMean,
        q: 1, t: 1, preset: "masad2013")

    /// jmckib's implementation following Scholz's code, with q = 1.
    public static let jmckibScholz = BDMVariants(
        probNumerator: .positiveRiskCurvedVotes, probDenominator: .allTriplesAbsoluteVotes,
        betterWorseDistance: .selfToAlter, statusQuoTerm: .statusQuoOnly, riskExponentOwner: .observer,
        riskBaseline: .acrossActors, offerSelection: .scholzCompromiseRule, offerClassification: .receiverComputesBoth,
        offerSending: .receiverEvaluatesAll, resistedOffersCompete: false, capitulationTest: .jmckibNeverFires, medianRule: .sequentialPairwise, medianRecompute: .perRound,
        finalPassMedianRule: .sequentialPairwise, q: 1, t: 1, preset: "jmckibScholz")

    public static func preset(named name: String) -> BDMVariants? {
        switch name.lowercased() {
        case "masad2013": return .masad2013
        case "jmckibscholz", "jmckib": return .jmckibScholz
        default: return nil
        }
    }
}

extension BDMVariants {
    /// Sets one switch by name, e.g. `set("offerSelection", "minMoveThenMaxEU")` or
    /// `set("q", "0.5")`; the preset name becomes "custom".
    public mutating func set(_ name: String, _ value: String) throws {
        func pick<E: RawRepresentable & CaseIterable>(_: E.Type) throws -> E where E.RawValue == String {
            guard let e = E(rawValue: value) else {
                throw BargainingError.invalidParameter("\(name): '\(value)' is not one of \(E.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return e
        }
        func number() throws -> Double {
            guard let x = Double(value), x.isFinite else { throw BargainingError.invalidParameter("\(name): '\(value)' is not a number") }
            return x
        }
        switch name {
        case "probNumerator": probNumerator = try pick(ProbNumerator.self)
        case "probDenominator": probDenominator = try pick(ProbDenominator.self)
        case "betterWorseDistance": betterWorseDistance = try pick(BetterWorseDistance.self)
        case "statusQuoTerm": statusQuoTerm = try pick(StatusQuoTerm.self)
        case "riskExponentOwner": riskExponentOwner = try pick(RiskExponentOwner.self)
        case "riskBaseline": riskBaseline = try pick(RiskBaseline.self)
        case "offerSelection": offerSelection = try pick(OfferSelection.self)
        case "offerClassification": offerClassification = try pick(OfferClassification.self)
        case "offerSending": offerSending = try pick(OfferSending.self)
        case "capitulationTest": capitulationTest = try pick(CapitulationTest.self)
        case "medianRule": medianRule = try pick(MedianRule.self)
        case "medianRecompute": medianRecompute = try pick(MedianRecompute.self)
        case "finalPassMedianRule": finalPassMedianRule = try pick(MedianRule.self)
        case "resistedOffersCompete":
            guard let b = Bool(value) else { throw BargainingError.invalidParameter("\(name): '\(value)' is not true or false") }
            resistedOffersCompete = b
        case "q", "Q":
            let x = try number()
            guard (0...1).contains(x) else { throw BargainingError.invalidParameter("q must be in 0–1") }
            q = x
        case "t", "T":
            let x = try number()
            guard (0...1).contains(x) else { throw BargainingError.invalidParameter("t must be in 0–1") }
            t = x
        case "epsilon": epsilon = try number()
        case "stableRounds", "maxRounds":
            guard let k = Int(value), k >= 1 else { throw BargainingError.invalidParameter("\(name) must be a positive integer") }
            if name == "stableRounds" { stableRounds = k } else { maxRounds = k }
        default:
            throw BargainingError.invalidParameter("unknown BDM switch '\(name)'")
        }
        preset = "custom"
    }
}
