"""End-to-end: PostgreSQL and Redis outages give 503s (never 500s or crashes), a Kafka outage delays
events without failing writes (transactional outbox), and the services recover by themselves once
the dependency is back (no service restart).

Stops and restarts infrastructure through scripts/lib (needs TT_STATE_DIR & co. in the
environment: exported by scripts/test; by hand: set -a; . .state/env.sh; set +a). Every outage is
undone in a cleanup, which also waits until the whole system is ready again.
"""

import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import support  # noqa: E402
from support import PASSWORD, eventually, like_notifications, register_user, request  # noqa: E402

DB_SERVICES = ("auth-service", "video-service", "interaction-service", "notification-service")
REQUEST_TIMEOUT = 30.0  # a request during an outage must answer (503) before this


class OutageTestBase(unittest.TestCase):
    def setUp(self):
        reason = support.infra_available()
        if reason:
            self.fail(reason)
        support.wait_ready(60)

    def assert_unavailable(self, resp, what):
        self.assertIsNotNone(resp, f"{what}: no HTTP answer (connection error / timeout)")
        self.assertEqual(resp.status, 503, f"{what}: {resp.describe()}")
        self.assertIsInstance(resp.json, dict, f"{what}: not JSON: {resp.describe()}")
        self.assertEqual(resp.json.get("statusCode"), 503, f"{what}: {resp.describe()}")
        self.assertTrue(resp.json.get("message"), f"{what}: {resp.describe()}")

    def restore(self, start_func):
        """Cleanup: start the component again (idempotent) and wait for the whole system."""
        try:
            support.infra(start_func)
        finally:
            support.wait_ready(60)

    def services_alive(self):
        """Every service still answers /health (none crashed)."""
        for name in support.SERVICES:
            base = support.GATEWAY_URL if name == "api-gateway" else support.service_url(name)
            resp = support.try_request("GET", "/health", base_url=base, timeout=5)
            self.assertIsNotNone(resp, f"{name} does not answer /health: crashed?")
            self.assertEqual(resp.status, 200, f"{name} /health: {resp.describe()}")


class PostgresOutageTest(OutageTestBase):
    def test_postgres_down_then_recovers(self):
        owner = register_user("pgo")
        fan = register_user("pgf")
        video = support.create_video(owner["token"], "pg outage")
        vid = video["id"]
        new_name = support.unique_name("pgn")
        new_body = {"email": f"{new_name.lower()}@e2e.example.com", "username": new_name, "password": PASSWORD}
        login_body = {"username": fan["username"], "password": PASSWORD}

        support.infra("pg_stop")
        self.addCleanup(self.restore, "pg_start")
        stopped_at = time.monotonic()

        resp = support.try_request("POST", "/api/auth/register", new_body, timeout=REQUEST_TIMEOUT)
        self.assert_unavailable(resp, "register while postgres is down")
        resp = support.try_request("POST", "/api/auth/login", login_body, timeout=REQUEST_TIMEOUT)
        self.assert_unavailable(resp, "login while postgres is down")
        resp = support.try_request(
            "POST", "/api/interactions/like", {"videoId": vid}, token=fan["token"], timeout=REQUEST_TIMEOUT
        )
        self.assert_unavailable(resp, "like while postgres is down")

        # the services' own readiness reports the outage (the gateway's /ready only checks channels)
        for name in DB_SERVICES:
            with self.subTest(ready=name):
                eventually(
                    lambda n=name: (r := support.try_request("GET", "/ready", base_url=support.service_url(n),
                                                             timeout=5)) is not None and r.status == 503,
                    timeout=15,
                    interval=0.5,
                    desc=f"{name} /ready to report 503 while postgres is down",
                )
        gw = support.try_request("GET", "/ready", timeout=5)
        self.assertIsNotNone(gw, "gateway /ready does not answer")
        self.assertIn(gw.status, (200, 503), gw.describe())
        self.services_alive()
        self.assertLess(time.monotonic() - stopped_at, 120, "outage took too long")

        support.infra("pg_start")
        restarted = time.monotonic()

        # the same requests succeed within 30 s, without restarting any service
        def register_ok():
            r = support.try_request("POST", "/api/auth/register", new_body, timeout=10)
            if r is not None and r.status == 409:  # an earlier attempt succeeded late
                return r
            return r if r is not None and r.status == 201 else None

        eventually(register_ok, timeout=30, interval=0.5, desc="register to succeed after postgres restart")
        remaining = max(1.0, 30 - (time.monotonic() - restarted))
        resp = eventually(
            lambda: (r := support.try_request("POST", "/api/auth/login", login_body, timeout=10)) is not None
            and r.status == 200
            and r,
            timeout=remaining,
            interval=0.5,
            desc="login to succeed after postgres restart",
        )
        self.assertEqual(resp.data["user"]["id"], fan["id"])
        remaining = max(1.0, 30 - (time.monotonic() - restarted))
        resp = eventually(
            lambda: (r := support.try_request("POST", "/api/interactions/like", {"videoId": vid},
                                              token=fan["token"], timeout=10)) is not None
            and r.status in (200, 201)
            and r,
            timeout=remaining,
            interval=0.5,
            desc="like to succeed after postgres restart",
        )
        self.assertTrue(resp.data["liked"])
        self.assertEqual(resp.data["likesCount"], 1)
        login = request("POST", "/api/auth/login", {"username": new_name, "password": PASSWORD})
        self.assertEqual(login.status, 200, login.describe())
        support.wait_ready(30)
        # the notification for the like made after the outage arrives
        eventually(
            lambda: like_notifications(owner["token"], fan["id"], vid),
            timeout=30,
            desc="notification for the like made after the postgres outage",
        )


