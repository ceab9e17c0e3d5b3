"""Plots of one results directory with gnuplot (pngcairo, else png).

    python3 bench/plot.py bench/results/2026-11-28 [--out docs/perf]

Writes into --out (default docs/perf):
  latency-<scenario>.png   p50 / p99 / p99.9 / max (log scale) against the offered rate, one per
                           open-loop scenario with at least one step
  throughput.png           achieved against offered rate, every open-loop scenario (and y = x)
  cpu-per-event.png        CPU-µs per event (total and ours) against the offered rate
  wrk-vs-original.png      req/s of the original's wrk shapes, ours against the original (log scale)
  wrk-vs-original.txt      the same as a table (shape, ours, original, ratio, p50, p99)
Reads the <scenario>-<rate>.json files bench/run.py writes (tool tt-loadgen or wrk).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_runs(results: Path) -> list:
    runs = []
    for path in sorted(results.glob("*.json")):
        if path.name == "summary.json":
            continue
        try:
            data = json.loads(path.read_text())
        except ValueError:
            continue
        if data.get("tool") in ("tt-loadgen", "wrk"):
            data["_file"] = path.stem
            runs.append(data)
    return runs


def terminal() -> str:
    probe = subprocess.run(["gnuplot", "-e", "set terminal"], capture_output=True, text=True, check=False)
    kind = "pngcairo" if "pngcairo" in probe.stdout + probe.stderr else "png"
    return f"set terminal {kind} size 960,600 noenhanced\n"


def gnuplot(script: str) -> None:
    proc = subprocess.run(["gnuplot"], input=script, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"gnuplot failed: {proc.stderr.strip()[:800]}")


def plot_latency(runs: list, out: Path, tmp: Path, term: str, date: str) -> list:
    made = []
    by_scenario: dict = {}
    for r in runs:
        if r.get("tool") == "tt-loadgen" and r.get("offered_rate") and r.get("scenario") != "soak" \
                and not r["_file"].startswith("soak"):
            by_scenario.setdefault(r["scenario"], []).append(r)
    for scenario, rs in sorted(by_scenario.items()):
        rs.sort(key=lambda r: r["offered_rate"])
        data = tmp / f"lat-{scenario}.dat"
        with open(data, "w") as fh:
            for r in rs:
                lat = r.get("latency_ms", {})
                fh.write(f"{r['offered_rate']} {lat.get('p50', 0)} {lat.get('p99', 0)} {lat.get('p999', 0)} "
                         f"{lat.get('max', 0)}\n")
        png = out / f"latency-{scenario}.png"
        gnuplot(term + f"""set output '{png}'
set title '{scenario}: latency from the intended send time (tt-loadgen, open loop), {date}'
set xlabel 'offered rate (requests/s)'
set ylabel 'latency (ms, log scale)'
set logscale y
set grid
set key top left
plot '{data}' using 1:2 with linespoints title 'p50', \\
     '' using 1:3 with linespoints title 'p99', \\
     '' using 1:4 with linespoints title 'p99.9', \\
     '' using 1:5 with points title 'max'
""")
        made.append(png)
    return made


def plot_throughput_and_cpu(runs: list, out: Path, tmp: Path, term: str, date: str) -> list:
    by_scenario: dict = {}
    for r in runs:
        if r.get("tool") == "tt-loadgen" and r.get("offered_rate") and not r["_file"].startswith("soak"):
            by_scenario.setdefault(r["scenario"], []).append(r)
    if not by_scenario:
        return []
    tput, cpu = [], []
    top = 0.0
    for scenario, rs in sorted(by_scenario.items()):
        rs.sort(key=lambda r: r["offered_rate"])
        data = tmp / f"tput-{scenario}.dat"
        with open(data, "w") as fh:
            for r in rs:
                per = r.get("cpu", {}).get("us_per_event", {})
                fh.write(f"{r['offered_rate']} {r.get('achieved_rate', 0)} {per.get('total', 0)} {per.get('ours', 0)}\n")
                top = max(top, r["offered_rate"])
        tput.append(f"'{data}' using 1:2 with linespoints title '{scenario}'")
        cpu.append(f"'{data}' using 1:3 with linespoints title '{scenario} total'")
        cpu.append(f"'{data}' using 1:4 with linespoints dashtype 2 title '{scenario} ours'")
    png1, png2 = out / "throughput.png", out / "cpu-per-event.png"
    gnuplot(term + f"""set output '{png1}'
