#!/usr/bin/env python3
"""Side-by-side comparison of Fulcrum's game solvers with pygambit 17.0.0b2, in-process against in-process.

  scripts/games/setup-venv.sh        # once: pygambit 17.0.0b2 (wheel only) and nashpy into .venv-gambit
  swift build -c release
  .venv-gambit/bin/python scripts/games/compare.py [--timeout 60] [--only NAME] [--methods a,b] [--skip-scaling]

Fulcrum's times come from one `fulcrum-bench games --json` process (solver call only, median of 5,
the same dispatch table as `fulcrum game solve`); pygambit's from a worker process per (game,
method) that reads the game and times the solver call only (median of 5; one run when a call takes
over 2 s), killed after --timeout seconds. Per game and method it prints both counts and times,
the ratio pygambit/Fulcrum (> 1: Fulcrum faster) and whether the equilibrium sets agree: exact
methods compared exactly (as fractions), floating ones within 1e-6, every profile compared as a
mixed strategy profile of the (reduced) strategic form (behaviour profiles converted by pygambit).
For an equilibrium only one side finds, pygambit's max regret of it is printed.
"""
import argparse, json, os, statistics, subprocess, sys, time
from fractions import Fraction

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GAMES = os.path.join(os.path.dirname(ROOT), "shared", "reference", "games", "games")
REL = os.path.join(ROOT, ".build", "release")
EXACT = {"enumpure", "enumpure-agent", "enummixed", "lcp", "lcp-first", "lcp-strategic", "lp"}


def items(x):
    """pygambit 17 profiles iterate as (label, value) pairs."""
    return [t[1] if isinstance(t, tuple) else t for t in x]


def strategy_lists(game, prof):
    return [[v for v in items(prof[p])] for p in game.players]


def behavior_lists(game, prof):
    return [[[v for v in items(d)] for d in items(prof[p])] for p in game.players]


def as_strategy(game, prof):
    """A pygambit profile as nested floats over the (reduced) strategic form."""
    import pygambit as gbt
    if isinstance(prof, (gbt.MixedBehaviorProfileDouble, gbt.MixedBehaviorProfileRational)):
        prof = prof.as_strategy()
    return [[float(v) for v in row] for row in strategy_lists(game, prof)]


def call(gbt, g, method, tree):
    """pygambit's equilibria for a method: a list (methods returning one profile give 0 or 1)."""
    n = gbt.nash
    calls = {
        "enumpure": lambda: n.enumpure_solve(g),
        "enumpure-agent": lambda: n.enumpure_agent_solve(g),
        "enummixed": lambda: n.enummixed_solve(g, rational=True),
        # On a tree, lcp_solve without use_strategic is the sequence form (one equilibrium).
        "lcp": lambda: n.lcp_solve(g, rational=True),
        "lcp-first": lambda: n.lcp_solve(g, rational=True, use_strategic=True, stop_after=1),
        "lcp-strategic": lambda: n.lcp_solve(g, rational=True, use_strategic=True),
        "lp": lambda: n.lp_solve(g, rational=True),
        "enumpoly": lambda: n.enumpoly_solve(g, maxregret=1e-8),
        "logit": lambda: n.logit_solve(g, maxregret=1e-8),
        "simpdiv": lambda: n.simpdiv_solve(g.mixed_strategy_profile(rational=True), maxregret=gbt.Rational(1, 10**8)),
        "liap": lambda: n.liap_solve(g.mixed_strategy_profile(), maxregret=1e-8),
        "liap-agent": lambda: n.liap_agent_solve(g.mixed_behavior_profile(), maxregret=1e-8),
        "ipa": lambda: n.ipa_solve(g),
        "gnm": lambda: n.gnm_solve(g),
    }
    if method not in calls: raise ValueError("no pygambit method for " + method)
    r = calls[method]()
    # pygambit 17: results of one-profile methods (sequence-form lcp, lp, logit, ...) have
    # .equilibrium (possibly None), the others .equilibria.
    if hasattr(r, "equilibria"): return list(r.equilibria)
    return [r.equilibrium] if r.equilibrium is not None else []


def worker(path, method):
    import pygambit as gbt
    tree = path.endswith(".efg")
    read = gbt.read_efg if tree else gbt.read_nfg
    times, res = [], []
    for _ in range(5):
        g = read(path)
        t0 = time.perf_counter()
        res = call(gbt, g, method, tree)
        dt = time.perf_counter() - t0
        times.append(dt)
        if dt > 2:
            break
    print(json.dumps({"seconds": statistics.median(times), "profiles": [as_strategy(g, e) for e in res]}))


def regret_worker(path, profile_json):
    """pygambit's max regret of a Fulcrum profile (strategy lists) on the (reduced) strategic form."""
    import pygambit as gbt
    g = (gbt.read_efg if path.endswith(".efg") else gbt.read_nfg)(path)
    p = g.mixed_strategy_profile(data=json.loads(profile_json))
    print(json.dumps({"regret": float(p.max_regret()) / max(1e-300, float(g.max_payoff) - float(g.min_payoff))}))


