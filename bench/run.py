"""Benchmark orchestrator: set-up through the public API, load ladders, CPU/RSS accounting, results.

Runs against the stack described by the environment (scripts/bench starts a private one and exports
TT_GATEWAY_URL, TT_STATE_DIR, TT_BUILD_DIR, KAFKA_BROKERS, DB_*; by hand: set -a; . <state>/env.sh;
set +a). Method: /work/shared/reference/performance.md §4-§5; the original's figures:
original-baseline.md in the same directory.

  run.py [scenario ...] [--quick] [--out DIR] [--rates 1000,2500] [--duration S] [--warmup S]
  scenarios: kafka health like unlike view comment feed video login mixed pinned wrk soak all

Open-loop steps use build/bin/tt-loadgen (latency from the intended send time); `wrk` and `pinned`
use wrk (closed loop, the original's shapes). Every run writes <out>/<YYYY-MM-DD>/<scenario>-<rate or
label>.json: the generator's JSON + `meta` (commit, box, config, `cpu_probe_ms`: the machine's speed
right after the step, see cpu_probe_ms()) + `cpu` (CPU-µs per event per
process: utime+stime deltas over the measured window ÷ completed requests) + `rss` (peak VmRSS sampled
every 0.5 s, VmHWM), and <out>/<date>/summary.json lists every run of that date. A ladder stops after
the first step with more than 1 % errors or p99 above 1 s. Exit code 0 when every run ran and the
like counters verified; 1 otherwise.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import math
import os
import platform
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import api  # noqa: E402
import pgstats  # noqa: E402
import procs  # noqa: E402
import wrk_runner  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BUILD_DIR = Path(os.environ.get("TT_BUILD_DIR", ROOT / "build"))

LOADGEN_SCENARIOS = ("health", "like", "unlike", "view", "comment", "feed", "video", "login", "mixed")
ALL_ORDER = ("kafka", "health", "pinned", "wrk", "video", "feed", "view", "comment", "login", "like", "unlike",
             "mixed")
SCENARIOS = ALL_ORDER + ("soak",)

# Offered rates per scenario (requests/s): full runs and --quick smoke runs (one low step each).
LADDERS = {
    # Low rungs first so each chart has points below saturation; the upper rungs are the issue's
    # targets. A ladder stops at its first step with > 1 % errors or p99 > 1 s.
    "health": [1000, 5000, 10000, 20000, 30000, 40000],
    "like": [250, 500, 1000, 2500, 5000, 10000],
    "unlike": [250, 500, 1000, 2500],
    "view": [500, 1000, 2500, 5000, 10000, 20000],
    "feed": [1000, 2500, 5000, 10000, 15000],
    "video": [1000, 2500, 5000, 10000, 20000],
    "comment": [250, 500, 1000, 2000],
    "login": [10, 20, 40],
    "mixed": [500, 1000, 2000, 4000, 8000],
    "soak": [5000],
}
QUICK_LADDERS = {"health": [500], "like": [200], "unlike": [100], "view": [300], "feed": [300], "video": [300],
                 "comment": [100], "login": [5], "mixed": [200], "soak": [200]}
PROBE_RATE = 5000  # like steps up to this rate get the latency probes

# The original's medians: /work/shared/reference/original-baseline.md, "Concurrency 64"
# (wrk -t2 -c64 -d20s --latency, NestJS at 79bb377 on a 2-vCPU VM). p50/p99 of the median run.
ORIGINAL = {
    "health": {"req_s": 2065, "range": [1817, 2144], "p50_ms": 25.8, "p99_ms": 88.6},
    "feed": {"req_s": 747, "range": [659, 875], "p50_ms": 79.9, "p99_ms": 428},
    "video": {"req_s": 1044, "range": [790, 1099], "p50_ms": 58.4, "p99_ms": 173},
    "view": {"req_s": 595, "range": [570, 601], "p50_ms": 95.0, "p99_ms": 528},
    "like": {"req_s": 259, "range": [252, 266], "p50_ms": 219, "p99_ms": 578},
    "login": {"req_s": 25.4, "range": [25.4, 25.4], "p50_ms": 2360, "p99_ms": 3610},
}
ORIGINAL_NOTE = ("original: median req/s of its runs in /work/shared/reference/original-baseline.md "
                 "(like: the two clean runs; single-video body there is a broken 65-byte {})")

CONFIG_VARS = re.compile(r"^(GRPC_|KAFKA_|OUTBOX_|RATE_LIMIT_|RECONCILE_|GATEWAY_|WS_|LOG_LEVEL|NODE_ENV|"
                         r"JWT_ACCESS_EXPIRATION|TT_PG_CRASH_SAFE|TT_MODE|VIEW_|VIDEO_CACHE|ANALYTICS_|"
                         r"([A-Z]+_)?DB_POOL|([A-Z]+_)?DB_(HOST|PORT|NAME)|REDIS_(HOST|PORT|POOL|TIMEOUT))")
SECRET = re.compile(r"SECRET|PASSWORD|TOKEN")


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


# ------------------------------------------------------------------------------------------------
# Environment facts
# ------------------------------------------------------------------------------------------------


def psql(sql: str, db: str = "interaction") -> str:
    prefix = db.upper()

    def setting(name: str, default: str) -> str:
        return os.environ.get(f"{prefix}_DB_{name}") or os.environ.get(f"DB_{name}") or default

    binary = shutil.which("psql") or "/usr/lib/postgresql/15/bin/psql"
    cmd = [binary, "-X", "-q", "-tA", "-v", "ON_ERROR_STOP=1", "-h", setting("HOST", "127.0.0.1"),
           "-p", setting("PORT", "5432"), "-U", setting("USERNAME", "postgres"),
           "-d", os.environ.get(f"{prefix}_DB_NAME", f"tiktok_{db}"), "-c", sql]
    env = dict(os.environ, PGPASSWORD=setting("PASSWORD", "postgres"), PGCONNECT_TIMEOUT="5")
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"psql {db}: {proc.stderr.strip()[:300]}")
    return proc.stdout.strip()


def git(*args: str) -> str:
    proc = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=False)
    return proc.stdout.strip()


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def cpu_probe_ms() -> float:
    """CPU milliseconds this process needs to SHA-256 128 MiB (median of 3): the machine's speed at the
    moment, written next to every result. The VM's speed drifts between runs (neighbours, clocks), and
    CPU-µs per event moves with it; compare two runs' figures only after comparing their probes."""
    block = bytes(1 << 20)
    samples = []
    for _ in range(3):
        started = time.process_time()
        digest = hashlib.sha256()
        for _ in range(128):
            digest.update(block)
        samples.append((time.process_time() - started) * 1000)
    return round(sorted(samples)[1], 1)


