"""Per-process CPU and memory accounting for a benchmark run (standard library only, Linux /proc).

    watched = procs.stack_processes(state_dir)          # {"api-gateway": Proc, ..., "postgres": PgProc}
    mon = procs.Monitor(watched, interval=0.5)
    mon.start()                                         # RSS sampler thread, first CPU snapshot
    mon.add("loadgen", procs.Proc(pid))                 # a process started after the monitor
    mon.mark()                                          # CPU snapshot at the end of a warm-up
    ...
    report = mon.stop(events=completed)                 # cpu / rss / box sections of the result JSON

CPU is utime+stime (/proc/<pid>/stat fields 14 and 15) summed over every thread of a process.
PostgreSQL is the postmaster plus every backend alive at sample time (walked by ppid), plus the
postmaster's cutime+cstime, which holds the CPU of the backends that exited and were reaped during
the run. Thread-safety: Monitor's public methods are called from one thread; the sampler thread
only appends to per-process series under a lock.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024

SERVICES = ("api-gateway", "auth-service", "video-service", "interaction-service", "notification-service",
            "analytics-service")
INFRA = ("postgres", "redis", "kafka")


def _stat_fields(pid: int) -> list | None:
    """Fields of /proc/<pid>/stat after the command name (index 0 = field 3, state)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            raw = fh.read().decode("latin-1")
    except OSError:
        return None
    return raw[raw.rindex(")") + 2:].split()


def _status_kb(pid: int, key: str) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="latin-1") as fh:
            for line in fh:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def _children_of(ppid: int) -> list:
    """Pids whose parent is ppid (one pass over /proc)."""
    out = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        fields = _stat_fields(int(name))
        if fields and int(fields[1]) == ppid:
            out.append(int(name))
    return out


class Proc:
    """One process: CPU seconds so far, RSS now, peak RSS (VmHWM)."""

    def __init__(self, pid: int):
        self.pid = pid

    def alive(self) -> bool:
        fields = _stat_fields(self.pid)
        return fields is not None and fields[0] != "Z"

    def cpu_seconds(self) -> float | None:
        fields = _stat_fields(self.pid)
        if fields is None:
            return None
        return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime

    def rss_kb(self) -> int | None:
        return _status_kb(self.pid, "VmRSS")

    def hwm_kb(self) -> int | None:
        return _status_kb(self.pid, "VmHWM")


class JvmProc(Proc):
    """A JVM (the Kafka broker): also the CPU of its JIT compiler threads ("C1/C2 CompilerThread<n>",
    shown truncated as "C2 CompilerThre" in comm), which a freshly started broker spends for its first
    minute or two of traffic."""

    def jit_seconds(self) -> float | None:
        total = 0.0
        try:
            tasks = os.listdir(f"/proc/{self.pid}/task")
        except OSError:
            return None
        for tid in tasks:
            try:
                with open(f"/proc/{self.pid}/task/{tid}/comm", encoding="latin-1") as fh:
                    if not fh.read().startswith(("C1 Compiler", "C2 Compiler")):
                        continue
                with open(f"/proc/{self.pid}/task/{tid}/stat", "rb") as fh:
                    raw = fh.read().decode("latin-1")
            except OSError:
                continue  # a compiler thread may end at any time (dynamic compiler threads)
            fields = raw[raw.rindex(")") + 2:].split()
            total += (int(fields[11]) + int(fields[12])) / CLK_TCK
        return total


class PgProc(Proc):
    """The postmaster and its children, summed (RSS double counts shared buffers; reported as such)."""

    def members(self) -> list:
        return [self.pid] + _children_of(self.pid)

    def cpu_seconds(self) -> float | None:
        fields = _stat_fields(self.pid)
        if fields is None:
            return None
        total = sum(int(f) for f in fields[11:15]) / CLK_TCK  # utime, stime, cutime, cstime
        for child in _children_of(self.pid):
            cf = _stat_fields(child)
            if cf:
                total += (int(cf[11]) + int(cf[12])) / CLK_TCK
        return total

    def rss_kb(self) -> int | None:
        values = [v for v in (_status_kb(p, "VmRSS") for p in self.members()) if v is not None]
        return sum(values) if values else None

    def hwm_kb(self) -> int | None:
        values = [v for v in (_status_kb(p, "VmHWM") for p in self.members()) if v is not None]
        return max(values) if values else None


def _read_pid(path: Path) -> int | None:
    try:
        text = path.read_text().split()
        return int(text[0]) if text else None
    except (OSError, ValueError):
        return None


def stack_processes(state_dir: str) -> dict:
    """The stack's processes from its pidfiles ($TT_STATE_DIR/run/*.pid, the postmaster.pid)."""
    run = Path(state_dir, "run")
    out: dict = {}
    for name in SERVICES + ("redis", "kafka"):
        pid = _read_pid(run / f"{name}.pid")
        if pid and Proc(pid).alive():
            out[name] = JvmProc(pid) if name == "kafka" else Proc(pid)
    try:
        pg_base = Path(state_dir, "postgres.path").read_text().strip()
        pid = _read_pid(Path(pg_base, "data", "postmaster.pid"))
        if pid and Proc(pid).alive():
            out["postgres"] = PgProc(pid)
    except OSError:
        pass
    return out


