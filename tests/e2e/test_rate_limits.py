"""End-to-end: Redis rate limits per IP and per user, per route class, with 429 + Retry-After.

The shared stack runs with limits far above anything the suites do; this test starts two more
gateway processes of its own (same services, same Redis) with tiny limits and an hour-long window,
so nothing resets mid-test, and checks that the two share their counts.
"""

import os
import sys
import unittest
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import support  # noqa: E402
from support import PASSWORD, eventually, register_user, request  # noqa: E402


class RateLimitTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        support.wait_ready(60)
        # Counts live in the shared Redis: per-user checks use fresh users; the per-IP check counts
        # from whatever an earlier run left in the hour-long window.
        limits = dict(RATE_LIMIT_AUTH_PER_MIN="3", RATE_LIMIT_WRITE_PER_MIN="4", RATE_LIMIT_READ_PER_MIN="6",
                      RATE_LIMIT_WINDOW_SECONDS="3600")
        cls.gateways = [support.ExtraGateway(**limits)]
        try:
            cls.gateways.append(support.ExtraGateway(**limits))  # a second instance with the same limits
        except BaseException:
            cls.tearDownClass()
            raise
        cls.base = cls.gateways[0].base
        cls.other_base = cls.gateways[1].base

    @classmethod
    def tearDownClass(cls):
        for gateway in cls.gateways:
            gateway.stop()

    def call(self, method, path, body=None, token=None):
        return request(method, path, body, token=token, base_url=self.base)

    def assert_limited(self, resp):
        self.assertEqual(resp.status, 429, resp.describe())
        self.assertEqual(resp.json["statusCode"], 429)
        self.assertIn("try again in", resp.json["message"])
        retry_after = int(resp.headers.get("Retry-After"))
        self.assertTrue(0 < retry_after <= 3600, retry_after)

    def test_auth_routes_are_limited_per_ip(self):
        # The other tests of this class also start from this IP, so count from whatever is left:
        # the limit is reached within 3 more attempts, and then every attempt is refused.
        body = {"username": "nobody_" + uuid.uuid4().hex[:8], "password": "Wrong0rd!x"}
        statuses = [self.call("POST", "/api/auth/login", body).status for _ in range(4)]
        self.assertIn(429, statuses, statuses)
        self.assertTrue(all(s in (401, 429) for s in statuses), statuses)
        self.assert_limited(self.call("POST", "/api/auth/login", body))
        self.assert_limited(self.call("POST", "/api/auth/register", {"email": "x@y.z", "username": "abc",
                                                                     "password": PASSWORD}))
        # The shared gateway keeps its own, generous limits.
        self.assertEqual(request("POST", "/api/auth/login", body).status, 401)

    def test_reads_and_writes_are_limited_per_user(self):
        alice = register_user("rla")
        bob = register_user("rlb")
        for _ in range(6):
            self.assertEqual(self.call("GET", "/api/auth/me", token=alice["token"]).status, 200)
        self.assert_limited(self.call("GET", "/api/auth/me", token=alice["token"]))
        # Another user has a budget of their own.
        self.assertEqual(self.call("GET", "/api/auth/me", token=bob["token"]).status, 200)

        video = support.create_video(bob["token"], "rate limited writes")
        for _ in range(4):
            resp = self.call("POST", "/api/interactions/view", {"videoId": video["id"]}, token=bob["token"])
            self.assertEqual(resp.status, 200, resp.describe())
        self.assert_limited(self.call("POST", "/api/interactions/view", {"videoId": video["id"]}, token=bob["token"]))
        # Limited requests did nothing: the like below is refused and not stored.
        self.assert_limited(self.call("POST", "/api/interactions/like", {"videoId": video["id"]}, token=bob["token"]))
        status = request("GET", f"/api/interactions/like-status/{video['id']}", token=bob["token"])
        self.assertFalse(status.data["hasLiked"], status.describe())

    def test_gateways_share_the_counts(self):
        carol = register_user("rlc")
        for _ in range(6):
            self.assertEqual(self.call("GET", "/api/auth/me", token=carol["token"]).status, 200)
        self.assert_limited(self.call("GET", "/api/auth/me", token=carol["token"]))
        # The other gateway learns the first one's counts at its first sync after it sees carol: at
        # most a request or two pass there before it refuses her too.
        statuses = []

        def limited_at_the_other_gateway():
            resp = request("GET", "/api/auth/me", token=carol["token"], base_url=self.other_base)
            statuses.append(resp.status)
            return resp.status == 429

        eventually(limited_at_the_other_gateway, timeout=5, interval=0.05, desc="the second gateway to refuse carol")
        self.assertLessEqual(statuses.count(200), 2, statuses)
        self.assertTrue(all(s in (200, 429) for s in statuses), statuses)


if __name__ == "__main__":
    unittest.main()
