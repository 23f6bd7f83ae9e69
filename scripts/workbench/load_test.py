#!/usr/bin/env python3
"""Loopback load test of the Fulcrum workbench while runs execute.

Starts `fulcrum serve` on 127.0.0.1 (a free port, a temporary store), stores two short
toy runs to have report and compare pages, then queues long runs (the toy valley and the
built-in Idlib scenario) and, WHILE they execute, sends a bounded number of requests (at
most --max-requests, within --duration seconds) to the results pages from --clients
concurrent clients at --rate requests per second in total. Prints requests sent, the
achieved rate, latency percentiles and the error count (any non-2xx answer or connection
error); exits 1 on any error, or if a run was executing in fewer than 90% of the checks made
every 0.5 s during the load. Only 127.0.0.1
is ever contacted. Python standard library only.
"""
import argparse
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

HOST = "127.0.0.1"


def request(conn_box, method, path, body=None, timeout=30):
    """One request on a kept-alive loopback connection; reconnects once if it was closed."""
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if body is not None else {}
    for attempt in (0, 1):
        if conn_box[0] is None:
            conn_box[0] = http.client.HTTPConnection(HOST, conn_box[1], timeout=timeout)
        try:
            conn_box[0].request(method, path, body=body, headers=headers)
            r = conn_box[0].getresponse()
            data = r.read()
            return r.status, r.getheader("Location"), data
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            conn_box[0].close()
            conn_box[0] = None
            if attempt == 1:
                raise


def start_server(fulcrum, store, threads):
    err = tempfile.NamedTemporaryFile(prefix="fulcrum-load-serve-", suffix=".log", delete=False)
    proc = subprocess.Popen([fulcrum, "serve", "--host", HOST, "--port", "0", "--store", store, "--threads", str(threads)],
                            stdout=subprocess.DEVNULL, stderr=err)
    deadline = time.time() + 60
    while time.time() < deadline:
        with open(err.name) as f:
            m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", f.read())
        if m:
            return proc, int(m.group(1)), err.name
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    proc.kill()
    sys.exit("fulcrum serve did not start; see " + err.name)


def submit(box, scenario, samples, seed):
    body = urllib.parse.urlencode({"scenario": scenario, "samples": samples, "seed": seed})
    status, location, data = request(box, "POST", "/runs", body)
    if status != 303 or not location:
        sys.exit(f"POST /runs {scenario} answered {status}: {data[:300]!r}")
    return int(location.rsplit("/", 1)[1])


def job(box, jid):
    status, _, data = request(box, "GET", f"/api/jobs/{jid}")
    if status != 200:
        sys.exit(f"/api/jobs/{jid} answered {status}")
    return json.loads(data)


