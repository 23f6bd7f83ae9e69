import Foundation

/// KTAB's SMP model parameters, with KTAB's names and integer codes (tabulated in docs/bargaining.md,
/// "SMP: parameters and KTAB compatibility switches").
/// The raw values are the codes of KTAB's 9-integer library vector.

public protocol KTABEnum: RawRepresentable, CaseIterable, Sendable, Codable, Hashable where RawValue == Int {
    /// The spelling KTAB uses in XML files and logs.
    var ktabName: String { get }
}

extension KTABEnum {
    /// Accepts KTAB's spelling (case-insensitive) and the schema's alternative spellings.
    public init?(ktabName: String) {
        let key = ktabName.trimmingCharacters(in: .whitespaces).lowercased()
        guard let found = Self.allCases.first(where: { $0.ktabName.lowercased() == key }) else { return nil }
        self = found
    }
}

public enum VictoryProbModel: Int, KTABEnum {
    case linear = 0, square, quartic, octic, binary
    public var ktabName: String { ["Linear", "Square", "Quartic", "Octic", "Binary"][rawValue] }
}

public enum PCEModel: Int, KTABEnum {
    case conditional = 0, markovIncentive, markovUniform
    public var ktabName: String { ["Conditional", "MarkovIncentive", "MarkovUniform"][rawValue] }
}

public enum StateTransitions: Int, KTABEnum {
    case deterministic = 0, stochastic
    public var ktabName: String { ["Deterministic", "Stochastic"][rawValue] }
}

public enum VotingRule: Int, KTABEnum {
    case binary = 0, propBin, prop, propCbc, cubic, asymProsp
    public var ktabName: String { ["Binary", "PropBin", "Prop", "PropCbc", "Cubic", "ASymProsp"][rawValue] }
}

public enum BigRAdjust: Int, KTABEnum {
    case none = 0, oneThird, half, twoThirds, full
    public var ktabName: String { ["None", "OneThird", "Half", "TwoThirds", "Full"][rawValue] }
}

public enum BigRRange: Int, KTABEnum {
    case min = 0, mid, max
    public var ktabName: String { ["Min", "Mid", "Max"][rawValue] }
}

public enum ThirdPartyCommit: Int, KTABEnum {
    case noCommit = 0, semiCommit, fullCommit
    public var ktabName: String { ["NoCommit", "SemiCommit", "FullCommit"][rawValue] }
}

public enum InterVecBrgn: Int, KTABEnum {
    case s1p1 = 0, s2p2, s2pMax
    public var ktabName: String { ["S1P1", "S2P2", "S2PMax"][rawValue] }
}

public enum BargnModel: Int, KTABEnum {
    case initOnlyInterp = 0, initRcvrInterp, pwCompInterp
    public var ktabName: String { ["InitOnlyInterp", "InitRcvrInterp", "PWCompInterp"][rawValue] }
}

/// Switches for KTAB's quirks (docs/bargaining.md's K table). Each default reproduces KTAB's binary, as the golden
/// file expects; turning a switch the other way gives the corrected behaviour.
public struct SMPCompatibility: Sendable, Codable, Hashable {
    /// K1: with InitRcvrInterp/PWCompInterp, KTAB uses the receiver-view expected-utility
    /// *gain* ΔEU(h=j, k=i, i, j) where a probability is meant. Off: use P(h=j, i beats j).
    public var ktabReceiverProbabilityIsGain = true
    /// K2: PWCompInterp weights the receiver's view by c_i·S_j (initiator's capability).
    /// Off: c_j·S_j.
    public var ktabPairwiseWeightUsesInitiatorCapability = true
    /// K3: KTAB always fails with BigRAdjust = Full. On: reproduce that error. Off (default):
    /// compute r^h_i = R_i.
    public var ktabRejectBigRFull = false
    /// K6: the reported probability of an actor's position comes from the *last* unique
    /// position within 1e-3 (KTAB). Off: the first, consistent with the equivalence classes.
    public var ktabPositionProbabilityLastMatch = true
    /// K10: KTAB evaluates every (h, k) perspective of every challenge each turn (O(n⁴)).
    /// On: compute the full perspective table of each turn's chosen challenges and keep it
    /// in the result (`SMPTurnLog.perspectives`). Off (default): only what the model needs.
    public var logAllPerspectives = false

    public init() {}
}

/// Everything that determines an SMP run besides the data.
public struct SMPParameters: Sendable, Codable, Hashable {
    public var victoryProbModel: VictoryProbModel = .linear
    public var pceModel: PCEModel = .conditional
    public var stateTransitions: StateTransitions = .deterministic
    public var votingRule: VotingRule = .prop
    public var bigRAdjust: BigRAdjust = .oneThird
    public var bigRRange: BigRRange = .mid
    public var thirdPartyCommit: ThirdPartyCommit = .semiCommit
    public var interVecBrgn: InterVecBrgn = .s2p2
    public var bargnModel: BargnModel = .initOnlyInterp
    public var compatibility = SMPCompatibility()
    /// KTAB stops after turn 100.
    public var maxTurns = 100
    /// Report every state's winning probabilities (KTAB's "prob :" lines). Off: only the final
    /// state's, which is all a forecast needs (Monte Carlo turns it off; the trajectory of
    /// positions is the same either way).
    public var reportProbabilitiesEachTurn = true
    /// Evaluate every target of every initiator (KTAB's full O(n) check per pair) instead of
    /// the bounded scan. Results are identical either way; this exists to measure the
    /// worst-case O(n³·d) cost.
    public var exhaustiveTargetScan = false
    /// Seed of the stochastic-transition stream (unused with deterministic transitions).
    public var seed: UInt64 = 1

