#!/usr/bin/env python3
"""Kafka pipeline benchmark: libs/kafka (tt-kafka-bench) next to Kafka's own perf tools.

Runs, one after the other against the same broker:
  ours                 tt-kafka-bench, live: producer and consumer in one process (throughput, e2e latency)
  ours_backlog         tt-kafka-bench --backlog: the consumer drains what was produced (consumer throughput
                       comparable to ConsumerPerformance); skipped with --no-backlog
  kafka_producer_perf  org.apache.kafka.tools.ProducerPerformance with the settings of libs/kafka's producer
  kafka_consumer_perf  org.apache.kafka.tools.ConsumerPerformance over the records the step above wrote
For every step: the client process's CPU seconds and peak RSS (wait4 rusage: utime+stime, ru_maxrss =
VmHWM), the broker's CPU seconds (utime+stime from /proc/<kafka-pid>/stat before/after) and its VmRSS
(sampled every 0.2 s), CPU-µs per event, and the load average around the step (the machine may be shared).

Library use (bench/run.py):  result = kafka_pipeline.run(brokers, kafka_pid, messages, out_path)
Command line:                 bench/kafka_pipeline.py --brokers 127.0.0.1:9092 --kafka-pid PID --messages 300000
Python 3 standard library only. See bench/kafka/README.md.
"""

import argparse
import datetime
import glob
import json
import math
import os
import platform
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KAFKA_VERSION = "4.4.0"
CLK_TCK = os.sysconf("SC_CLK_TCK")

# libs/kafka/src/producer.cpp, as Java producer properties (murmur2 is the Java default partitioner
# for keyed records; librdkafka's murmur2_random matches it).
PRODUCER_PROPS = {
    "acks": "all",
    "enable.idempotence": "true",
    "linger.ms": "2",
    "compression.type": "lz4",
}
KEY_RANGE = 4096  # tt-kafka-bench's default: keys "0".."4095" round robin

LOG4J2 = """status = warn
appender.console.type = Console
appender.console.name = STDERR
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.stderr.ref = STDERR
"""


class BenchError(RuntimeError):
    """A step failed; the message says which and where its output is."""


def log(message):
    print(f"[kafka-bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# /proc helpers


def proc_cpu_seconds(pid):
    """utime+stime of a live process in seconds (fields 14 and 15 of /proc/<pid>/stat)."""
    with open(f"/proc/{pid}/stat") as f:
        stat = f.read()
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def proc_status_kb(pid, key):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def loadavg():
    with open("/proc/loadavg") as f:
        return [float(x) for x in f.read().split()[:3]]


# ---------------------------------------------------------------------------------------------
# Running one client process while watching the broker


def run_measured(name, argv, kafka_pid, timeout_s, workdir):
    """Runs argv (no shell), sampling the broker while it runs. Returns a dict with exit code, output
    file paths, client CPU/peak RSS (from wait4) and broker CPU/RSS over the step."""
    out_path = os.path.join(workdir, f"{name}.out")
    err_path = os.path.join(workdir, f"{name}.err")
    broker_cpu_before = proc_cpu_seconds(kafka_pid)
    broker_rss = [proc_status_kb(kafka_pid, "VmRSS")]
    load_before = loadavg()
    log(f"{name}: {' '.join(argv)}")
    started = time.monotonic()
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=workdir)
    timed_out = False
    while True:
        pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
        if pid == proc.pid:
            break
        if time.monotonic() - started > timeout_s and not timed_out:
            timed_out = True
            proc.kill()
        broker_rss.append(proc_status_kb(kafka_pid, "VmRSS"))
        time.sleep(0.2)
    wall = time.monotonic() - started
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4; keep Popen consistent
    broker_cpu = proc_cpu_seconds(kafka_pid) - broker_cpu_before
    broker_rss = [r for r in broker_rss if r is not None]
    return {
        "argv": argv,
        "exit_code": proc.returncode,
        "timed_out": timed_out,
        "stdout": out_path,
        "stderr": err_path,
        "wall_seconds": round(wall, 3),
        "client": {
            "cpu_seconds": round(rusage.ru_utime + rusage.ru_stime, 3),
            "user_seconds": round(rusage.ru_utime, 3),
            "sys_seconds": round(rusage.ru_stime, 3),
            "peak_rss_kb": rusage.ru_maxrss,
        },
        "broker": {
            "cpu_seconds": round(broker_cpu, 3),
            "rss_kb_max": max(broker_rss) if broker_rss else None,
            "rss_kb_end": broker_rss[-1] if broker_rss else None,
        },
        "loadavg_before": load_before,
        "loadavg_after": loadavg(),
    }


