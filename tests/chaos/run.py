"""Chaos scenario runner: load + faults during the load + consistency checker (stdlib only).

Runs against the stack described by the environment (TT_STATE_DIR, TT_SCRIPTS_DIR, ports, DB_*:
exported by scripts/test and scripts/chaos; by hand: set -a; . <state>/env.sh; set +a). Faults go
through scripts/lib (kafka_kill, service_kill, pg_crash, ...), so they hit the very processes the
scripts started. Whatever happens, every component is started again and the run waits until the
whole stack is ready, so the stack is left healthy.

A run: set-up (users, videos, follows), then `--events` requests at `--rate` per second; meanwhile
the scenario's faults are injected at evenly spaced moments (one every `--fault-interval` seconds
of load, at least one of each kind); then checker.py settles and checks. Each run writes to
<out>/<scenario>-<k>/: ledger.jsonl.gz, faults.log (scripts' output), result.json (scenario,
events, rate, durations, fault timeline, checks, violations, pass). <out>/summary.json lists all.

  run.py --ci                          CI size: 3000 events at 100/s, one consumer kill + one broker kill
  run.py --scenario kafka-kill,relay-kill --events 20000 --rate 150 --repeat 3
  run.py --scenario all --events 1000000 --repeat 10
  run.py --list
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import checker  # noqa: E402
import loadgen  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS_DIR = os.environ.get("TT_SCRIPTS_DIR", str(ROOT / "scripts"))


# ------------------------------------------------------------------------------------------------
# Stack control (scripts/lib)
# ------------------------------------------------------------------------------------------------


class Stack:
    """Calls scripts/lib functions on the stack of the environment; their output goes to `log`."""

    def __init__(self, log_path: Path | None = None):
        self.log_path = log_path

    def lib(self, *command: str, timeout: float = 180) -> None:
        script = ('set -euo pipefail; for f in common env postgres redis kafka services; do '
                  'source "$TT_SCRIPTS_DIR/lib/$f.sh"; done; "$@"')
        env = dict(os.environ, TT_SCRIPTS_DIR=SCRIPTS_DIR)
        proc = subprocess.run(["bash", "-c", script, "chaos", *command], env=env, capture_output=True, text=True,
                              timeout=timeout, check=False)
        if self.log_path:
            with open(self.log_path, "a", encoding="utf-8") as fh:
                fh.write(f"$ {' '.join(command)}\n{proc.stdout}{proc.stderr}")
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed (exit {proc.returncode}): {proc.stderr.strip()[-500:]}")

    def run(self, command: tuple) -> None:
        """A scripts/lib command, or a redis-cli one (("redis-cli", args...)) on the stack's Redis."""
        if not command:
            return
        if command[0] != "redis-cli":
            self.lib(*command)
            return
        proc = subprocess.run(["redis-cli", "-h", os.environ.get("REDIS_HOST", "127.0.0.1"), "-p",
                               os.environ["REDIS_PORT"], *command[1:]], capture_output=True, text=True, timeout=30,
                              check=False)
        if proc.returncode != 0 or proc.stdout.startswith("ERR"):
            raise RuntimeError(f"{' '.join(command)} failed: {proc.stdout} {proc.stderr}")

    def restore_all(self) -> None:
        """Starts whatever is not running (each start is a no-op when it runs) and waits for /ready."""
        errors = []
        for command in (("kafka_resume",), ("pg_start",), ("redis_start",), ("kafka_start",), ("services_start",)):
            try:
                self.lib(*command)
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                errors.append(str(exc))
        deadline = time.monotonic() + 90
        while not all(s == 200 for s in checker.ready().values()):
            if time.monotonic() > deadline:
                errors.append(f"the stack is not ready after 90 s: {checker.ready()}")
                break
            time.sleep(0.5)
        if errors:
            raise RuntimeError("could not restore the stack: " + "; ".join(errors))

    def crash_safe_postgres(self) -> bool:
        return checker.psql("interaction", "SHOW synchronous_commit") == [["on"]]


