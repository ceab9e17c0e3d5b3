"""End-to-end: the notifications read model rebuilt from the Kafka log (`notification-service
replay`) equals the live one. Runs late in the suite, so the log holds every test's events
(likes, unlikes, follows, comments, mentions, deletions, injected duplicates and poison)."""

import json
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import support  # noqa: E402
from support import eventually, register_user, request  # noqa: E402

BIN = os.path.join(os.environ.get("TT_BUILD_DIR", ""), "bin", "notification-service")


class ReplayTest(unittest.TestCase):
    def setUp(self):
        support.wait_ready(60)

    def test_rebuilt_notifications_equal_the_live_ones(self):
        owner, fan = register_user("rpo"), register_user("rpf")
        vid = support.create_video(owner["token"], "replayed")["id"]
        request("POST", "/api/interactions/like", {"videoId": vid}, token=fan["token"])
        request("POST", f"/api/users/{owner['id']}/follow", token=fan["token"])
        comment = request("POST", "/api/interactions/comment", {"videoId": vid, "content": "first!"},
                          token=fan["token"]).data
        request("DELETE", f"/api/interactions/comment/{comment['id']}", token=fan["token"])
        eventually(lambda: support.metric("notification-service", "tt_outbox_unsent_events") == 0
                   and support.metric("interaction-service", "tt_outbox_unsent_events") == 0,
                   timeout=30, desc="outboxes drained")
        eventually(lambda: any(n["type"] == "follow" for n in support.list_notifications(owner["token"])),
                   timeout=30, desc="the follow notification")

        proc = subprocess.run([BIN, "replay"], capture_output=True, text=True, timeout=600, check=False)
        try:
            report = json.loads(proc.stdout)
        except ValueError:
            self.fail(f"replay printed no JSON (exit {proc.returncode}): {proc.stdout[-500:]} {proc.stderr[-1500:]}")
        self.assertEqual(proc.returncode, 0, report)
        self.assertTrue(report["identical"], report)
        self.assertGreater(report["events"], 0, report)
        self.assertGreater(report["rebuilt"], 0, report)
        self.assertEqual(report["rebuilt"], report["live"], report)


if __name__ == "__main__":
    unittest.main()