def per_event(step, events):
    """Adds CPU-µs per event of the client, the broker and both to a run_measured() result."""
    if not events:
        step["cpu_us_per_event"] = None
        return step
    client = step["client"]["cpu_seconds"] * 1e6 / events
    broker = step["broker"]["cpu_seconds"] * 1e6 / events
    step["events"] = events
    step["cpu_us_per_event"] = {"client": round(client, 2), "broker": round(broker, 2), "total": round(client + broker, 2)}
    return step


def tail(path, lines=20):
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-lines:])
    except OSError:
        return ""


def require_ok(step, name):
    if step["exit_code"] != 0 or step["timed_out"]:
        why = "timed out" if step["timed_out"] else f"exit {step['exit_code']}"
        raise BenchError(f"{name} failed ({why}); stderr {step['stderr']}:\n{tail(step['stderr'])}")


# ---------------------------------------------------------------------------------------------
# Kafka's tools: same jars and JVM options as scripts/lib/kafka.sh (_kafka_jvm)


def kafka_libs_dir():
    if os.environ.get("KAFKA_LIBS"):
        return os.environ["KAFKA_LIBS"]
    cache = os.environ.get("TT_CACHE_DIR", os.path.expanduser("~/.cache/tiktok-clone"))
    return os.path.join(cache, f"kafka-{KAFKA_VERSION}", "libs")


def ensure_kafka_tools(libs):
    """kafka-tools is in scripts/kafka/pom.xml; resolve again (kafka_resolve) when the jar is missing."""
    if glob.glob(os.path.join(libs, f"kafka-tools-{KAFKA_VERSION}.jar")):
        return
    log(f"kafka-tools-{KAFKA_VERSION}.jar not in {libs}: running kafka_resolve")
    script = f'source "{ROOT}/scripts/lib/kafka.sh" && kafka_resolve'
    subprocess.run(["bash", "-c", script], check=True)
    if not glob.glob(os.path.join(libs, f"kafka-tools-{KAFKA_VERSION}.jar")):
        raise BenchError(f"kafka-tools-{KAFKA_VERSION}.jar still missing from {libs} after kafka_resolve "
                         "(is it in scripts/kafka/pom.xml? set KAFKA_LIBS if the jars live elsewhere)")


def java_command(libs, log4j_path, main_class, args):
    heap = os.environ.get("KAFKA_HEAP_OPTS", "-Xms256m -Xmx512m").split()
    return (["java", *heap, "-XX:+UseG1GC", "-Djava.awt.headless=true", f"-Dlog4j2.configurationFile={log4j_path}",
             "-cp", os.path.join(libs, "*"), main_class, *args])


# ProducerPerformance's final line, e.g. "300000 records sent, 151285.930408 records/sec (28.86 MB/sec),
# 61.72 ms avg latency, 405.00 ms max latency, 39 ms 50th, 197 ms 95th, 368 ms 99th, 400 ms 99.9th."
PRODUCER_SUMMARY = re.compile(
    r"(?P<records>\d+) records sent, (?P<rate>[\d.]+) records/sec \((?P<mb>[\d.]+) MB/sec\), "
    r"(?P<avg>[\d.]+) ms avg latency, (?P<max>[\d.]+) ms max latency, (?P<p50>\d+) ms 50th, "
    r"(?P<p95>\d+) ms 95th, (?P<p99>\d+) ms 99th, (?P<p999>\d+) ms 99\.9th")