set title 'achieved vs offered rate (tt-loadgen), {date}'
set xlabel 'offered (requests/s)'
set ylabel 'achieved (requests/s)'
set grid
set key top left
set xrange [0:{top * 1.05}]
set yrange [0:{top * 1.05}]
plot x with lines dashtype 3 lc rgb 'gray' title 'achieved = offered', {', '.join(tput)}
""")
    gnuplot(term + f"""set output '{png2}'
set title 'CPU per request, all processes but the generator (utime+stime / completed), {date}'
set xlabel 'offered (requests/s)'
set ylabel 'CPU-µs per request (log scale)'
set logscale y
set grid
set key outside right
plot {', '.join(cpu)}
""")
    return [png1, png2]


def plot_wrk(runs: list, out: Path, tmp: Path, term: str, date: str) -> list:
    rows = []
    for name in ("health", "feed", "video", "view", "like", "login"):
        r = next((x for x in runs if x["_file"] == f"wrk-{name}"), None)
        if r and r.get("original"):
            lat = r.get("latency_ms", {})
            rows.append((name, r.get("achieved_rate", 0), r["original"]["req_s"], r.get("ratio_to_original"),
                         lat.get("p50"), lat.get("p99"), r["original"].get("p50_ms"), r["original"].get("p99_ms")))
    if not rows:
        return []
    data = tmp / "wrk.dat"
    with open(data, "w") as fh:
        for row in rows:
            fh.write(f"{row[0]} {row[1]} {row[2]}\n")
    table = out / "wrk-vs-original.txt"
    with open(table, "w") as fh:
        fh.write(f"wrk -t2 -c64 --latency, the original's shapes ({date}); original: "
                 "/work/shared/reference/original-baseline.md\n")
        fh.write(f"{'shape':<8} {'ours req/s':>11} {'orig req/s':>11} {'ratio':>6} {'p50 ms':>8} {'p99 ms':>8} "
                 f"{'orig p50':>9} {'orig p99':>9}\n")
        for row in rows:
            fh.write(f"{row[0]:<8} {row[1]:>11.0f} {row[2]:>11.1f} {row[3]:>6} {row[4]:>8} {row[5]:>8} "
                     f"{row[6]:>9} {row[7]:>9}\n")
    png = out / "wrk-vs-original.png"
    gnuplot(term + f"""set output '{png}'
set title 'wrk -t2 -c64 (the original''s shapes): requests/s, ours vs the NestJS original, {date}'
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set logscale y
set yrange [1:*]
set ylabel 'requests/s (log scale)'
set grid ytics
set key top right
plot '{data}' using 2:xtic(1) title 'ours', '' using 3 title 'original'
""")
    return [png, table]


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("results", help="a results directory: bench/results/<YYYY-MM-DD>")
    p.add_argument("--out", default=str(ROOT / "docs" / "perf"), help="where the PNGs go (default docs/perf)")
    args = p.parse_args(argv)
    if not shutil.which("gnuplot"):
        print("plot.py: gnuplot is not installed (Debian: gnuplot-nox, in scripts/deps.txt)", file=sys.stderr)
        return 1
    results, out = Path(args.results), Path(args.out)
    runs = load_runs(results)
    if not runs:
        print(f"plot.py: no run files in {results}", file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    term = terminal()
    date = results.name
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        made = plot_latency(runs, out, tmp, term, date)
        made += plot_throughput_and_cpu(runs, out, tmp, term, date)
        made += plot_wrk(runs, out, tmp, term, date)
    for path in made:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