def run(args, timeout):
    try:
        out = subprocess.run([sys.executable, __file__] + args, capture_output=True, text=True, timeout=timeout)
        if out.returncode != 0:
            lines = out.stderr.strip().splitlines()
            return {"error": lines[-1] if lines else "failed"}
        return json.loads(out.stdout.strip().splitlines()[-1])
    except subprocess.TimeoutExpired:
        return {"error": "t/o %ds" % timeout}


def fulcrum_strategy(path, entry):
    """Fulcrum's profiles as strategy lists: behaviour ones converted by pygambit."""
    out = []
    for prof in entry.get("profiles", []):
        rows = prof["p"]
        if prof["kind"] == "strategy":
            out.append([[float(Fraction(v)) if isinstance(v, str) else v for v in r] for r in rows])
        else:
            out.append(("behavior", rows))
    if any(isinstance(p, tuple) for p in out):
        import pygambit as gbt
        g = gbt.read_efg(path)
        num = lambda v: float(Fraction(v)) if isinstance(v, str) else v
        out = [as_strategy(g, g.mixed_behavior_profile(data=[[[num(v) for v in s] for s in pl] for pl in p[1]]))
               if isinstance(p, tuple) else p for p in out]
    return out


def same(a, b, tol):
    return all(abs(x - y) <= tol for ra, rb in zip(a, b) for x, y in zip(ra, rb))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--worker", nargs=2)
    ap.add_argument("--regret", nargs=2)
    ap.add_argument("--timeout", type=int, default=60)
    ap.add_argument("--only", help="only games whose file name contains this")
    ap.add_argument("--methods", help="comma-separated methods")
    ap.add_argument("--skip-scaling", action="store_true")
    a = ap.parse_args()
    if a.worker:
        return worker(*a.worker)
    if a.regret:
        return regret_worker(*a.regret)
    cmd = [os.path.join(REL, "fulcrum-bench"), "games", "--json", "--games", GAMES, "--repeat", "5", "--max-seconds", str(a.timeout)]
    if a.only: cmd += ["--only", a.only]
    if a.methods: cmd += ["--methods", a.methods]
    if a.skip_scaling: cmd += ["--samples-only"]
    bench = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    fmt = "%-30s %-14s %7s %7s %-8s %11s %11s %8s"
    print(fmt % ("game", "method", "fulcrum", "gambit", "agree", "fulcrum_s", "gambit_s", "ratio"))
    for line in bench.stdout:
        e = json.loads(line)
        game, method = e["game"], e["method"]
        if "profiles" not in e and "count" in e:
            print(fmt % (game, method, e["count"], "-", "-", "%.3g" % e["seconds"], "-", "-")); continue
        ours = e.get("profiles")
        fcount = str(len(ours)) if ours is not None else "ERR"
        if method in ("backward", "spe"):
            print(fmt % (game, method, fcount, "-", "-", "%.3g" % e["seconds"], "-", "-  (pygambit has no such method)")); continue
        path = os.path.join(GAMES, game)
        peer = run(["--worker", path, method], a.timeout)
        if "error" in peer:
            print(fmt % (game, method, fcount, "ERR", "-", "%.3g" % e["seconds"] if ours is not None else "-", "-", "-"))
            print("    pygambit: " + peer["error"][:150])
            if ours is None: print("    fulcrum: " + e.get("error", "")[:150])
            continue
        if ours is None:
            print(fmt % (game, method, "ERR", len(peer["profiles"]), "-", "-", "%.3g" % peer["seconds"], "-"))
            print("    fulcrum: " + e.get("error", "")[:150]); continue
        tol = 1e-9 if method in EXACT else 1e-6
        fs = fulcrum_strategy(path, e)
        only_ours = [p for p in fs if not any(same(p, q, tol) for q in peer["profiles"])]
        only_theirs = [q for q in peer["profiles"] if not any(same(p, q, tol) for p in fs)]
        agree = "yes" if not only_ours and not only_theirs else "NO"
        ratio = peer["seconds"] / max(e["seconds"], 1e-9)
        print(fmt % (game, method, len(fs), len(peer["profiles"]), agree, "%.3g" % e["seconds"], "%.3g" % peer["seconds"], "%.2f" % ratio))
        for p in only_ours[:5]:
            r = run(["--regret", path, json.dumps(p)], a.timeout)
            print("    only fulcrum: %s  pygambit regret %s" % (json.dumps([[round(x, 6) for x in row] for row in p]), "%.1e" % r["regret"] if "regret" in r else r.get("error")))
        for q in only_theirs[:5]:
            print("    only pygambit: %s" % json.dumps([[round(x, 6) for x in row] for row in q]))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
