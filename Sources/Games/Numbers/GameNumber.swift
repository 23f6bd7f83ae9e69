import Foundation

/// The arithmetic the game representations need: exact `Rational` or floating `Double`.
/// Profiles, payoff evaluation and regret are generic over it, so one code path
/// serves both exact and floating solvers.
public protocol GameNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
    static var zero: Self { get }
    static var one: Self { get }
    init(_ r: Rational)
    init(_ n: Int)
    var doubleValue: Double { get }
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    static func / (a: Self, b: Self) -> Self
    static prefix func - (a: Self) -> Self
    /// Text as Gambit prints it: reduced fractions for exact values, 6 decimals for doubles.
    var gambitText: String { get }
}

extension Rational: GameNumber {
    public init(_ r: Rational) { self = r }
    public var gambitText: String { description }
}

extension Double: GameNumber {
    public init(_ r: Rational) { self = r.doubleValue }
    public var doubleValue: Double { self }
    public static var one: Double { 1 }
    public var gambitText: String {
        var s = String(format: "%.6f", self)
        if s == "-0.000000" { s = "0.000000" }
        return s
    }
}

extension GameNumber {
    @inlinable static func += (a: inout Self, b: Self) { a = a + b }
    @inlinable static func -= (a: inout Self, b: Self) { a = a - b }
    @inlinable static func *= (a: inout Self, b: Self) { a = a * b }
}