    public init() {}

    /// KTAB's library vector order: [VPM, PCEM, STM, VR, BigRAdjust, BigRRange, TPC, IVB, BargnModel].
    public init(ktabVector v: [Int]) throws {
        guard v.count == 9 else { throw BargainingError.invalidParameter("KTAB parameter vector needs 9 integers, got \(v.count)") }
        func pick<E: KTABEnum>(_ i: Int, _ name: String) throws -> E {
            guard let e = E(rawValue: v[i]) else { throw BargainingError.invalidParameter("\(name) code \(v[i]) is out of range") }
            return e
        }
        victoryProbModel = try pick(0, "VictoryProbModel")
        pceModel = try pick(1, "PCEModel")
        stateTransitions = try pick(2, "StateTransitions")
        votingRule = try pick(3, "VotingRule")
        bigRAdjust = try pick(4, "BigRAdjust")
        bigRRange = try pick(5, "BigRRange")
        thirdPartyCommit = try pick(6, "ThirdPartyCommit")
        interVecBrgn = try pick(7, "InterVecBrgn")
        bargnModel = try pick(8, "BargnModel")
    }

    public var ktabVector: [Int] {
        [victoryProbModel.rawValue, pceModel.rawValue, stateTransitions.rawValue, votingRule.rawValue,
         bigRAdjust.rawValue, bigRRange.rawValue, thirdPartyCommit.rawValue, interVecBrgn.rawValue,
         bargnModel.rawValue]
    }

    /// Sets a parameter from its KTAB XML element name and value ("VictoryProbModel", "Octic").
    /// Accepts the schema spellings `Proportional` and `No` as well as the code's `Prop`, `None`.
    public mutating func set(ktabParameter name: String, value raw: String) throws {
        var value = raw.trimmingCharacters(in: .whitespaces)
        if value == "Proportional" { value = "Prop" }
        if value == "No" { value = "None" }
        func parse<E: KTABEnum>(_: E.Type) throws -> E {
            if let e = E(ktabName: value) { return e }
            throw BargainingError.invalidParameter(
                "\(name): '\(raw)' is not one of \(E.allCases.map(\.ktabName).joined(separator: ", "))")
        }
        switch name {
        case "VictoryProbModel": victoryProbModel = try parse(VictoryProbModel.self)
        case "PCEModel": pceModel = try parse(PCEModel.self)
        case "StateTransitions": stateTransitions = try parse(StateTransitions.self)
        case "VotingRule": votingRule = try parse(VotingRule.self)
        case "BigRAdjust": bigRAdjust = try parse(BigRAdjust.self)
        case "BigRRange": bigRRange = try parse(BigRRange.self)
        case "ThirdPartyCommit": thirdPartyCommit = try parse(ThirdPartyCommit.self)
        case "InterVecBrgn": interVecBrgn = try parse(InterVecBrgn.self)
        case "BargnModel": bargnModel = try parse(BargnModel.self)
        default: throw BargainingError.invalidParameter("unknown model parameter '\(name)'")
        }
    }

    /// The nine parameters as (KTAB name, value name), for records and reports.
    public var ktabDescription: [(String, String)] {
        [("VictoryProbModel", victoryProbModel.ktabName), ("PCEModel", pceModel.ktabName),
         ("StateTransitions", stateTransitions.ktabName), ("VotingRule", votingRule.ktabName),
         ("BigRAdjust", bigRAdjust.ktabName), ("BigRRange", bigRRange.ktabName),
         ("ThirdPartyCommit", thirdPartyCommit.ktabName), ("InterVecBrgn", interVecBrgn.ktabName),
         ("BargnModel", bargnModel.ktabName)]
    }
}

extension SMPParameters {
    /// Sets a parameter or compatibility switch by name: any of KTAB's nine parameter names
    /// (`VotingRule=Cubic`), a `SMPCompatibility` switch (`ktabPositionProbabilityLastMatch=false`),
    /// `maxTurns`, `reportProbabilitiesEachTurn` or `exhaustiveTargetScan`.
    public mutating func set(_ name: String, _ value: String) throws {
        func flag() throws -> Bool {
            switch value.lowercased() {
            case "true", "on", "1", "yes": return true
            case "false", "off", "0", "no": return false
            default: throw BargainingError.invalidParameter("\(name): '\(value)' is not true or false")
            }
        }
        switch name {
        case "ktabReceiverProbabilityIsGain": compatibility.ktabReceiverProbabilityIsGain = try flag()
        case "ktabPairwiseWeightUsesInitiatorCapability": compatibility.ktabPairwiseWeightUsesInitiatorCapability = try flag()
        case "ktabRejectBigRFull": compatibility.ktabRejectBigRFull = try flag()
        case "ktabPositionProbabilityLastMatch": compatibility.ktabPositionProbabilityLastMatch = try flag()
        case "logAllPerspectives": compatibility.logAllPerspectives = try flag()
        case "reportProbabilitiesEachTurn": reportProbabilitiesEachTurn = try flag()
        case "exhaustiveTargetScan": exhaustiveTargetScan = try flag()
        case "maxTurns":
            guard let k = Int(value), k >= 1 else { throw BargainingError.invalidParameter("maxTurns must be a positive integer") }
            maxTurns = k
        default: try set(ktabParameter: name, value: value)
        }
    }
}
