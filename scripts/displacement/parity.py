#!/usr/bin/env python3
"""Parity of Fulcrum's `--compat flee-3.1` mode with Flee 3.1 (the PyPI package) in distribution.

Runs Flee 3.1 (through run_flee.py in the shared reference data beside the clone, seeded) and
Fulcrum several times on mali2012 (300 days) and syria2013 (first 150 days), then prints, per camp:
  * the day-by-day agreement: the share of days on which the two seed-means differ by at most
    3 combined standard errors or 1% of the value (the issue's criterion), and
  * the final-day means with their spread;
and per instance the averaged relative difference (ARD) of both (criterion: within ±0.01) and an exact
check of the deterministic columns (data, totals, raw count, debt).

Usage: scripts/displacement/parity.py [--flee-runs 3] [--fulcrum-runs 20] [--instances DIR] [--only mali2012]
Needs: scripts/displacement/setup-flee.sh (creates .venv-flee), a release build of `fulcrum`
(built here if missing). Outputs are kept under runs/displacement-parity/ and reused on the next run.
"""
import argparse, csv, json, math, os, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "reference", "displacement")
CASES = {"mali2012": 300, "syria2013": 150}
DETERMINISTIC = ["refugees in camps (UNHCR)", "total refugees (simulation)", "raw UNHCR refugee count", "refugee_debt"]


def read_out(path):
    with open(path) as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    camps = [h[:-4] for h in header if h.endswith(" sim")]
    col = {h: i for i, h in enumerate(header)}
    sim = {c: [float(r[col[c + " sim"]]) for r in body] for c in camps}
    data = {c: [float(r[col[c + " data"]]) for r in body] for c in camps}
    det = [[r[col[h]] for h in DETERMINISTIC] for r in body]
    return camps, sim, data, det


def ard(camps, sim, data):
    days = len(next(iter(sim.values())))
    tot = 0.0
    for t in range(days):
        num = sum(abs(sim[c][t] - data[c][t]) for c in camps)
        tot += num / max(1.0, sum(data[c][t] for c in camps))
    return tot / days


def mean_se(xs):
    n = len(xs)
    m = sum(xs) / n
    if n < 2:
        return m, 0.0, 0.0
    sd = math.sqrt(sum((x - m) ** 2 for x in xs) / (n - 1))
    return m, sd / math.sqrt(n), sd


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--flee-runs", type=int, default=3)
    ap.add_argument("--fulcrum-runs", type=int, default=20)
    ap.add_argument("--instances", default=os.path.join(SHARED, "instances"))
    ap.add_argument("--only", action="append", help="instance name (repeatable)")
    ap.add_argument("--fulcrum", default=os.path.join(ROOT, ".build", "release", "fulcrum"))
    a = ap.parse_args()
    py = os.path.join(ROOT, ".venv-flee", "bin", "python")
    if not os.path.exists(py):
        sys.exit("no .venv-flee: run scripts/displacement/setup-flee.sh first")
    if not os.path.exists(a.fulcrum):
        subprocess.run(["swift", "build", "-c", "release", "--product", "fulcrum"], cwd=ROOT, check=True)
    out_dir = os.path.join(ROOT, "runs", "displacement-parity")
    os.makedirs(out_dir, exist_ok=True)
    for inst in (a.only or list(CASES)):
        days = CASES[inst]
        idir = os.path.join(a.instances, inst)
        flee, ful = [], []
        flee_times = []
        for s in range(1, a.flee_runs + 1):
            out = os.path.join(out_dir, f"flee-{inst}-{days}d-seed{s}.csv")
            meta = out[:-4] + ".json"
            if not os.path.exists(out):
                print(f"[parity] Flee 3.1 {inst} seed {s} ...", file=sys.stderr, flush=True)
                subprocess.run([py, os.path.join(SHARED, "run_flee.py"), idir, "--days", str(days), "--seed", str(s),
                                "--out", out + ".tmp", "--meta", meta], check=True)
                os.replace(out + ".tmp", out)
            flee.append(read_out(out))
            with open(meta) as f:
                flee_times.append(json.load(f)["total_s"])
        t0 = time.time()
        for s in range(1, a.fulcrum_runs + 1):
            d = os.path.join(out_dir, f"fulcrum-{inst}-{days}d-seed{s}")
            subprocess.run([a.fulcrum, "displace", idir, "--days", str(days), "--seed", str(s), "--mode", "agent",
                            "--compat", "flee-3.1", "--out", d], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            ful.append(read_out(os.path.join(d, "out.csv")))
        ful_time = (time.time() - t0) / a.fulcrum_runs
        camps = flee[0][0]
        assert camps == ful[0][0], "camp columns differ"
        print(f"\n== {inst}, {days} days: {len(flee)} Flee 3.1 runs ({sum(flee_times)/len(flee_times):.1f} s each) vs "
              f"{len(ful)} Fulcrum --compat flee-3.1 runs ({ful_time:.2f} s each, incl. process start)")
        det_ok = all(r[3] == flee[0][3] for r in flee + ful)
        print(f"deterministic columns ({', '.join(DETERMINISTIC)}): {'identical in every run' if det_ok else 'DIFFER'}")
        print(f"{'camp':<16} {'days agreeing':>13}   {'Flee mean ± sd (last day)':>28}   {'Fulcrum mean ± sd':>22}   {'data':>8}")
        last = days - 1
        all_ok = 0
        for c in camps:
            ok = 0
            for t in range(days):
                mf, sef, _ = mean_se([r[1][c][t] for r in flee])
                mc, sec, _ = mean_se([r[1][c][t] for r in ful])
                tol = max(3 * math.sqrt(sef ** 2 + sec ** 2), 0.01 * max(abs(mf), 1.0))
                ok += abs(mf - mc) <= tol
            all_ok += ok
            mf, _, sdf = mean_se([r[1][c][last] for r in flee])
            mc, _, sdc = mean_se([r[1][c][last] for r in ful])
            print(f"{c:<16} {ok:>6}/{days:<6}   {mf:>18.0f} ± {sdf:<7.0f}   {mc:>12.0f} ± {sdc:<7.0f}   {flee[0][2][c][last]:>8.0f}")
        fa = [ard(*r[:3]) for r in flee]
        ca = [ard(*r[:3]) for r in ful]
        mfa, _, sfa = mean_se(fa)
        mca, _, sca = mean_se(ca)
        print(f"all camps: {all_ok}/{days * len(camps)} camp-days agree ({100 * all_ok / (days * len(camps)):.1f}%)")
        print(f"ARD: Flee {mfa:.4f} ± {sfa:.4f} ({', '.join(f'{x:.4f}' for x in fa)}); Fulcrum {mca:.4f} ± {sca:.4f}; "
              f"difference {mca - mfa:+.4f} (criterion ±0.01)")


if __name__ == "__main__":
    main()
