#!/usr/bin/env python3
"""Side-by-side comparison of Fulcrum's game solvers with pygambit 16.7.0 and nashpy.

  scripts/games/setup-venv.sh                  # once: creates .venv-gambit
  .venv-gambit/bin/python scripts/games/compare.py [--timeout 60] [--skip-scaling]

Builds nothing itself: expects release binaries (swift build -c release). For every sample game
and applicable method it prints Fulcrum's and pygambit's equilibrium counts, whether the sets
agree (exactly, as rationals, for the exact set methods), the median solve times and the ratio
pygambit/Fulcrum (>1 means Fulcrum is faster). Each peer call runs in its own process with a
time limit, timing only the solver call (median of 5; one run if it takes over 20 s). Ratios,
not verdicts.
"""
import argparse, json, os, statistics, subprocess, sys, time
from fractions import Fraction

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GAMES = os.path.join(os.path.dirname(ROOT), "shared", "reference", "games", "games")
REL = os.path.join(ROOT, ".build", "release")


def fmt(v):
    if isinstance(v, float):
        return "%.6f" % v
    f = Fraction(str(v)) if not isinstance(v, Fraction) else v
    return str(f.numerator) if f.denominator == 1 else "%d/%d" % (f.numerator, f.denominator)


def profile_text(g, eq, behavior):
    if behavior:
        return "[" + ",".join("[" + ",".join("[" + ",".join(fmt(eq[a]) for a in i.actions) + "]" for i in p.infosets) + "]" for p in g.players) + "]"
    return "[" + ",".join("[" + ",".join(fmt(eq[s]) for s in p.strategies) + "]" for p in g.players) + "]"


def worker(path, method):
    import pygambit as gbt
    read = gbt.read_efg if path.endswith(".efg") else gbt.read_nfg
    tree = path.endswith(".efg")
    calls = {
        "enumpure": lambda g: gbt.nash.enumpure_solve(g),
        "enumpure-agent": lambda g: gbt.nash.enumpure_agent_solve(g),
        "enummixed": lambda g: gbt.nash.enummixed_solve(g, rational=True),
        "lcp": lambda g: gbt.nash.lcp_solve(g, rational=True),
        "lcp-first": lambda g: gbt.nash.lcp_solve(g, rational=True, stop_after=1),
        "lcp-strategic": lambda g: gbt.nash.lcp_solve(g, rational=True, use_strategic=True),
        "lp": lambda g: gbt.nash.lp_solve(g, rational=True),
        "logit": lambda g: gbt.nash.logit_solve(g, maxregret=1e-8),
        "enumpoly": lambda g: gbt.nash.enumpoly_solve(g, maxregret=1e-4),
    }
    times, res = [], None
    for _ in range(5):
        g = read(path)
        t0 = time.perf_counter()
        res = calls[method](g)
        dt = time.perf_counter() - t0
        times.append(dt)
        if dt > 20:
            break
    behavior = tree and method in ("enumpure-agent", "lcp", "logit", "lp")
    eqs = [profile_text(g, e, behavior) for e in res.equilibria]
    print(json.dumps({"count": len(eqs), "seconds": statistics.median(times), "equilibria": eqs}))


def nashpy_worker(path, method):
    import numpy as np, nashpy as nash, pygambit as gbt
    g = gbt.read_nfg(path)
    a = np.array(g.to_arrays()[0], dtype=float)
    b = np.array(g.to_arrays()[1], dtype=float)
    game = nash.Game(a, b)
    times, count = [], 0
    for _ in range(5):
        t0 = time.perf_counter()
        if method == "support_enumeration":
            count = len(list(game.support_enumeration()))
        elif method == "vertex_enumeration":
            count = len(list(game.vertex_enumeration()))
        else:
            game.lemke_howson(initial_dropped_label=0); count = 1
        dt = time.perf_counter() - t0
        times.append(dt)
        if dt > 20:
            break
    print(json.dumps({"count": count, "seconds": statistics.median(times)}))