def wait_done(box, jid, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        j = job(box, jid)
        if j["state"] not in ("queued", "running"):
            if j["state"] != "done":
                sys.exit(f"job {jid} ended {j['state']}: {j.get('error')}")
            return j
        time.sleep(0.1)
    sys.exit(f"job {jid} did not finish in {timeout} s")


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, int(round(p / 100 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fulcrum", required=True, help="the fulcrum binary")
    ap.add_argument("--toy", required=True, help="the toy scenario folder (docs/examples/toy-valley)")
    ap.add_argument("--rate", type=float, default=20.0, help="target requests per second, all clients together")
    ap.add_argument("--clients", type=int, default=4, help="concurrent clients (one kept-alive connection each)")
    ap.add_argument("--duration", type=float, default=30.0, help="load window in seconds (at most 60)")
    ap.add_argument("--max-requests", type=int, default=1200, help="at most this many requests in all")
    ap.add_argument("--toy-samples", type=int, default=30000, help="samples of the last toy run (the first has a tenth)")
    ap.add_argument("--idlib-samples", type=int, default=10, help="samples of the built-in Idlib run")
    ap.add_argument("--threads", type=int, default=1, help="worker threads per run (--threads of fulcrum serve)")
    args = ap.parse_args()
    if not (0 < args.duration <= 60) or args.rate <= 0 or args.clients < 1 or args.max_requests < 1:
        sys.exit("--duration must be in (0, 60], --rate > 0, --clients ≥ 1, --max-requests ≥ 1")

    tmp = tempfile.mkdtemp(prefix="fulcrum-load-")
    store = os.path.join(tmp, "runs.sqlite")
    proc, port, log = start_server(args.fulcrum, store, args.threads)
    try:
        box = [None, port]
        toy = os.path.abspath(args.toy)
        # Two short stored runs: the report and compare pages under load.
        a = wait_done(box, submit(box, toy, 4, 1), 120)["runID"]
        b = wait_done(box, submit(box, toy, 4, 2), 120)["runID"]
        # The runs that execute during the load (one at a time, in this order).
        # A shorter toy run first, so the Idlib run starts within the window.
        long_jobs = [submit(box, toy, max(1, args.toy_samples // 10), 3), submit(box, "built-in", args.idlib_samples, 1),
                     submit(box, toy, args.toy_samples, 4)]
        names = {long_jobs[0]: "toy", long_jobs[1]: "built-in Idlib", long_jobs[2]: "toy"}
        while job(box, long_jobs[0])["state"] == "queued":
            time.sleep(0.05)
        paths = ["/runs", f"/runs/{a}", f"/compare?a={a}&b={b}", f"/api/jobs/{long_jobs[0]}", f"/runs/{b}",
                 f"/api/runs/{a}", f"/jobs/{long_jobs[1]}", f"/api/jobs/{long_jobs[2]}"]

        lock = threading.Lock()
        latencies, errors, by_path = [], [], {}
        sent = [0]
        busy_checks = [0, 0]   # [checks, checks with a run executing]
        seen_running = set()
        start = time.monotonic()
        end = start + args.duration
        interval = args.clients / args.rate

        def client(c):
            cbox = [None, port]
            k = 0
            while True:
                # Open-loop schedule: client c's k-th request is due at start + (k + c/clients) * interval.
                due = start + (k + c / args.clients) * interval
                if due >= end:
                    return
                with lock:
                    if sent[0] >= args.max_requests:
                        return
                    sent[0] += 1
                    n = sent[0]
                now = time.monotonic()
                if due > now:
                    time.sleep(due - now)
                path = paths[(n - 1) % len(paths)]
                t0 = time.monotonic()
                try:
                    status, _, _ = request(cbox, "GET", path)
                    ok = 200 <= status < 300
                    what = f"HTTP {status}"
                except Exception as e:  # a connection error is an error, not a crash of the test
                    ok, what = False, f"{type(e).__name__}: {e}"
                dt = time.monotonic() - t0
                with lock:
                    latencies.append(dt)
                    by_path.setdefault(path.split("?")[0].rstrip("0123456789"), []).append(dt)
                    if not ok:
                        errors.append(f"{path}: {what}")
                k += 1

        def watcher():
            wbox = [None, port]
            while time.monotonic() < end:
                states = [job(wbox, j)["state"] for j in long_jobs]
                with lock:
                    busy_checks[0] += 1
                    busy_checks[1] += "running" in states
                    seen_running.update(j for j, s in zip(long_jobs, states) if s == "running")
                time.sleep(0.5)

        threads = [threading.Thread(target=client, args=(c,)) for c in range(args.clients)]
        w = threading.Thread(target=watcher)
        for t in threads + [w]:
            t.start()
        for t in threads + [w]:
            t.join()
        elapsed = time.monotonic() - start
        progress = [job(box, j) for j in long_jobs]

        lat = sorted(latencies)
        ms = lambda x: f"{1000 * x:.1f} ms"
        print(f"workbench load test: {args.clients} clients, target {args.rate:g} req/s for {args.duration:g} s "
              f"(at most {args.max_requests} requests), on http://127.0.0.1:{port}/")
        print(f"requests sent: {len(lat)}  achieved rate: {len(lat) / elapsed:.1f} req/s over {elapsed:.1f} s")
        print(f"latency p50 {ms(percentile(lat, 50))}  p95 {ms(percentile(lat, 95))}  p99 {ms(percentile(lat, 99))}  "
              f"max {ms(lat[-1]) if lat else '-'}")
        for p, v in sorted(by_path.items()):
            v.sort()
            print(f"  {p:<14} n={len(v):<5} p50 {ms(percentile(v, 50)):>10}  p95 {ms(percentile(v, 95)):>10}")
        print(f"errors: {len(errors)}")
        for e in errors[:10]:
            print("  " + e)
        print(f"runs executing during the load: {busy_checks[1]} of {busy_checks[0]} checks (every 0.5 s); seen running: "
              + ", ".join(f"job {j} ({names[j]})" for j in sorted(seen_running)))
        print("at the end: " + "; ".join(f"job {j['id']} ({names[j['id']]}) {j['state']} {j['done']}/{j['total']}" for j in progress))
        print(f"load: {os.getloadavg()[0]:.2f} (1-min load average at the end), {os.cpu_count()} cores")
        # The point is the pages' answers WHILE runs execute: at least 90% of the checks must see one.
        failed = bool(errors) or not lat or busy_checks[1] < 0.9 * busy_checks[0]
        return 1 if failed else 0
    finally:
        for j in locals().get("long_jobs", []):
            try:
                request([None, port], "POST", f"/jobs/{j}/cancel", "")
            except Exception:
                pass
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)
        os.unlink(log)


if __name__ == "__main__":
    sys.exit(main())