def _box_times() -> tuple:
    """(busy, total) jiffies of all CPUs from /proc/stat."""
    with open("/proc/stat", encoding="ascii") as fh:
        values = [int(v) for v in fh.readline().split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    total = sum(values[:8])  # guest time is already inside user/nice
    return total - idle, total


class Monitor:
    """CPU deltas per process between mark() (or start()) and stop(); RSS sampled every `interval`."""

    def __init__(self, processes: dict, interval: float = 0.5, keep_series: bool = False):
        self.procs = dict(processes)
        self.interval = interval
        self.keep_series = keep_series
        self.lock = threading.Lock()
        self.peak: dict = {}
        self.series: dict = {}
        self.t0 = 0.0
        self.cpu0: dict = {}
        self.jit0: dict = {}
        self.box0 = (0, 0)
        self.mark_time = 0.0
        self.final_cpu: dict = {}
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._sample_loop, name="rss-sampler", daemon=True)

    def start(self) -> None:
        self.t0 = time.monotonic()
        self.mark()
        self.thread.start()

    def add(self, name: str, proc: Proc) -> None:
        """Watches a process started after start(); its CPU counts from now (or its next mark())."""
        with self.lock:
            self.procs[name] = proc
        self.cpu0[name] = proc.cpu_seconds() or 0.0

    def mark(self) -> None:
        """Starts the CPU window here (call at the end of a warm-up)."""
        self.mark_time = time.monotonic()
        self.box0 = _box_times()
        with self.lock:
            procs = dict(self.procs)
        self.cpu0 = {name: p.cpu_seconds() or 0.0 for name, p in procs.items()}
        self.jit0 = {name: p.jit_seconds() or 0.0 for name, p in procs.items() if isinstance(p, JvmProc)}

    def set_final_cpu(self, name: str, seconds: float) -> None:
        """CPU total of a process that exited (from wait4's rusage) instead of its last /proc read."""
        self.final_cpu[name] = seconds

    def _sample_loop(self) -> None:
        while not self.stopping.wait(self.interval):
            self._sample()

    def _sample(self) -> None:
        now = round(time.monotonic() - self.t0, 2)
        with self.lock:
            procs = dict(self.procs)
        for name, proc in procs.items():
            rss = proc.rss_kb()
            if rss is None:
                continue
            with self.lock:
                self.peak[name] = max(self.peak.get(name, 0), rss)
                if self.keep_series:
                    self.series.setdefault(name, []).append([now, rss])

    def stop(self, events: float) -> dict:
        """Ends the window; CPU-µs per event (events = completed requests or messages in the window)."""
        box1 = _box_times()
        wall = time.monotonic() - self.mark_time
        with self.lock:
            procs = dict(self.procs)
        cpu = {}
        for name, proc in procs.items():
            end = self.final_cpu.get(name)
            if end is None:
                end = proc.cpu_seconds()
            if end is None:
                continue
            cpu[name] = max(0.0, end - self.cpu0.get(name, 0.0))
        jit = {name: max(0.0, (procs[name].jit_seconds() or 0.0) - start) for name, start in self.jit0.items()}
        hwm = {name: proc.hwm_kb() for name, proc in procs.items()}
        self._sample()
        self.stopping.set()
        if self.thread.is_alive():
            self.thread.join(timeout=5)

        def total(names) -> float:
            return sum(cpu.get(n, 0.0) for n in names)

        groups = {"ours": total(SERVICES), "infra": total(INFRA)}
        groups["total"] = groups["ours"] + groups["infra"]
        per_event = {}
        if events > 0:
            per_event = {name: round(sec * 1e6 / events, 2) for name, sec in cpu.items()}
            per_event.update({g: round(sec * 1e6 / events, 2) for g, sec in groups.items()})
        busy = box1[0] - self.box0[0]
        span = box1[1] - self.box0[1]
        out = {
            "cpu": {
                "window_s": round(wall, 3),
                "events": events,
                "seconds": {k: round(v, 3) for k, v in {**cpu, **groups}.items()},
                "core_share": {k: round(v / wall, 3) for k, v in {**cpu, **groups}.items()} if wall > 0 else {},
                "us_per_event": per_event,
                "box_busy_share": round(busy / span, 4) if span > 0 else None,
                "jit_core_share": {k: round(v / wall, 3) for k, v in jit.items()} if wall > 0 else {},
                "note": "ours = the six services; infra = postgres (postmaster + backends) + redis + kafka; "
                        "the load generator is listed apart and in neither group; jit_core_share = the "
                        "broker's JIT compiler threads (inside its figures; about 0 once it is warm)",
            },
            "rss": {
                "peak_mib": {k: round(v / 1024, 1) for k, v in self.peak.items()},
                "hwm_mib": {k: round(v / 1024, 1) for k, v in hwm.items() if v is not None},
                "interval_s": self.interval,
                "note": "postgres = sum over postmaster + backends (shared buffers counted in each); "
                        "hwm = VmHWM (lifetime peak, max over postgres processes)",
            },
        }
        if self.keep_series:
            out["rss"]["series_kib"] = self.series
        return out