class KafkaOutageTest(OutageTestBase):
    def test_kafka_down_writes_succeed_and_events_follow(self):
        """Kafka down: likes are still accepted (their events wait in the outbox) and every one of them
        reaches the notifications exactly once after Kafka is back."""
        owner = register_user("kfo")
        during = register_user("kfd")  # likes while kafka is down
        later = register_user("kfl")  # likes after kafka is back
        video = support.create_video(owner["token"], "kafka outage")
        vid = video["id"]

        support.infra("kafka_stop")
        self.addCleanup(self.restore, "kafka_start")

        resp = support.try_request(
            "POST", "/api/interactions/like", {"videoId": vid}, token=during["token"], timeout=REQUEST_TIMEOUT
        )
        self.assertIsNotNone(resp, "like while kafka is down: no answer")
        self.assertIn(resp.status, (200, 201), f"like while kafka is down: {resp.describe()}")
        self.assertTrue(resp.data["liked"])
        self.services_alive()
        # the event waits in interaction-service's outbox
        unsent = support.metric("interaction-service", "tt_outbox_unsent_events")
        self.assertIsNotNone(unsent, "interaction-service /metrics has no tt_outbox_unsent_events")
        self.assertGreaterEqual(unsent, 1)

        support.infra("kafka_start")
        resp = request("POST", "/api/interactions/like", {"videoId": vid}, token=later["token"])
        self.assertIn(resp.status, (200, 201), resp.describe())
        v = request("GET", f"/api/videos/{vid}")
        self.assertEqual(v.data["likesCount"], 2, v.describe())

        # both likes are announced, each exactly once, and the outbox drains
        for user in (during, later):
            eventually(
                lambda u=user: like_notifications(owner["token"], u["id"], vid),
                timeout=90,
                interval=0.5,
                desc="notification for a like once kafka is back",
            )
        eventually(
            lambda: support.metric("interaction-service", "tt_outbox_unsent_events") == 0,
            timeout=60,
            interval=0.5,
            desc="interaction-service outbox to drain",
        )
        for user in (during, later):
            self.assertEqual(len(like_notifications(owner["token"], user["id"], vid)), 1)

    def test_redis_down_fails_login_closed_then_recovers(self):
        user = register_user("rdo")
        login_body = {"username": user["username"], "password": PASSWORD}

        support.infra("redis_stop")
        self.addCleanup(self.restore, "redis_start")

        # login needs the failed-login counters: it refuses with 503 instead of running unthrottled
        resp = support.try_request("POST", "/api/auth/login", login_body, timeout=REQUEST_TIMEOUT)
        self.assert_unavailable(resp, "login while redis is down")
        eventually(
            lambda: (r := support.try_request("GET", "/ready", base_url=support.service_url("auth-service"),
                                              timeout=5)) is not None and r.status == 503,
            timeout=10,
            desc="auth-service /ready reporting redis down",
        )
        # what does not need Redis keeps working
        self.assertEqual(request("GET", "/api/auth/me", token=user["token"]).status, 200)
        self.services_alive()

        support.infra("redis_start")
        resp = eventually(
            lambda: (r := support.try_request("POST", "/api/auth/login", login_body, timeout=10)) is not None
            and r.status == 200
            and r,
            timeout=30,
            interval=0.5,
            desc="login to succeed after redis restart",
        )
        self.assertEqual(resp.data["user"]["id"], user["id"])


if __name__ == "__main__":
    unittest.main()