def parse_producer_perf(text):
    matches = list(PRODUCER_SUMMARY.finditer(text))
    if not matches:
        raise BenchError("no summary line in ProducerPerformance output:\n" + text[-2000:])
    m = matches[-1]  # the last line is the whole run (interval lines have "records sent" too)
    return {
        "records": int(m["records"]),
        "rate": float(m["rate"]),
        "mb_per_s": float(m["mb"]),
        "send_to_ack_latency_ms": {"avg": float(m["avg"]), "p50": int(m["p50"]), "p95": int(m["p95"]),
                                   "p99": int(m["p99"]), "p999": int(m["p999"]), "max": float(m["max"])},
    }


def parse_consumer_perf(text):
    """The header line "start.time, end.time, data.consumed.in.MB, ..." and the values line after it."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for i, line in enumerate(lines):
        if line.startswith("start.time") and i + 1 < len(lines):
            names = [n.strip() for n in line.split(",")]
            values = [v.strip() for v in lines[i + 1].split(",")]
            row = dict(zip(names, values))
            num = lambda key: float(row[key]) if key in row else None  # noqa: E731
            return {
                "records": int(num("data.consumed.in.nMsg") or 0),
                "mb": num("data.consumed.in.MB"),
                "mb_per_s": num("MB.sec"),
                "rate": num("nMsg.sec"),
                "rebalance_ms": num("rebalance.time.ms"),
                "fetch_ms": num("fetch.time.ms"),
                "fetch_rate": num("fetch.nMsg.sec"),
                "fetch_mb_per_s": num("fetch.MB.sec"),
                "raw": row,
            }
    raise BenchError("no result line in ConsumerPerformance output:\n" + text[-2000:])


def create_topic(brokers, topic, partitions, build_dir, libs, log4j_path, workdir):
    admin = os.path.join(build_dir, "bin", "tt-kafka-admin")
    if os.access(admin, os.X_OK):
        argv = [admin, "create-topics", "--brokers", brokers, "--partitions", str(partitions), topic]
    else:
        argv = java_command(libs, log4j_path, "org.apache.kafka.tools.TopicCommand",
                            ["--bootstrap-server", brokers, "--create", "--if-not-exists", "--topic", topic,
                             "--partitions", str(partitions), "--replication-factor", "1"])
    done = subprocess.run(argv, cwd=workdir, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise BenchError(f"creating topic {topic} failed: {done.stderr[-2000:]}")


# ---------------------------------------------------------------------------------------------


def run(brokers, kafka_pid, messages=None, out_path=None, duration=None, rate=0, size=200, partitions=6,
        backlog=True, topic_prefix="tt-bench", build_dir=None, workdir=None):
    """Runs the steps in order and returns the result dict (also written to out_path if given).
    Exactly one of messages / duration. In duration mode Kafka's tools get as many records as
    tt-kafka-bench's live run acknowledged. Raises BenchError when a step fails or loses records."""
    if (messages is None) == (duration is None):
        raise ValueError("give exactly one of messages and duration")
    build_dir = build_dir or os.environ.get("TT_BUILD_DIR", os.path.join(ROOT, "build"))
    bench_bin = os.path.join(build_dir, "bin", "tt-kafka-bench")
    if not os.access(bench_bin, os.X_OK):
        raise BenchError(f"{bench_bin} not found: build it (ninja -C {build_dir} tt-kafka-bench)")
    proc_cpu_seconds(kafka_pid)  # fails early if the broker pid is wrong
    libs = kafka_libs_dir()
    ensure_kafka_tools(libs)
    workdir = workdir or tempfile.mkdtemp(prefix="tt-kafka-bench.")
    log4j_path = os.path.join(workdir, "log4j2.properties")
    with open(log4j_path, "w") as f:
        f.write(LOG4J2)
    stamp = time.strftime("%Y%m%d%H%M%S")
    run_timeout = (duration or 0) + (messages or 0) / 5000 + 180  # generous: a floor of 5k records/s

    result = {
        "meta": {
            "started": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "host": platform.node(),
            "kernel": platform.release(),
            "cpus": os.cpu_count(),
            "brokers": brokers,
            "kafka_pid": kafka_pid,
            "kafka_version": KAFKA_VERSION,
            "messages": messages,
            "duration_s": duration,
            "rate": rate,
            "size": size,
            "partitions": partitions,
            "producer_props": PRODUCER_PROPS,
            "key_range": KEY_RANGE,
            "workdir": workdir,
            "git": git_revision(),
            "note": "client CPU and peak RSS include process start-up (JVM start and JIT for Kafka's tools)",
        },
    }

    def bench_argv(topic, extra):
        argv = [bench_bin, "--brokers", brokers, "--topic", topic, "--create", "--partitions", str(partitions),
                "--size", str(size), "--rate", str(rate), "--key-range", str(KEY_RANGE)]
        argv += ["--messages", str(messages)] if messages is not None else ["--duration", str(duration)]
        return argv + extra

    # (a) ours, live
    report_path = os.path.join(workdir, "ours.json")
    step = run_measured("ours", bench_argv(f"{topic_prefix}-ours-{stamp}", ["--out", report_path]), kafka_pid,
                        run_timeout, workdir)
    require_ok(step, "tt-kafka-bench")
    with open(report_path) as f:
        step["report"] = json.load(f)
    records = step["report"]["producer"]["acked"]
    result["ours"] = per_event(step, records)

    # (a') ours, backlog: consumer throughput comparable to ConsumerPerformance
    if backlog:
        report_path = os.path.join(workdir, "ours_backlog.json")
        argv = bench_argv(f"{topic_prefix}-ours-backlog-{stamp}", ["--backlog", "--out", report_path])
        if duration is not None:  # the same number of records as the live run
            argv = argv[: argv.index("--duration")] + ["--messages", str(records)] + argv[argv.index("--duration") + 2 :]
        # The whole backlog is drained at once: allow it at a floor of 100k records/s (30 s at least).
        argv += ["--drain-timeout", str(max(30, math.ceil((messages or records) / 100_000)))]
        step = run_measured("ours_backlog", argv, kafka_pid, run_timeout, workdir)
        require_ok(step, "tt-kafka-bench --backlog")
        with open(report_path) as f:
            step["report"] = json.load(f)
        result["ours_backlog"] = per_event(step, step["report"]["producer"]["acked"])

    # (b) ProducerPerformance
    java_topic = f"{topic_prefix}-java-{stamp}"
    create_topic(brokers, java_topic, partitions, build_dir, libs, log4j_path, workdir)
    props = {**PRODUCER_PROPS, "client.id": "kafka-producer-perf"}
    args = ["--bootstrap-server", brokers, "--topic", java_topic, "--num-records", str(records),
            "--record-size", str(size), "--throughput", str(rate if rate > 0 else -1),
            "--key-distribution", "range", "--record-key-range", str(KEY_RANGE),
            "--command-property", *[f"{k}={v}" for k, v in props.items()]]
    step = run_measured("kafka_producer_perf", java_command(libs, log4j_path, "org.apache.kafka.tools.ProducerPerformance",
                                                            args), kafka_pid, run_timeout, workdir)
    require_ok(step, "ProducerPerformance")
    with open(step["stdout"]) as f:
        step["report"] = parse_producer_perf(f.read())
    result["kafka_producer_perf"] = per_event(step, step["report"]["records"])

    # (c) ConsumerPerformance over what (b) wrote
    args = ["--bootstrap-server", brokers, "--topic", java_topic, "--num-records", str(records),
            "--group", f"kafka-consumer-perf-{stamp}", "--timeout", "30000"]
    step = run_measured("kafka_consumer_perf", java_command(libs, log4j_path, "org.apache.kafka.tools.ConsumerPerformance",
                                                            args), kafka_pid, run_timeout, workdir)
    require_ok(step, "ConsumerPerformance")
    with open(step["stdout"]) as f:
        step["report"] = parse_consumer_perf(f.read())
    result["kafka_consumer_perf"] = per_event(step, step["report"]["records"])

    result["summary"] = summarize(result)
    if out_path:
        with open(out_path, "w") as f:
            json.dump(result, f, indent=2)
            f.write("\n")
    if not result["ours"]["report"]["ok"]:
        raise BenchError(f"tt-kafka-bench lost or duplicated records: {result['ours']['report']['lost']} lost")
    return result


