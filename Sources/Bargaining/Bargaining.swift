/// Bargaining: spatial bargaining forecasts (KTAB SMP and BDM expected utility).