def run_peer(args, timeout):
    try:
        out = subprocess.run([sys.executable, __file__] + args, capture_output=True, text=True, timeout=timeout)
        if out.returncode != 0:
            return {"error": out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "failed"}
        return json.loads(out.stdout.strip().splitlines()[-1])
    except subprocess.TimeoutExpired:
        return {"error": "t/o %ds" % timeout}


def fulcrum_equilibria(path, method):
    out = subprocess.run([os.path.join(REL, "fulcrum"), "game", "solve", path, "--method", method, "--format", "json"],
                         capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        return None
    return [e["profileText"] for e in json.loads(out.stdout)["equilibria"]]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--worker", nargs=2)
    ap.add_argument("--nashpy", nargs=2)
    ap.add_argument("--timeout", type=int, default=60)
    ap.add_argument("--skip-scaling", action="store_true")
    ap.add_argument("--skip-samples", action="store_true")
    ap.add_argument("--only", help="regular expression: compare only games whose name matches")
    a = ap.parse_args()
    if a.worker:
        return worker(*a.worker)
    if a.nashpy:
        return nashpy_worker(*a.nashpy)
    bench = subprocess.run([os.path.join(REL, "fulcrum-bench"), "games", "--games", GAMES, "--repeat", "5"]
                           + (["--scaling-only"] if a.skip_samples else []) + (["--samples-only"] if a.skip_scaling else []),
                           capture_output=True, text=True)
    rows = [l.split("\t") for l in bench.stdout.strip().splitlines()[1:]]
    import re
    if a.only:
        rows = [r for r in rows if re.search(a.only, r[0])]
    exact_sets = {"enumpure", "enumpure-agent", "enummixed"}
    print("%-28s %-15s %8s %8s %-9s %12s %12s %9s" % ("game", "method", "fulcrum", "gambit", "agree", "fulcrum_s", "gambit_s", "ratio"))
    for game, method, count, secs in rows:
        if not count.isdigit():
            print("%-28s %-15s %8s %8s %-9s %12s %12s %9s" % (game, method, "FAILED", "-", "-", "-", "-", "-"))
            print("    fulcrum: " + secs)
            count, secs = "0", "nan"
        if method in ("spe", "backward"):
            print("%-28s %-15s %8s %8s %-9s %12s %12s %9s" % (game, method, count, "-", "-", secs, "-", "-"))
            continue
        path = os.path.join(GAMES, game)
        peer = run_peer(["--worker", path, method], a.timeout)
        if "error" in peer:
            print("%-28s %-15s %8s %8s %-9s %12s %12s %9s" % (game, method, count, peer["error"][:8], "-", secs, "-", "-"))
            continue
        agree = "-"
        if method in exact_sets and not game.startswith("scaling/"):
            ours = fulcrum_equilibria(path, method)
            agree = "yes" if ours is not None and set(ours) == set(peer["equilibria"]) else "NO"
        elif count.isdigit():
            agree = "count" if int(count) == peer["count"] else "differs"
        ratio = peer["seconds"] / max(float(secs), 1e-7) if count.isdigit() else float("nan")
        print("%-28s %-15s %8s %8d %-9s %12.3g %12.3g %9.1f" % (game, method, count, peer["count"], agree, float(secs), peer["seconds"], ratio))
        sys.stdout.flush()
    # nashpy on the two-player strategic games and the scaling series.
    print()
    print("%-28s %-22s %8s %12s" % ("game", "nashpy method", "count", "seconds"))
    names = sorted(f for f in os.listdir(GAMES) if f.endswith(".nfg") and (not a.only or re.search(a.only, f)))
    if not a.skip_scaling:
        names += ["scaling/random_%dx%d.nfg" % (n, n) for n in (4, 8, 12, 16, 20)]
    for name in names:
        for m in ("support_enumeration", "vertex_enumeration", "lemke_howson"):
            r = run_peer(["--nashpy", os.path.join(GAMES, name), m], a.timeout)
            if "error" in r and "player" in r["error"]:
                break
            print("%-28s %-22s %8s %12s" % (name, m, r.get("count", r.get("error", "")[:8]), "%.6f" % r["seconds"] if "seconds" in r else "-"))
            sys.stdout.flush()


if __name__ == "__main__":
    main()