def summarize(result):
    """The headline numbers side by side."""
    ours = result["ours"]
    producer = result["kafka_producer_perf"]
    consumer = result["kafka_consumer_perf"]
    backlog = result.get("ours_backlog")

    def cpu(step, part):
        return (step.get("cpu_us_per_event") or {}).get(part)

    summary = {
        "producer_rate": {"ours": ours["report"]["producer"]["rate"], "kafka": producer["report"]["rate"]},
        "consumer_rate": {"ours_live": ours["report"]["consumer"]["rate"],
                          "ours_backlog": backlog["report"]["consumer"]["rate"] if backlog else None,
                          # fetch.nMsg.sec: without the group join, like ours_backlog (timed from the release)
                          "kafka": consumer["report"]["fetch_rate"],
                          "kafka_incl_group_join": consumer["report"]["rate"]},
        "client_cpu_us_per_event": {
            "ours_produce_and_consume": cpu(ours, "client"),
            "kafka_produce_and_consume": round((cpu(producer, "client") or 0) + (cpu(consumer, "client") or 0), 2),
            "kafka_producer": cpu(producer, "client"),
            "kafka_consumer": cpu(consumer, "client"),
        },
        "broker_cpu_us_per_event": {
            "ours": cpu(ours, "broker"),
            "kafka_tools": round((cpu(producer, "broker") or 0) + (cpu(consumer, "broker") or 0), 2),
        },
        "client_peak_rss_kb": {"ours": ours["client"]["peak_rss_kb"],
                               "kafka_producer": producer["client"]["peak_rss_kb"],
                               "kafka_consumer": consumer["client"]["peak_rss_kb"]},
        "ours_e2e_latency_ms": ours["report"]["e2e_latency_ms"],
        "kafka_producer_send_to_ack_ms": producer["report"]["send_to_ack_latency_ms"],
        "lost": ours["report"]["lost"],
        "duplicates": ours["report"]["consumer"]["duplicates"],
    }
    return summary


