"""End-to-end: the seed command loads the demo accounts and processed videos, and is idempotent."""

import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import support  # noqa: E402
from support import request  # noqa: E402

SEED = os.path.join(support.SCRIPTS_DIR, "seed")


class SeedTest(unittest.TestCase):
    def run_seed(self):
        done = subprocess.run([SEED, "--gateway", support.GATEWAY_URL, "--videos", "3"], capture_output=True,
                              text=True, timeout=300)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        return done.stdout

    def test_demo_data_is_loaded_once(self):
        support.wait_ready(60)
        first = self.run_seed()
        login = request("POST", "/api/auth/login", {"username": "demo@tiktok.local", "password": "Password123!"})
        self.assertEqual(login.status, 200, login.describe())
        demo = login.data["user"]
        token = login.data["accessToken"]
        if "already present" not in first:
            self.assertIn("3 videos (3 ready)", first)
        # Demo follows the other eight demo accounts, and their uploads are ready and playable.
        following = request("GET", f"/api/users/{demo['id']}/following?limit=50", token=token)
        self.assertEqual(following.status, 200, following.describe())
        feed = request("GET", "/api/videos/following?limit=50", token=token)
        self.assertEqual(feed.status, 200, feed.describe())
        seeded = [v for v in feed.data["videos"] if v["user"] and v["user"]["username"] != "demo"]
        self.assertGreaterEqual(len(seeded), 2)
        for video in seeded:
            self.assertEqual(video["status"], "ready")
            self.assertEqual(support.fetch(video["thumbnailUrl"])[0], 200)
        again = self.run_seed()
        self.assertIn("already present", again)


if __name__ == "__main__":
    unittest.main()