def collect_meta() -> dict:
    pg = {}
    for name in ("synchronous_commit", "fsync", "full_page_writes", "shared_buffers", "max_connections"):
        try:
            pg[name] = psql(f"SHOW {name}")
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            pg[name] = f"unknown ({exc})"
    config = {k: v for k, v in sorted(os.environ.items()) if CONFIG_VARS.match(k) and not SECRET.search(k)}
    return {
        "commit": git("rev-parse", "HEAD"),
        "dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
        "cpu_model": cpu_model(),
        "nproc": os.cpu_count(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "postgres": pg,
        "config": config,
        "note": "postgres in the bench stack: synchronous_commit on (process-crash safe); fsync/full_page_writes "
                "as listed (test mode: off, power-loss safety out of scope as in performance.md §4)",
    }


# ------------------------------------------------------------------------------------------------
# Results
# ------------------------------------------------------------------------------------------------


def error_count(res: dict) -> int:
    st, er = res.get("status", {}), res.get("errors", {})
    return (st.get("4xx", 0) + st.get("5xx", 0) + st.get("other", 0) + er.get("connect", 0) + er.get("timeout", 0)
            + er.get("io", 0) + er.get("read", 0) + er.get("write", 0))


def error_share(res: dict) -> float:
    total = res.get("sent") or res.get("completed") or 0
    total = max(total, res.get("completed", 0) + error_count(res))
    return error_count(res) / total if total else 0.0


def summary_row(name: str, res: dict) -> dict:
    lat = res.get("latency_ms", {})
    cpu = res.get("cpu", {}).get("us_per_event", {})
    net = res.get("cpu", {}).get("us_per_event_net", {})
    peak = res.get("rss", {}).get("peak_mib", {})
    ours_peak = {k: v for k, v in peak.items() if k in procs.SERVICES}
    return {
        "file": name,
        "scenario": res.get("scenario"),
        "tool": res.get("tool"),
        "offered": res.get("offered_rate"),
        "achieved": round(res.get("achieved_rate", 0) or 0, 1),
        "completed": res.get("completed"),
        "errors": error_count(res),
        "error_share": round(error_share(res), 5),
        "exhausted": res.get("errors", {}).get("exhausted", 0),
        "p50_ms": lat.get("p50"),
        "p99_ms": lat.get("p99"),
        "p999_ms": lat.get("p999"),
        "max_ms": lat.get("max"),
        "cpu_us_per_event_total": cpu.get("total"),
        "cpu_us_per_event_ours": cpu.get("ours"),
        "cpu_us_per_event_net_total": net.get("total"),
        "cpu_us_per_event_net_ours": net.get("ours"),
        "peak_rss_mib_max_service": max(ours_peak.values()) if ours_peak else None,
        "original_req_s": (res.get("original") or {}).get("req_s"),
        "ratio_to_original": res.get("ratio_to_original"),
    }


class Results:
    """Writes run files into <out>/<date>/ and keeps that date's summary.json up to date."""

    def __init__(self, out: Path, meta: dict):
        self.date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
        self.dir = out / self.date
        self.dir.mkdir(parents=True, exist_ok=True)
        self.meta = meta
        self.lock = threading.Lock()

    def write(self, name: str, res: dict, summarize: bool = True) -> Path:
        res.setdefault("meta", {})
        res["meta"] = {**self.meta, **res["meta"],
                       "date_utc": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                       "offered": res.get("offered_rate"), "achieved": res.get("achieved_rate"),
                       "cpu_probe_ms": cpu_probe_ms()}
        path = self.dir / f"{name}.json"
        path.write_text(json.dumps(res, indent=1) + "\n")
        if summarize:
            self._summarize(name, res)
        return path

    def _summarize(self, name: str, res: dict) -> None:
        with self.lock:
            path = self.dir / "summary.json"
            try:
                summary = json.loads(path.read_text())
            except (OSError, ValueError):
                summary = {"runs": []}
            summary["runs"] = [r for r in summary.get("runs", []) if r.get("file") != name]
            summary["runs"].append(summary_row(name, res))
            summary["box"] = {k: self.meta[k] for k in ("cpu_model", "nproc", "kernel")}
            summary["updated_utc"] = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
            path.write_text(json.dumps(summary, indent=1) + "\n")


def one_line(name: str, res: dict) -> str:
    lat = res.get("latency_ms", {})
    cpu = res.get("cpu", {}).get("us_per_event", {})
    peak = res.get("rss", {}).get("peak_mib", {})
    gw = peak.get("api-gateway")
    offered = res.get("offered_rate")
    parts = []
    if offered:
        parts.append(f"offered {offered:g}/s")
    parts.append(f"achieved {res.get('achieved_rate', 0):.0f}/s")
    parts.append("p50 {} p99 {} p99.9 {} max {} ms".format(*(lat.get(k, "-") for k in ("p50", "p99", "p999", "max"))))
    parts.append(f"errors {error_count(res)} ({100 * error_share(res):.2f} %)")
    if cpu:
        parts.append(f"CPU {cpu.get('total', 0):.0f} µs/event (ours {cpu.get('ours', 0):.0f})")
    jit = res.get("cpu", {}).get("jit_core_share", {}).get("kafka")
    if jit:
        parts.append(f"broker JIT {jit:.2f} cores")
    if gw is not None:
        parts.append(f"gateway peak RSS {gw} MiB")
    if res.get("ratio_to_original") is not None:
        parts.append(f"x{res['ratio_to_original']} the original")
    probe = res.get("meta", {}).get("cpu_probe_ms")
    if probe is not None:
        parts.append(f"VM speed probe {probe} ms")
    return f"{name}: " + ", ".join(parts)


# ------------------------------------------------------------------------------------------------
# The bench
# ------------------------------------------------------------------------------------------------


class Bench:
    def __init__(self, args):
        self.args = args
        self.base = os.environ.get("TT_GATEWAY_URL", "http://127.0.0.1:3000").rstrip("/")
        self.state_dir = os.environ.get("TT_STATE_DIR", "")
        if not self.state_dir:
            raise SystemExit("TT_STATE_DIR is not set: run through scripts/bench (or source a stack's env.sh)")
        self.work = Path(self.state_dir, "bench")
        self.work.mkdir(parents=True, exist_ok=True)
        self.loadgen = Path(args.loadgen or BUILD_DIR / "bin" / "tt-loadgen")
        self.quick = args.quick
        self.duration = args.duration if args.duration is not None else (3 if self.quick else 30)
        self.warmup = args.warmup if args.warmup is not None else (1 if self.quick else 5)
        self.wrk_duration = args.duration if args.duration is not None else (3 if self.quick else 20)
        self.wrk_warmup = args.warmup if args.warmup is not None else (1 if self.quick else 5)
        self.setup: dict | None = None
        self.setup_path = self.work / "setup.json"
        self.pair_offset = 0
        self.probe_per_step = 0
        self.probe_cursor = 0  # probe videos already used by earlier steps
        self.failures: list = []
        self.like_runs: list = []
        self.idle_share: dict = {}
        self.results = Results(Path(args.out), collect_meta())

    # ---- helpers ---------------------------------------------------------------------------------

    def ladder(self, scenario: str) -> list:
        if self.args.rates:
            return self.args.rates
        return (QUICK_LADDERS if self.quick else LADDERS)[scenario]

    def planned_pairs(self, scenarios: list) -> int:
        total = 0
        for s in ("like", "soak"):
            if s in scenarios:
                dur = self.soak_duration() if s == "soak" else self.duration
                total += sum(math.floor(r * (dur + self.warmup)) for r in self.ladder(s))
        if "like" in scenarios:
            total += math.floor(self.broker_warmup_rate() * (self.broker_warmup_seconds() + self.warmup))
        return total

    def soak_duration(self) -> float:
        if self.args.duration is not None:
            return self.args.duration
        return 20 if self.quick else 600

    def ensure_setup(self, scenarios: list) -> dict:
        if self.setup is not None:
            return self.setup
        videos = self.args.videos or (80 if self.quick else 1500)
        users = self.args.users or (60 if self.quick else 1000)
        needed = self.planned_pairs(scenarios)
        if not self.args.users and needed * 1.1 > users * videos:
            users = math.ceil(needed * 1.1 / videos)
            log(f"set-up: {users} users so that {needed} like pairs stay unique ({videos} videos)")
        elif needed > users * videos:
            log(f"warning: the like runs plan {needed} pairs but {users} users x {videos} videos give "
                f"{users * videos}: the generator will report `exhausted`")
        wrk_videos = 30 if self.quick else 300
        probe_videos = 0
        if "like" in scenarios:
            # Each probed step likes videos of its own: a repeat like changes nothing and sends no event.
            self.probe_per_step = int((self.duration + self.warmup + 10) / 0.2) + 10
            probe_videos = self.probe_per_step * len([r for r in self.ladder("like") if r <= PROBE_RATE])
        self.setup = api.create_setup(self.base, users, videos, extra_videos=wrk_videos, probe_videos=probe_videos,
                                      threads=self.args.setup_threads, log=log)
        self.setup_path.write_text(json.dumps(api.loadgen_setup(self.setup)))
        (self.work / "wrk-tokens.txt").write_text("\n".join(u["token"] for u in self.setup["users"]) + "\n")
        (self.work / "wrk-videos.txt").write_text("\n".join(v["id"] for v in self.setup["wrk_videos"]) + "\n")
        (self.work / "videos.txt").write_text("\n".join(v["id"] for v in self.setup["videos"]) + "\n")
        (self.work / "login-users.txt").write_text("\n".join(u["username"] for u in self.setup["users"][:100]) + "\n")
        return self.setup

    def measure_idle(self) -> None:
        """CPU of every process with no load, so low-rate steps can be read net of background work."""
        seconds = 2.0 if self.quick else 10.0
        mon = procs.Monitor(self.watched())
        mon.start()
        time.sleep(seconds)
        report = mon.stop(events=0)
        self.idle_share = report["cpu"]["core_share"]
        self.results.write("idle", {"scenario": "idle", "tool": "bench", "duration_s": seconds, **report},
                           summarize=False)
        log("idle: " + ", ".join(f"{k} {v:.3f}" for k, v in sorted(self.idle_share.items()) if v >= 0.005)
            + " cores")

    def add_net_cpu(self, res: dict) -> None:
        """us_per_event_net: CPU above the idle baseline, per event (background work excluded)."""
        cpu = res.get("cpu", {})
        events, window = cpu.get("events") or 0, cpu.get("window_s") or 0
        if not self.idle_share or not events:
            return
        cpu["us_per_event_net"] = {
            k: round(max(0.0, sec - self.idle_share.get(k, 0.0) * window) * 1e6 / events, 2)
            for k, sec in cpu.get("seconds", {}).items()}
        cpu["idle_core_share"] = self.idle_share

    def settle(self, what: str, limit_s: float = 90.0) -> float:
        """Waits until the stack's CPU is back near its idle baseline (work left over from the previous
        step, e.g. queued argon2 logins, would otherwise be billed to the next one). Returns seconds."""
        if not self.idle_share:
            return 0.0
        allowed = self.idle_share.get("total", 0.0) + 0.15
        started = time.monotonic()
        share = 0.0
        while time.monotonic() - started < limit_s:
            mon = procs.Monitor(self.watched(), interval=5.0)
            mon.start()
            time.sleep(1.0)
            share = mon.stop(events=0)["cpu"]["core_share"].get("total", 0.0)
            if share <= allowed:
                break
        waited = time.monotonic() - started
        if waited > 2.5:
            log(f"{what}: waited {waited:.0f} s for the stack to go quiet (last {share:.2f} cores, idle "
                f"{self.idle_share.get('total', 0.0):.2f})")
        return round(waited, 1)

    def watched(self) -> dict:
        return procs.stack_processes(self.state_dir)

    def warm_reads(self, what: str) -> None:
        client = api.Client(self.base)
        started = time.monotonic()
        if what == "feed":
            for limit in (10, 20):
                for page in range(1, 21):
                    client.call("GET", f"/api/videos/feed?page={page}&limit={limit}")
            client.call("GET", "/api/videos/feed")
        else:
            for v in self.setup["videos"]:
                client.call("GET", f"/api/videos/{v['id']}")
        client.close()
        log(f"{what}: cache warmed in {time.monotonic() - started:.1f} s")

    # ---- one open-loop step ------------------------------------------------------------------------

    def loadgen_step(self, scenario: str, rate: float, duration: float, label: str, extra: list | None = None,
                     rss_interval: float = 0.5, keep_series: bool = False, during=None) -> dict | None:
        if not self.loadgen.exists():
            self.fail(f"{label}: {self.loadgen} not found (build it: ninja -C {BUILD_DIR} tt-loadgen)")
            return None
        out_path = self.work / f"{label}.loadgen.json"
        out_path.unlink(missing_ok=True)
        cmd = [str(self.loadgen), "--url", self.base, "--scenario", scenario, "--rate", f"{rate:g}",
               "--duration", f"{duration:g}", "--warmup", f"{self.warmup:g}", "--out", str(out_path),
               "--seed", "1", "--label", label]
        if self.setup_path.exists():
            cmd += ["--setup", str(self.setup_path)]
        if self.args.connections:
            cmd += ["--connections", str(self.args.connections)]
        if self.args.loadgen_threads:
            cmd += ["--threads", str(self.args.loadgen_threads)]
        cmd += extra or []
        settled = self.settle(label)
        mon = procs.Monitor(self.watched(), interval=rss_interval, keep_series=keep_series)
        mon.start()
        log_path = self.work / f"{label}.loadgen.log"
        with open(log_path, "w") as log_fh:
            proc = subprocess.Popen(cmd, stdout=log_fh, stderr=subprocess.STDOUT)
        mon.add("loadgen", procs.Proc(proc.pid))
        statements = pgstats.PgStatements(psql) if self.args.pg_statements else None

        def end_of_warmup():
            mon.mark()
            if statements:
                statements.start()

        marker = threading.Timer(self.warmup, end_of_warmup)
        marker.start()
        side = during() if during else None
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        marker.cancel()
        mon.set_final_cpu("loadgen", usage.ru_utime + usage.ru_stime)
        try:
            res = json.loads(out_path.read_text())
        except (OSError, ValueError):
            res = None
        side_result = side.stop() if side else None
        report = mon.stop(events=(res or {}).get("completed", 0))
        if statements and res:
            report["pg_statements"] = statements.stop(res.get("completed", 0))
        if proc.returncode != 0 or res is None:
            tail = log_path.read_text()[-1500:] if log_path.exists() else ""
            self.fail(f"{label}: tt-loadgen exited with {proc.returncode}: {' '.join(cmd)}\n{tail}")
            return None
        res.update(report)
        self.add_net_cpu(res)
        res["settle_s"] = settled
        res["command"] = " ".join(cmd)
        if side_result is not None:
            res["probes"] = side_result
        return res

    def fail(self, msg: str) -> None:
        log("FAILED " + msg)
        self.failures.append(msg.splitlines()[0])

    def run_ladder(self, scenario: str, extra_for=None, after_step=None, probe_at: float | None = None) -> list:
        ladder = self.ladder(scenario)
        done = []
        for rate in ladder:
            label = f"{scenario}-{rate:g}"
            extra = extra_for(rate) if extra_for else None
            during = None
            # Probes at every step up to probe_at: the 5,000/s step may never run when a lower one
            # already saturates the box.
            if probe_at is not None and rate <= probe_at:
                during = self.start_probe
            res = self.loadgen_step(scenario, rate, self.duration, label, extra, during=during)
            if res is None:
                break
            if after_step:
                after_step(rate, res)
            if scenario == "login":
                for key in ("us_per_event", "us_per_event_net"):
                    per = res.get("cpu", {}).get(key, {})
                    res["cpu"][key.replace("us_per_event", "ms_per_login")] = {
                        k: round(v / 1000, 2) for k, v in per.items()}
            self.results.write(label, res)
            log(one_line(label, res))
            done.append(res)
            p99 = res.get("latency_ms", {}).get("p99") or 0
            if error_share(res) > 0.01 or p99 > 1000:
                log(f"{scenario}: stopping the ladder after {rate:g}/s (errors {100 * error_share(res):.2f} %, "
                    f"p99 {p99} ms)")
                break
        return done

    def start_probe(self):
        import probe  # noqa: PLC0415 (needs tests/e2e on the path only here)

        first = self.probe_cursor
        self.probe_cursor += self.probe_per_step
        videos = self.setup["probe"]["videos"][first:self.probe_cursor]
        if not videos:
            self.fail("probe: no unused probe videos left for this step")
            return None
        p = probe.LikeProbe(self.base, {**self.setup["probe"], "videos": videos}, interval=0.2)
        try:
            p.start()
        except OSError as exc:
            self.fail(f"probe: cannot open the WebSocket: {exc}")
            return None
        return p

    # ---- scenarios --------------------------------------------------------------------------------

    def scenario_simple(self, scenario: str) -> None:
        if scenario in ("feed", "video"):
            self.warm_reads(scenario)
        self.run_ladder(scenario)

    def broker_warmup_seconds(self) -> float:
        if self.args.broker_warmup is not None:
            return self.args.broker_warmup
        return 0 if self.quick else 120

    def broker_warmup_rate(self) -> float:
        return min(self.ladder("like")[0], 250.0)

    def warm_broker(self) -> None:
        """Unmeasured likes before the first measured step, so that the broker's JIT compilers do not bill
        their work to it: on this class of machine a freshly started broker spends about a quarter of a
        core compiling for its first minute or two of event traffic. Uses pairs of its own."""
        seconds, rate = self.broker_warmup_seconds(), self.broker_warmup_rate()
        if seconds <= 0:
            return
        log(f"like: warming the broker with {seconds:g} s at {rate:g}/s (not measured)")
        res = self.loadgen_step("like", rate, seconds, "like-broker-warmup", ["--pair-offset", str(self.pair_offset)])
        self.pair_offset += math.floor(rate * (seconds + self.warmup))
        if res:
            jit = res.get("cpu", {}).get("jit_core_share", {}).get("kafka")
            log(f"like: broker warm-up done (its JIT compilers used {jit} cores during it)")

    def scenario_like(self) -> None:
        def extra(rate):
            return ["--pair-offset", str(self.pair_offset)]

        def after(rate, res):
            self.pair_offset += math.floor(rate * (self.duration + self.warmup))
            self.like_runs.append(res)

        ladder = self.ladder("like")
        self.warm_broker()
        before = self.db_likes()  # after the warm-up: the verification counts the measured steps
        candidates = [r for r in ladder if r <= PROBE_RATE] or ladder[:1]
        self.run_ladder("like", extra_for=extra, after_step=after, probe_at=max(candidates))
        self.verify_likes(before)

    def scenario_unlike(self) -> None:
        # Walks the like sequence from its start: the pairs the like runs created (when it ran first).
        self.run_ladder("unlike", extra_for=lambda rate: ["--pair-offset", "0"])

    def db_likes(self) -> dict:
        try:
            return {"rows": int(psql("SELECT count(*) FROM likes")),
                    "counter_sum": int(psql("SELECT coalesce(sum(likes_count), 0) FROM video_stats"))}
        except (RuntimeError, ValueError, subprocess.TimeoutExpired) as exc:
            return {"error": str(exc)}

    def reconcile(self) -> dict:
        binary = BUILD_DIR / "bin" / "interaction-service"
        proc = subprocess.run([str(binary), "reconcile"], capture_output=True, text=True, timeout=600, check=False)
        try:
            report = json.loads(proc.stdout)
        except ValueError:
            report = {"stdout": proc.stdout[-2000:]}
        return {"exit_code": proc.returncode, "drift_free": proc.returncode == 0, "report": report,
                "stderr": proc.stderr[-1000:]}

    def verify_likes(self, before: dict) -> None:
        after = self.db_likes()
        rec = self.reconcile()
        acked = sum(r.get("status", {}).get("2xx", 0) for r in self.like_runs)
        unacked = sum(error_count(r) for r in self.like_runs)
        warm = sum(math.ceil(r["offered_rate"] * r.get("warmup_s", self.warmup)) for r in self.like_runs)
        probes = sum(r.get("probes", {}).get("like_http_ms", {}).get("count", 0) for r in self.like_runs)
        delta = after.get("rows", 0) - before.get("rows", 0)
        api_sum = self.api_likes_sum()
        ok_rows = acked + probes <= delta <= acked + probes + unacked + warm
        result = {
            "scenario": "like-verify",
            "tool": "bench",
            "db_before": before,
            "db_after": after,
            "likes_rows_delta": delta,
            "acked_2xx_measured": acked,
            "probe_likes": probes,
            "warmup_requests": warm,
            "unacked_measured": unacked,
            "counters_equal_rows": after.get("rows") == after.get("counter_sum"),
            "rows_within_expected": ok_rows,
            "api_likes_sum": api_sum,
            "reconcile": rec,
            "pass": rec["drift_free"] and after.get("rows") == after.get("counter_sum") and ok_rows
                    and api_sum.get("equal_to_db", True),
            "note": "every like pair is fresh, so each 2xx is a new row; warm-up likes are not in the generator's "
                    "counts, hence the range acked+probes <= delta <= acked+probes+unacked+warmup",
        }
        self.results.write("like-verify", result, summarize=False)
        log(f"like verification: {'PASS' if result['pass'] else 'FAIL'} (rows +{delta}, acked {acked} + "
            f"probes {probes} + warm-up <= {warm}; counters == rows: {result['counters_equal_rows']}; "
            f"reconcile exit {rec['exit_code']}; API sum == DB: {api_sum.get('equal_to_db')})")
        if not result["pass"]:
            self.failures.append("like verification failed (see like-verify.json)")

    def api_likes_sum(self) -> dict:
        """likesCount of every bench video through GET /api/videos/:id, against video_stats."""
        client = api.Client(self.base)
        total = 0
        try:
            for v in self.setup["videos"]:
                status, body = client.call("GET", f"/api/videos/{v['id']}")
                total += int((api.data_of(body) or {}).get("likesCount", 0)) if status == 200 else 0
            ids = ",".join(f"'{v['id']}'" for v in self.setup["videos"])
            db = int(psql(f"SELECT coalesce(sum(likes_count), 0) FROM video_stats WHERE video_id IN ({ids})"))
        except (OSError, RuntimeError, ValueError) as exc:
            return {"error": str(exc)}
        finally:
            client.close()
        return {"api": total, "db": db, "equal_to_db": total == db}

    def scenario_wrk(self) -> None:
        setup = self.setup
        w = str(self.work)
        shapes = [
            ("health", "/health", None, [], None),
            ("feed", "/api/videos/feed?page=1&limit=10", None, [], None),
            ("video", f"/api/videos/{setup['videos'][0]['id']}", None, [], None),
            ("video-signed-in", f"/api/videos/{setup['videos'][0]['id']}", "signed_in.lua",
             [f"{w}/wrk-tokens.txt", 2], None),
            ("view", "/api/interactions/view", "view.lua", [f"{w}/videos.txt", 2], None),
            ("like", "/api/interactions/like", "like.lua", [f"{w}/wrk-tokens.txt", f"{w}/wrk-videos.txt", 2], None),
            ("login", "/api/auth/login", "login.lua", [f"{w}/login-users.txt", setup["password"], 2], "10s"),
        ]
        self.warm_reads("feed")
        offset = 0
        for name, path, script, sargs, timeout in shapes:
            url = self.base + path
            args = list(sargs) + ([offset] if name == "like" else [])
            if name == "login" and self.quick:
                log("wrk-login: skipped in --quick (64 queued argon2 logins need more than a few seconds)")
                continue
            self.settle(f"wrk-{name}")
            try:
                warm = wrk_runner.run(url, threads=2, connections=64, duration=self.wrk_warmup, script=script,
                                      script_args=args, timeout=timeout)
                if name == "like":
                    offset += warm.get("completed", 0) + 64  # + requests in flight when wrk stopped
                    args = list(sargs) + [offset]
                res = self.wrk_measured(url, f"wrk-{name}", threads=2, script=script, script_args=args,
                                        timeout=timeout)
            except (RuntimeError, ValueError) as exc:
                self.fail(f"wrk-{name}: {exc}")
                continue
            if name == "like":
                offset += res.get("completed", 0) + 64
            if not res.get("completed"):
                self.fail(f"wrk-{name}: no request completed")
            orig = ORIGINAL.get(name)  # the original's baseline has no signed-in detail shape
            if orig:
                res["original"] = {**orig, "note": ORIGINAL_NOTE}
                res["ratio_to_original"] = round(res["achieved_rate"] / orig["req_s"], 1)
            res["shape"] = "wrk -t2 -c64 --latency (the original's), after a same-shape warm-up"
            self.results.write(f"wrk-{name}", res)
            log(one_line(f"wrk-{name}", res))

    def wrk_measured(self, url: str, label: str, threads: int, script=None, script_args=None, timeout=None,
                     cpu_list=None) -> dict:
        mon = procs.Monitor(self.watched(), interval=0.5)
        mon.start()
        res = wrk_runner.run(url, threads=threads, connections=64, duration=self.wrk_duration, script=script,
                             script_args=script_args, timeout=timeout, cpu_list=cpu_list,
                             on_start=lambda pid: mon.add("loadgen", procs.Proc(pid)))
        mon.set_final_cpu("loadgen", res.pop("loadgen_cpu_s"))
        report = mon.stop(events=res.get("completed", 0))
        res.update(report)
        self.add_net_cpu(res)
        res.update({"tool": "wrk", "scenario": label, "offered_rate": None, "label": label})
        if "status" in res:
            res["status"].setdefault("2xx", 0)
        return res

    def scenario_pinned(self) -> None:
        n = os.cpu_count() or 1
        gw = self.watched().get("api-gateway")
        if n < 2 or gw is None:
            self.fail(f"pinned: needs 2 cores and a running gateway (nproc {n}, gateway {gw and gw.pid})")
            return
        url = self.base + "/health"
        all_cpus = f"0-{n - 1}"
        self.settle("pinned")
        subprocess.run(["taskset", "-apc", "0", str(gw.pid)], check=True, capture_output=True)
        try:
            wrk_runner.run(url, threads=1, connections=64, duration=self.wrk_warmup, cpu_list="1")
            res = self.wrk_measured(url, "pinned-health", threads=1, cpu_list="1")
        except (RuntimeError, ValueError) as exc:
            self.fail(f"pinned: {exc}")
            return
        finally:
            subprocess.run(["taskset", "-apc", all_cpus, str(gw.pid)], check=False, capture_output=True)
        res["shape"] = "gateway (all threads) pinned to core 0 (taskset -apc 0), taskset -c 1 wrk -t1 -c64 --latency"
        self.results.write("pinned-health", res)
        log(one_line("pinned-health", res))

    def scenario_kafka(self) -> None:
        try:
            import kafka_pipeline  # noqa: PLC0415 (another helper's module; optional until it exists)
        except ImportError as exc:
            self.fail(f"kafka: bench/kafka_pipeline.py not importable ({exc})")
            return
        kafka = self.watched().get("kafka")
        brokers = os.environ.get("KAFKA_BROKERS") or f"127.0.0.1:{os.environ.get('KAFKA_PORT', '9092')}"
        # --duration sizes our live run in seconds (Kafka's tools then get as many records); otherwise
        # a fixed number of records.
        duration = None if self.args.messages else self.args.duration
        messages = None if duration else (self.args.messages or (200_000 if self.quick else 6_000_000))
        path = self.results.dir / "kafka.json"
        size = f"{duration:g} s" if duration else f"{messages} messages"
        log(f"kafka: pipeline bench, {size} against {brokers}")
        try:
            res = kafka_pipeline.run(brokers, kafka.pid if kafka else None, messages, str(path), duration=duration)
        except Exception as exc:  # noqa: BLE001 (whatever the helper raises: record it and go on)
            self.fail(f"kafka: {type(exc).__name__}: {exc}")
            return
        res = dict(res or {})
        res.setdefault("tool", "kafka_pipeline")
        res.setdefault("scenario", "kafka")
        self.results.write("kafka", res)
        log(f"kafka: done ({path})")

    def scenario_soak(self) -> None:
        rate = self.ladder("soak")[0]
        duration = self.soak_duration()
        label = f"soak-{rate:g}"
        log(f"soak: {rate:g} likes/s for {duration:g} s, RSS every second")
        res = self.loadgen_step("like", rate, duration, label, ["--pair-offset", str(self.pair_offset)],
                                rss_interval=1.0, keep_series=True)
        if res is None:
            return
        self.pair_offset += math.floor(rate * (duration + self.warmup))
        res["scenario"] = "soak"
        res["rss"]["growth"] = rss_growth(res["rss"].get("series_kib", {}), window=min(60.0, duration / 3))
        self.results.write(label, res)
        log(one_line(label, res))
        for name, g in sorted(res["rss"]["growth"].items()):
            if name in procs.SERVICES:
                log(f"  {name}: first window {g['first_mib']} MiB, last {g['last_mib']} MiB ({g['growth_pct']:+.1f} %)")

    def run(self, scenarios: list) -> int:
        needs_setup = [s for s in scenarios if s not in ("kafka", "health", "pinned")]
        if needs_setup:
            self.ensure_setup(scenarios)
        self.measure_idle()
        for s in scenarios:
            log(f"=== {s} ===")
            started = time.monotonic()
            try:
                if s in ("health", "view", "comment", "feed", "video", "login", "mixed"):
                    self.scenario_simple(s)
                elif s == "like":
                    self.scenario_like()
                elif s == "unlike":
                    self.scenario_unlike()
                else:
                    getattr(self, f"scenario_{s}")()
            except (RuntimeError, OSError, api.ApiError, subprocess.SubprocessError) as exc:
                self.fail(f"{s}: {type(exc).__name__}: {exc}")
            log(f"=== {s}: {time.monotonic() - started:.0f} s ===")
        if "like" in scenarios and any(s in scenarios for s in ("unlike", "mixed", "soak")):
            rec = self.reconcile()
            log(f"final reconcile: exit {rec['exit_code']} ({'no drift' if rec['drift_free'] else 'DRIFT'})")
            self.results.write("reconcile-final", {"scenario": "reconcile", "tool": "interaction-service", **rec},
                               summarize=False)
            if not rec["drift_free"]:
                self.failures.append("final reconcile found drift")
        log(f"results: {self.results.dir}")
        if self.failures:
            log("failures:\n  " + "\n  ".join(self.failures))
            return 1
        return 0


def rss_growth(series: dict, window: float = 60.0) -> dict:
    """Mean RSS of the first and last `window` seconds of each process's series."""
    out = {}
    for name, points in series.items():
        if not points:
            continue
        end = points[-1][0]
        first = [kb for t, kb in points if t <= points[0][0] + window]
        last = [kb for t, kb in points if t >= end - window]
        a, b = sum(first) / len(first), sum(last) / len(last)
        out[name] = {"first_mib": round(a / 1024, 1), "last_mib": round(b / 1024, 1),
                     "growth_pct": round(100 * (b - a) / a, 2) if a else 0.0, "window_s": window}
    return out


def parse_args(argv):
    p = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("scenarios", nargs="*", default=["all"], help=f"{', '.join(SCENARIOS)}, all (default)")
    p.add_argument("--quick", action="store_true", help="smoke run: small set-up, one low step, 3 s each")
    p.add_argument("--out", default=str(ROOT / "bench" / "results"), help="results directory (default bench/results)")
    p.add_argument("--rates", type=lambda s: [float(x) for x in s.split(",") if x],
                   help="offered rates for every selected ladder, e.g. 1000,2500,5000")
    p.add_argument("--duration", type=float,
                   help="seconds per step (default 30; wrk 20; soak 600; quick 3); kafka: seconds of our live run")
    p.add_argument("--warmup", type=float, help="warm-up seconds before each step (default 5; quick 1)")
    p.add_argument("--users", type=int, help="users to register (default 1000, more when the like runs need it)")
    p.add_argument("--videos", type=int, help="videos to create (default 1500)")
    p.add_argument("--connections", type=int, help="tt-loadgen --connections (default: its own)")
    p.add_argument("--loadgen-threads", type=int, help="tt-loadgen --threads (default: its own, 1)")
    p.add_argument("--messages", type=int, help="kafka: messages (default 6,000,000; quick 200,000)")
    p.add_argument("--broker-warmup", type=float,
                   help="like: seconds of unmeasured likes before the first step, so the broker's JIT "
                        "warm-up is not billed to it (default 120; quick 0)")
    p.add_argument("--pg-statements", action="store_true",
                   help="record PostgreSQL statements and transactions per event for each loadgen step "
                        "(pg_stat_statements; scripts/bench loads it)")
    p.add_argument("--setup-threads", type=int, default=4, help="parallel registrations (default 4)")
    p.add_argument("--loadgen", help="tt-loadgen binary (default $TT_BUILD_DIR/bin/tt-loadgen)")
    args = p.parse_args(argv)
    chosen = []
    for s in args.scenarios:
        if s == "all":
            chosen += [x for x in ALL_ORDER if x not in chosen]
        elif s in SCENARIOS:
            if s not in chosen:
                chosen.append(s)
        else:
            p.error(f"unknown scenario {s!r} (known: {', '.join(SCENARIOS)}, all)")
    # Keep the dependency order (like before unlike, ...) whatever order they were given in.
    order = list(SCENARIOS)
    args.scenarios = sorted(chosen, key=order.index)
    return args


def main(argv=None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    log(f"scenarios: {' '.join(args.scenarios)}{' (quick)' if args.quick else ''}; gateway "
        f"{os.environ.get('TT_GATEWAY_URL')}")
    return Bench(args).run(args.scenarios)


if __name__ == "__main__":
    sys.exit(main())
