/// Bargaining: spatial bargaining forecasts (KTAB's Spatial Model of Politics and the
/// Bueno de Mesquita expected-utility model), with the weighted-mean and weighted-median
/// baselines beside every forecast and Monte Carlo over uncertain inputs.
///
/// Entry points:
/// - `BargainingProblem`: the plain input (actors with capability; per dimension each actor's
///   position on 0–100 and salience on 0–100).
/// - `SMPModel.run(_:parameters:)`: KTAB's SMP, faithful to KTAB by default (see `SMPCompatibility`).
/// - `BDMModel.run(_:variants:)`: the BDM expected-utility model, one dimension at a time.
/// - `Forecaster.forecast(_:model:)`: one call giving the forecast and baselines per dimension.
/// - `MonteCarlo.run(_:)`: uncertainty over inputs.
/// - `KTABReader`: KTAB's CSV and XML scenario files.
public enum BargainingModule {}