def git_revision():
    try:
        return subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              timeout=10).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--brokers", required=True, help="bootstrap servers, host:port")
    parser.add_argument("--kafka-pid", type=int, required=True, help="the broker's pid (its CPU and RSS are measured)")
    size = parser.add_mutually_exclusive_group(required=True)
    size.add_argument("--messages", type=int, help="records per step")
    size.add_argument("--duration", type=float, help="seconds of tt-kafka-bench; Kafka's tools get as many records")
    parser.add_argument("--rate", type=float, default=0, help="records/s, open loop; 0 = as fast as possible")
    parser.add_argument("--size", type=int, default=200, help="record payload bytes")
    parser.add_argument("--partitions", type=int, default=6)
    parser.add_argument("--no-backlog", action="store_true", help="skip the tt-kafka-bench --backlog step")
    parser.add_argument("--topic-prefix", default="tt-bench")
    parser.add_argument("--out", default="kafka_pipeline.json")
    args = parser.parse_args(argv)
    try:
        result = run(args.brokers, args.kafka_pid, messages=args.messages, out_path=args.out, duration=args.duration,
                     rate=args.rate, size=args.size, partitions=args.partitions, backlog=not args.no_backlog,
                     topic_prefix=args.topic_prefix)
    except (BenchError, OSError, subprocess.SubprocessError) as e:
        print(f"kafka_pipeline: {e}", file=sys.stderr)
        return 1
    print(json.dumps(result["summary"], indent=2))
    log(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
