"""What PostgreSQL did per event during a measured window (scripts/bench --pg-statements).

Needs pg_stat_statements loaded at server start (scripts/bench sets TT_PG_STAT_STATEMENTS=1 for
that). `start()` at the end of a warm-up resets the statement statistics and notes each database's
transaction counters; `stop(events)` reads both again and divides by the events the window
completed: statements and transactions per event, per database and per statement, with the
execution time PostgreSQL measured (execution only: parse, network and commit are not in it, the
process CPU in the result's `cpu` section is).
"""
from __future__ import annotations

import time

DATABASES = ("auth", "video", "interaction", "notification", "analytics")
TOP = 30  # statements listed, by calls


class PgStatements:
    def __init__(self, psql):
        """psql(sql, db) -> str runs one statement and returns psql's -tA output."""
        self.psql = psql
        self.xact0: dict = {}
        self.t0 = 0.0
        self.error = ""

    def _xacts(self) -> dict:
        names = ",".join(f"'tiktok_{d}'" for d in DATABASES)
        out = self.psql(f"SELECT datname, xact_commit + xact_rollback FROM pg_stat_database "
                        f"WHERE datname IN ({names})", "interaction")
        return {name.removeprefix("tiktok_"): int(n) for name, n in
                (line.split("|") for line in out.splitlines() if line)}

    def start(self) -> None:
        try:
            self.psql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", "interaction")
            self.psql("SELECT pg_stat_statements_reset()", "interaction")
            self.xact0 = self._xacts()
            self.t0 = time.monotonic()
        except RuntimeError as exc:
            self.error = f"pg_stat_statements unavailable (was the stack started with --pg-statements?): {exc}"

    def stop(self, events: int) -> dict:
        if self.error or not self.t0:
            return {"error": self.error or "start() was not called"}
        window = time.monotonic() - self.t0
        per = max(events, 1)
        xacts = {d: (n - self.xact0.get(d, 0)) / per for d, n in self._xacts().items()}
        rows = self.psql(
            "SELECT regexp_replace(d.datname, '^tiktok_', ''), s.calls, s.total_exec_time, s.rows, "
            "regexp_replace(left(s.query, 160), '\\s+', ' ', 'g') "
            "FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid "
            "WHERE d.datname LIKE 'tiktok_%' ORDER BY s.calls DESC", "interaction")
        statements, calls = [], {}
        for line in rows.splitlines():
            db, n, ms, nrows, query = line.split("|", 4)
            calls[db] = calls.get(db, 0) + int(n) / per
            statements.append({"db": db, "calls_per_event": round(int(n) / per, 3),
                               "exec_us_per_event": round(float(ms) * 1000 / per, 2),
                               "rows_per_event": round(int(nrows) / per, 3), "query": query})
        return {
            "window_s": round(window, 3),
            "events": events,
            "transactions_per_event": {d: round(v, 3) for d, v in xacts.items()},
            "statements_per_event": {d: round(v, 3) for d, v in sorted(calls.items())},
            "exec_us_per_event": round(sum(s["exec_us_per_event"] for s in statements), 2),
            "top": statements[:TOP],
            "note": "from pg_stat_statements (track = all) and pg_stat_database, reset at the end of "
                    "the warm-up; exec time is execution only",
        }