@dataclass(frozen=True)
class Fault:
    """One fault: inject, stay broken `down` seconds, restore (blocking until the component is back).

    inject / restore are scripts/lib commands; () = nothing; ("redis-cli", ...) runs redis-cli.
    """

    name: str
    inject: tuple
    restore: tuple
    down: float


FAULTS = {f.name: f for f in (
    Fault("kafka-kill", ("kafka_kill",), ("kafka_start",), 2.0),
    Fault("consumer-kill", ("service_kill", "notification-service"), ("service_start", "notification-service"), 1.0),
    Fault("relay-kill", ("service_kill", "interaction-service"), ("service_start", "interaction-service"), 1.0),
    Fault("postgres-crash", ("pg_crash",), ("pg_start",), 2.0),
    Fault("kafka-pause", ("kafka_pause",), ("kafka_resume",), 20.0),
    Fault("redis-flush", ("redis-cli", "FLUSHALL"), (), 0.0),
    Fault("redis-kill", ("redis_kill",), ("redis_start",), 2.0),
)}

# Scenario -> (faults taken in turn, description). "all" = every scenario but baseline and ci.
SCENARIOS = {
    "baseline": ((), "no fault (control run)"),
    "kafka-kill": (("kafka-kill",), "SIGKILL the broker, restart it (repeatedly)"),
    "consumer-kill": (("consumer-kill",), "SIGKILL notification-service (the consumer), restart it"),
    "relay-kill": (("relay-kill",), "SIGKILL interaction-service (writes + outbox relay), restart it"),
    "postgres-crash": (("postgres-crash",), "pg_ctl stop -m immediate, start (crash recovery)"),
    "kafka-pause": (("kafka-pause",), "SIGSTOP the broker for 20 s, then SIGCONT"),
    "redis": (("redis-flush", "redis-kill"), "FLUSHALL, then SIGKILL redis and restart it"),
    "ci": (("consumer-kill", "kafka-kill"), "one consumer kill, then one broker kill (CI size)"),
}
ALL = ("kafka-kill", "consumer-kill", "relay-kill", "postgres-crash", "kafka-pause", "redis")


class FaultInjector(threading.Thread):
    """Injects the scenario's faults at planned moments of the load; records a timeline."""

    def __init__(self, stack: Stack, faults: tuple, load_seconds: float, interval: float, load_done: threading.Event,
                 log):
        super().__init__(daemon=True)
        self.stack, self.load_done, self.log = stack, load_done, log
        slots = max(len(faults), round(load_seconds / interval)) if faults else 0
        self.plan = [(load_seconds * (i + 1) / (slots + 1), FAULTS[faults[i % len(faults)]]) for i in range(slots)]
        self.timeline, self.errors = [], []
        self.start_time = 0.0

    def act(self, fault: Fault, action: str, command: tuple) -> None:
        started = time.time()
        ok = True
        try:
            self.stack.run(command)
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            ok = False
            self.errors.append(f"{fault.name} {action}: {exc}")
        self.timeline.append({"fault": fault.name, "action": action, "at": round(started - self.start_time, 2),
                              "seconds": round(time.time() - started, 2), "ok": ok})
        self.log(f"  fault {fault.name}: {action} at +{started - self.start_time:.1f}s "
                 f"({time.time() - started:.1f}s){'' if ok else ' FAILED'}")

    def run(self) -> None:
        self.start_time = time.time()
        for done, (at, fault) in enumerate(self.plan):
            while time.time() - self.start_time < at and not self.load_done.is_set():
                time.sleep(0.1)
            if self.load_done.is_set() and done >= len({f.name for _, f in self.plan}):
                break  # the load is over: later faults would hit nothing
            self.act(fault, "inject", fault.inject)
            time.sleep(fault.down)
            self.act(fault, "restore", fault.restore)


