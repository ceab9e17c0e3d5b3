"""Runs wrk (closed loop) and turns its text output into the benchmark's result fields.

    res = wrk_runner.run(url, threads=2, connections=64, duration=20, script=path, script_args=[...],
                         timeout="10s", cpu_list="1", on_start=callback)

The scripts in bench/wrk/ print one `TT_RESULT 2xx=.. 3xx=.. 4xx=.. 5xx=.. other=.. wrapped=..` line
from done(); wrk's own summary gives Requests/sec, the latency distribution (--latency) and socket
errors. `on_start(pid)` is called right after wrk starts (to watch its CPU); the result has
`loadgen_cpu_s` from wait4's rusage (wrk's whole run, user + system).
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

WRK_DIR = Path(__file__).resolve().parent / "wrk"

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}


def _ms(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text.strip())
    if not m:
        raise ValueError(f"unparsable wrk time {text!r}")
    return round(float(m.group(1)) * _UNITS[m.group(2)], 4)


def parse(output: str) -> dict:
    """The fields of wrk's report (raises ValueError when the summary is missing)."""
    out: dict = {"latency_ms": {}, "errors": {"connect": 0, "read": 0, "write": 0, "timeout": 0}}
    m = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if not m:
        raise ValueError("no 'Requests/sec' in wrk output:\n" + output[-2000:])
    out["achieved_rate"] = float(m.group(1))
    m = re.search(r"(\d+) requests in ([\d.]+\w+), ([\d.]+\w+) read", output)
    if m:
        out["completed"] = int(m.group(1))
        out["duration_s"] = round(_ms(m.group(2)) / 1000, 3)
        out["read"] = m.group(3)
    for pct, value in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", output, re.M):
        out["latency_ms"][f"p{pct}"] = _ms(value)
    m = re.search(r"^\s+Latency\s+(\S+)\s+(\S+)\s+(\S+)", output, re.M)
    if m:
        out["latency_ms"]["mean"] = _ms(m.group(1))
        out["latency_ms"]["stdev"] = _ms(m.group(2))
        out["latency_ms"]["max"] = _ms(m.group(3))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if m:
        out["errors"] = dict(zip(("connect", "read", "write", "timeout"), map(int, m.groups())))
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    out["non_2xx_3xx"] = int(m.group(1)) if m else 0
    m = re.search(r"TT_RESULT (.*)", output)
    if m:
        counts = dict(kv.split("=") for kv in m.group(1).split())
        out["status"] = {k: int(v) for k, v in counts.items() if k != "wrapped"}
        out["wrapped"] = int(counts.get("wrapped", 0))
    return out


def run(url: str, *, threads: int, connections: int, duration: float, script: str | None = None,
        script_args: list | None = None, timeout: str | None = None, cpu_list: str | None = None,
        on_start=None) -> dict:
    cmd = []
    if cpu_list is not None:
        cmd += ["taskset", "-c", cpu_list]
    cmd += ["wrk", f"-t{threads}", f"-c{connections}", f"-d{int(round(duration))}s", "--latency"]
    if timeout:
        cmd += ["--timeout", timeout]
    cmd += ["-s", str(WRK_DIR / (script or "plain.lua")), url]
    if script_args:
        cmd += ["--", *[str(a) for a in script_args]]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if on_start:
        on_start(proc.pid)
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"wrk exited with {proc.returncode}: {' '.join(cmd)}\n{output[-2000:]}")
    result = parse(output)
    result["command"] = " ".join(cmd)
    result["raw"] = output
    result["loadgen_cpu_s"] = round(usage.ru_utime + usage.ru_stime, 3)
    return result
