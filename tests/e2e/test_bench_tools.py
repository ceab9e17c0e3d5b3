"""End-to-end: the benchmark tools work against the real stack (behaviour only, nothing timed):
tt-loadgen's like scenario makes exactly the likes it reports, each a fresh (user, video) pair, and
its unlike scenario removes them; the counters agree afterwards."""

import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import support  # noqa: E402
from support import create_video, register_user, request  # noqa: E402

LOADGEN = os.path.join(os.environ.get("TT_BUILD_DIR", ""), "bin", "tt-loadgen")


def likes_count(video_id: str) -> int:
    resp = request("GET", f"/api/videos/{video_id}")
    assert resp.status == 200, resp.describe()
    return resp.data["likesCount"]


class LoadgenTest(unittest.TestCase):
    def setUp(self):
        support.wait_ready(60)
        self.assertTrue(os.access(LOADGEN, os.X_OK), f"{LOADGEN} is not built")
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def loadgen(self, scenario: str, rate: int, duration: int, setup: str | None = None, *extra) -> dict:
        out = os.path.join(self.tmp.name, f"{scenario}.json")
        args = [LOADGEN, "--url", support.GATEWAY_URL, "--scenario", scenario, "--rate", str(rate), "--duration",
                str(duration), "--connections", "4", "--out", out, *extra]
        if setup:
            args += ["--setup", setup]
        proc = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        with open(out, encoding="utf-8") as fh:
            return json.load(fh)

    def test_like_and_unlike_runs_make_exactly_the_changes_they_report(self):
        users = [register_user("lg") for _ in range(4)]
        owner = users[0]
        videos = [create_video(owner["token"], f"loadgen {i}") for i in range(3)]
        setup = os.path.join(self.tmp.name, "setup.json")
        with open(setup, "w", encoding="utf-8") as fh:
            json.dump({"password": support.PASSWORD,
                       "users": [{"id": u["id"], "username": u["username"], "token": u["token"]} for u in users],
                       "videos": [{"id": v["id"], "owner": owner["id"]} for v in videos]}, fh)

        # 12 pairs exist (4 users x 3 videos); 20 due requests: 12 likes, then 8 "exhausted".
        liked = self.loadgen("like", 10, 2, setup)
        self.assertEqual(liked["status"]["2xx"], 12, liked)
        self.assertEqual(liked["errors"]["exhausted"], 8, liked)
        self.assertEqual(liked["status_codes"].get("201"), 12, liked)  # each one a new like
        for key in ("p50", "p99", "p999", "max"):
            self.assertGreater(liked["latency_ms"][key], 0, liked)
        self.assertEqual(sum(likes_count(v["id"]) for v in videos), 12)

        unliked = self.loadgen("unlike", 10, 2, setup)
        self.assertEqual(unliked["status"]["2xx"], 12, unliked)
        self.assertEqual(sum(likes_count(v["id"]) for v in videos), 0)

    def test_health_run_reports_an_open_loop_timeline(self):
        result = self.loadgen("health", 50, 2)
        self.assertEqual(result["scenario"], "health")
        self.assertEqual(result["offered_rate"], 50)
        self.assertEqual(result["completed"], 100, result)
        self.assertEqual(result["status"]["2xx"], 100, result)
        self.assertEqual(sum(count for _, count in result["histogram_us"]), 100)


if __name__ == "__main__":
    unittest.main()