# ------------------------------------------------------------------------------------------------
# Runs
# ------------------------------------------------------------------------------------------------


def run_one(scenario: str, k: int, opts, out: Path, log) -> dict:
    """One scenario run; returns its result (also written to <run dir>/result.json)."""
    run_dir = out / f"{scenario}-{k}"
    run_dir.mkdir(parents=True, exist_ok=True)
    stack = Stack(run_dir / "faults.log")
    ledger_path = run_dir / "ledger.jsonl"
    faults = SCENARIOS[scenario][0]
    log(f"== {scenario} #{k}: {opts.events} events at {opts.rate:g}/s, faults {list(faults) or 'none'} ({run_dir})")
    started = time.time()
    result = {"scenario": scenario, "run": k, "events": opts.events, "rate": opts.rate, "pass": False,
              "errors": []}
    ledger = loadgen.Ledger(str(ledger_path))
    load_done = threading.Event()
    injector = FaultInjector(stack, faults, opts.events / opts.rate, opts.fault_interval, load_done, log)
    try:
        stack.restore_all()
        world = loadgen.setup(ledger, opts.users, opts.videos, opts.follows, random.Random(opts.seed))
        log(f"  set-up: {len(world.users)} users, {len(world.videos)} videos ({time.time() - started:.1f}s)")
        injector.start()
        result["load"] = loadgen.run_load(world, ledger, opts.events, opts.rate, opts.workers)
        load_done.set()
        log(f"  load: {result['load']['load_seconds']}s, max lag {result['load']['max_lag_seconds']}s, "
            f"{result['load']['outcomes']}")
        injector.join()
    except Exception as exc:  # reported in the result; the stack is restored below
        result["errors"].append(f"{type(exc).__name__}: {exc}")
    finally:
        load_done.set()
        ledger.close()
        if injector.ident is not None:  # started
            injector.join(timeout=300)
        try:
            stack.restore_all()
            restored = True
        except RuntimeError as exc:
            restored = False
            result["errors"].append(str(exc))
    result["faults"] = injector.timeline
    result["errors"] += injector.errors
    if "load" in result and restored:  # a fault that failed to apply still leaves a ledger worth checking
        checked = checker.check(str(ledger_path), opts.analytics, opts.settle_timeout, opts.stable, opts.quiet,
                                opts.timeouts_ambiguous, log)
        result.update({k2: checked[k2] for k2 in ("outcomes", "settled", "settle_seconds", "settle", "checks")})
        result["violation_count"] = len(checked["violations"])
        result["violations"] = checked["violations"][:1000]
        result["pass"] = not checked["violations"] and not result["errors"]
    result["duration_seconds"] = round(time.time() - started, 1)
    with open(ledger_path, "rb") as src, gzip.open(str(ledger_path) + ".gz", "wb") as dst:
        shutil.copyfileobj(src, dst)
    ledger_path.unlink()
    (run_dir / "result.json").write_text(json.dumps(result, indent=1))
    errors = "".join(f"; {e}" for e in result["errors"])
    log(f"== {scenario} #{k}: {'PASS' if result['pass'] else 'FAIL'} in {result['duration_seconds']}s "
        f"({result.get('violation_count', '-')} violation(s){errors})")
    return result


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--scenario", default="all", help="a name, a comma list, or all (default); see --list")
    parser.add_argument("--events", type=int, default=6000, help="load requests per run (default 6000)")
    parser.add_argument("--rate", type=float, default=100.0, help="requests per second (default 100)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per scenario")
    parser.add_argument("--out", help="results directory (default $TT_BUILD_DIR/chaos-results/<time>)")
    parser.add_argument("--ci", action="store_true",
                        help="CI size: --scenario ci --events 3000 --rate 100 --users 30 --videos 30")
    parser.add_argument("--list", action="store_true", help="list the scenarios and exit")
    parser.add_argument("--fault-interval", type=float, default=20.0,
                        help="seconds of load per fault (default 20; at least one of each kind)")
    parser.add_argument("--users", type=int, default=40, help="registered at set-up (slow: password hashing)")
    parser.add_argument("--videos", type=int, default=30,
                        help="created at set-up; users x videos keys spread the load (one request in flight each)")
    parser.add_argument("--follows", type=int, default=40, help="follows made during set-up")
    parser.add_argument("--workers", type=int, default=0, help="load threads (default rate * 6, at most 600)")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--analytics", action="store_true", help="also check GET /api/videos/:id/stats")
    parser.add_argument("--settle-timeout", type=float, default=120.0,
                        help="the system must stop changing within this many seconds after the load (default 120)")
    parser.add_argument("--stable", type=float, default=5.0,
                        help="seconds a consistent reading must stay unchanged to count as settled (default 5)")
    parser.add_argument("--quiet", type=float, default=50.0,
                        help="seconds an inconsistent reading must stay unchanged to count as settled (default 50)")
    parser.add_argument("--timeouts-ambiguous", action="store_true",
                        help="gateway-deadline answers (504, 503 '... did not answer in time') count as unknown "
                             "outcomes instead of refusals that must have had no effect")
    parser.add_argument("--force", action="store_true",
                        help="run postgres-crash even when PostgreSQL runs with synchronous_commit off")
    opts = parser.parse_args(argv)
    if opts.ci:  # the consumer goes first: its group stalls for the session timeout, while the broker restarts
        opts.scenario, opts.events, opts.rate, opts.repeat, opts.users, opts.videos = "ci", 3000, 100.0, 1, 30, 30
    return opts


