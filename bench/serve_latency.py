"""Latency of the warm service per segment, beside its baseline measured in the same run.

Starts ``evalkit serve`` (real models) on a free port, sends N one-segment ``POST /v1/check``
requests one after the other (a CAT tool asking about the segment just confirmed) and prints the
median and p95 of their wall time as the client sees it, then the same segments in one request.
The baseline is what a client does without the service: one ``evalkit score --aligned`` process
per segment (models loaded each time), run B times on segments of the same set; each baseline
answer is checked equal to the service's for the same segment.

Segments: DEMETR-fr lines 701-725 (tests/data/gate/demetr), the machine translation and its
damaged copy: 50 pairs, taken in turn.

    python bench/serve_latency.py [--n 50] [--baseline 3] [--checks fast] [--engines auto,none]

``--engines none`` times the service without the pseudo-reference MT (Apertium runs as external
processes for each request: most of a warm request's time).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "gate" / "demetr"


def segments() -> list[tuple[str, str]]:
    src = (DATA / "src.fr.txt").read_text(encoding="utf-8").splitlines()
    out = []
    for name in ("clean.en.txt", "damaged.en.txt"):
        out += list(zip(src, (DATA / name).read_text(encoding="utf-8").splitlines()))
    return out


def p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]


def start_server(checks: str, env: dict) -> tuple[subprocess.Popen, str, float]:
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "evalkit", "serve", "--port", "0", "--checks", checks, "--quiet"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = [""]
    reader = threading.Thread(target=lambda: line.__setitem__(0, proc.stdout.readline()), daemon=True)
    reader.start()
    reader.join(600)
    if not line[0]:
        proc.kill()
        raise SystemExit(f"the server did not start: {proc.stderr.read()[-2000:]}")
    return proc, line[0].strip(), time.perf_counter() - t0


def post(url: str, body: dict) -> tuple[float, dict]:
    u = urllib.parse.urlsplit(url)
    t0 = time.perf_counter()
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=600)
    conn.request("POST", "/v1/check", body=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    r = conn.getresponse()
    data = r.read()
    dt = time.perf_counter() - t0
    conn.close()
    if r.status != 200:
        raise SystemExit(f"HTTP {r.status}: {data[:500]!r}")
    return dt, json.loads(data)


def cli_one(src: str, tgt: str, checks: str, engines: str, env: dict, folder: Path) -> tuple[float, dict]:
    (folder / "s.txt").write_text(src + "\n", encoding="utf-8")
    (folder / "h.txt").write_text(tgt + "\n", encoding="utf-8")
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "evalkit", "score", str(folder / "s.txt"), str(folder / "h.txt"),
                        "--aligned", "--src-lang", "fr", "--tgt-lang", "en", "--checks", checks, "--engines", engines,
                        "--format", "json",
                        "--quiet"], cwd=ROOT, env=env, capture_output=True, text=True)
    dt = time.perf_counter() - t0
    if r.returncode != 0:
        raise SystemExit(f"evalkit score failed: {r.stderr[-1000:]}")
    return dt, json.loads(r.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=50, help="one-segment requests to the warm service")
    ap.add_argument("--baseline", type=int, default=3, help="evalkit score --aligned processes, one segment each")
    ap.add_argument("--checks", default="fast", choices=("fast", "full"))
    ap.add_argument("--engines", default="auto,none", help="pseudo-reference MT settings to time the service "
                    "with, comma-separated (the baseline uses the first)")
    args = ap.parse_args()
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}
    pairs = segments()
    proc, url, startup = start_server(args.checks, env)
    engines = args.engines.split(",")
    runs = {}
    try:
        for eng in engines:
            lat = []
            answers = {}
            for i in range(args.n):
                s, h = pairs[i % len(pairs)]
                dt, ans = post(url, {"src_lang": "fr", "tgt_lang": "en", "engines": eng,
                                     "segments": [{"src": s, "tgt": h}]})
                lat.append(dt)
                answers.setdefault(i % len(pairs), ans)
            batch = [{"src": s, "tgt": h} for s, h in (pairs[i % len(pairs)] for i in range(args.n))]
            batch_dt, _ = post(url, {"src_lang": "fr", "tgt_lang": "en", "engines": eng, "segments": batch})
            runs[eng] = (lat, batch_dt, answers)
    finally:
        proc.terminate()
        code = proc.wait(60)
    base = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.baseline):
            k = (i * 7) % len(pairs)  # spread over the set
            dt, ans = cli_one(*pairs[k], args.checks, engines[0], env, Path(tmp))
            base.append(dt)
            answers = runs[engines[0]][2]
            if k in answers:
                got = {key: v for key, v in answers[k].items() if key not in ("src", "tgt")}
                want = {key: v for key, v in ans.items() if key not in ("src", "tgt")}
                if got != want:
                    print(f"warning: segment {k}: the service's answer differs from evalkit score --aligned")
    import platform

    print(f"evalkit serve latency, --checks {args.checks}, {os.cpu_count()} CPU(s), {platform.machine()}, "
          f"OMP_NUM_THREADS=1")
    print(f"  server start (models loaded + warm-up) until its URL: {startup:.1f} s; stopped with SIGTERM: exit {code}")
    uptime = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"  load average at the end (other jobs on the machine): {uptime:.1f}")
    for eng, (lat, batch_dt, _) in runs.items():
        print(f"  warm service, engines={eng}, {args.n} one-segment requests: median {statistics.median(lat) * 1000:.0f} ms, "
              f"p95 {p95(lat) * 1000:.0f} ms, min {min(lat) * 1000:.0f} ms, max {max(lat) * 1000:.0f} ms")
        print(f"  warm service, engines={eng}, the same {args.n} segments in one request: {batch_dt:.1f} s "
              f"({batch_dt / args.n * 1000:.0f} ms a segment)")
    print(f"  baseline, engines={engines[0]}, one `evalkit score --aligned` process per segment, {args.baseline} runs: "
          f"median {statistics.median(base):.1f} s, max {max(base):.1f} s")
    lat0 = runs[engines[0]][0]
    print(f"  speed-up of the warm service per segment, engines={engines[0]} (medians): "
          f"{statistics.median(base) / statistics.median(lat0):.0f}x")


if __name__ == "__main__":
    main()
