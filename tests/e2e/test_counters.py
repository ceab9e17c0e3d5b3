"""End-to-end: exact counters. Every counter equals a recount of its rows; the reconciler
(`interaction-service reconcile`) finds none drifted, reports one that was corrupted on purpose,
repairs it with --repair, and the service exposes the result as tt_counter_drift."""

import json
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import support  # noqa: E402
from support import register_user, request  # noqa: E402

BIN = os.path.join(os.environ.get("TT_BUILD_DIR", ""), "bin", "interaction-service")


def reconcile(*args: str) -> tuple[int, dict]:
    proc = subprocess.run([BIN, "reconcile", *args], capture_output=True, text=True, timeout=120, check=False)
    try:
        report = json.loads(proc.stdout)
    except ValueError:
        raise AssertionError(f"reconcile printed no JSON (exit {proc.returncode}): {proc.stdout} {proc.stderr}")
    return proc.returncode, report


def psql(database: str, sql: str) -> str:
    env = dict(os.environ, PGPASSWORD=os.environ.get("DB_PASSWORD", ""))
    proc = subprocess.run(
        ["psql", "-h", os.environ["DB_HOST"], "-p", os.environ["DB_PORT"], "-U", os.environ["DB_USERNAME"],
         "-d", database, "-At", "-v", "ON_ERROR_STOP=1", "-c", sql],
        capture_output=True, text=True, timeout=60, env=env, check=False)
    if proc.returncode != 0:
        raise AssertionError(f"psql failed: {proc.stderr}")
    return proc.stdout.strip()


class CounterTest(unittest.TestCase):
    def setUp(self):
        support.wait_ready(60)

    def test_counters_match_their_rows_and_drift_is_found_and_repaired(self):
        owner, fan, other = register_user("cto"), register_user("ctf"), register_user("ctx")
        vid = support.create_video(owner["token"], "counted")["id"]
        for user in (fan, other, fan):  # a repeated like changes nothing
            request("POST", "/api/interactions/like", {"videoId": vid}, token=user["token"])
        request("POST", "/api/interactions/unlike", {"videoId": vid}, token=other["token"])
        request("POST", "/api/interactions/unlike", {"videoId": vid}, token=other["token"])  # never negative
        request("POST", f"/api/users/{owner['id']}/follow", token=fan["token"])

        code, report = reconcile()
        self.assertEqual(code, 0, report)
        self.assertEqual(report["driftedRows"], 0, report)
        self.assertEqual(set(report["counters"]), {"video_likes", "video_comments", "video_shares",
                                                   "comment_replies", "comment_likes", "user_followers",
                                                   "user_following"})

        psql("tiktok_interaction", f"UPDATE video_stats SET likes_count = likes_count + 5 WHERE video_id = '{vid}'")
        code, report = reconcile()
        self.assertEqual(code, 1, report)
        drift = report["counters"]["video_likes"]
        self.assertEqual(drift["drifted"], 1, report)
        self.assertEqual(drift["examples"][0], {"id": vid, "stored": 6, "counted": 1})

        code, report = reconcile("--repair")
        self.assertEqual(code, 1, report)  # it reports what it repaired
        code, report = reconcile()
        self.assertEqual(code, 0, report)
        self.assertEqual(request("GET", f"/api/videos/{vid}").data["likesCount"], 1)

    def test_the_service_reconciles_periodically_and_exposes_the_drift(self):
        # scripts/test runs it every 2 s (RECONCILE_INTERVAL_MS)
        support.eventually(lambda: (support.metric("interaction-service", "tt_reconcile_runs_total") or 0) >= 1,
                           timeout=30, desc="a periodic reconciliation")
        support.eventually(
            lambda: support.metric("interaction-service", "tt_counter_drift", counter="video_likes") == 0,
            timeout=30, desc="tt_counter_drift{counter=video_likes} to read 0")


if __name__ == "__main__":
    unittest.main()