def main(argv=None) -> int:
    opts = parse_args(argv)
    if opts.list:
        for name, (faults, text) in SCENARIOS.items():
            print(f"{name:15} {text}{'' if name in ALL else '  (not in all)'}")
        return 0
    names = list(ALL) if opts.scenario == "all" else opts.scenario.split(",")
    unknown = [n for n in names if n not in SCENARIOS]
    if unknown:
        print(f"unknown scenario(s) {unknown}; known: {', '.join(SCENARIOS)}", file=sys.stderr)
        return 2
    if not os.environ.get("TT_STATE_DIR"):
        print("TT_STATE_DIR is not set: run through scripts/chaos, or source a stack's env.sh", file=sys.stderr)
        return 2
    if "postgres-crash" in names and not opts.force and not Stack().crash_safe_postgres():
        print("postgres-crash needs synchronous_commit on (scripts/chaos sets TT_PG_CRASH_SAFE=1); otherwise "
              "committed transactions are lost by design; --force runs it anyway", file=sys.stderr)
        return 2
    build_dir = os.environ.get("TT_BUILD_DIR", str(ROOT / "build"))
    out = Path(opts.out or Path(build_dir, "chaos-results", time.strftime("%Y%m%d-%H%M%S")))
    out.mkdir(parents=True, exist_ok=True)
    log = lambda line: print(line, flush=True)  # noqa: E731
    results = [run_one(name, k, opts, out, log) for name in names for k in range(1, opts.repeat + 1)]
    summary = [{k: r.get(k) for k in ("scenario", "run", "events", "rate", "duration_seconds", "violation_count",
                                      "pass", "errors")} for r in results]
    (out / "summary.json").write_text(json.dumps(summary, indent=1))
    log(f"\n{'scenario':16} {'run':>3} {'events':>8} {'seconds':>8} {'violations':>10}  result")
    for r in summary:
        log(f"{r['scenario']:16} {r['run']:>3} {r['events']:>8} {r['duration_seconds']:>8} "
            f"{str(r['violation_count']):>10}  {'PASS' if r['pass'] else 'FAIL'}")
    log(f"results: {out}")
    return 0 if all(r["pass"] for r in summary) else 1


if __name__ == "__main__":
    sys.exit(main())
