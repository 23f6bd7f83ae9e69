/// Games: normal- and extensive-form games, Gambit formats, equilibrium solvers.
