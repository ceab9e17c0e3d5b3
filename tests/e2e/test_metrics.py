"""End-to-end: GET /metrics on every process (Prometheus text) — process CPU and memory, HTTP
requests per route template, gRPC methods, the database pool, Kafka produce/consume counts and
consumer lag per partition — moves with real traffic; the anonymous feed cache; and the gateway's
/ready does not require analytics-service."""

import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import support  # noqa: E402
from support import create_video, register_user, request  # noqa: E402

SERVICES = ("api-gateway", "auth-service", "video-service", "interaction-service", "notification-service",
            "analytics-service")


def scrape(service: str) -> str:
    resp = support.request("GET", "/metrics", base_url=support.service_url(service), timeout=10)
    assert resp.status == 200, resp.describe()
    assert resp.headers.get("Content-Type", "").startswith("text/plain"), resp.headers
    return resp.text


def samples(text: str, name: str) -> list:
    """[(labels dict, value)] of every sample of `name`."""
    out = []
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        sample, _, value = line.rpartition(" ")
        metric_name, _, label_text = sample.partition("{")
        if metric_name != name:
            continue
        labels = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', label_text))
        out.append((labels, float(value)))
    return out


def value(text: str, name: str, **want) -> float:
    total = 0.0
    for labels, v in samples(text, name):
        if all(labels.get(k) == str(w) for k, w in want.items()):
            total += v
    return total


class MetricsTest(unittest.TestCase):
    def setUp(self):
        support.wait_ready(60)

    def test_every_process_reports_cpu_memory_and_is_well_formed(self):
        for service in SERVICES:
            text = scrape(service)
            with self.subTest(service=service):
                self.assertGreater(value(text, "process_cpu_seconds_total"), 0, service)
                self.assertGreater(value(text, "process_resident_memory_bytes"), 1 << 20, service)
                self.assertGreater(value(text, "process_threads"), 0, service)
                self.assertEqual(value(text, "tt_log_dropped_bytes_total"), 0, service)
                # The gateway links jemalloc (its cached reads cost 10-16 % less CPU); the services keep glibc's.
                expected = "jemalloc" if service == "api-gateway" else "glibc"
                self.assertEqual(value(text, "tt_allocator_info", allocator=expected), 1, service)
                declared = set(re.findall(r"^# TYPE (\S+) ", text, re.M))
                for line in text.splitlines():
                    if line.startswith("#") or not line:
                        continue
                    name = re.split(r"[{ ]", line, maxsplit=1)[0]
                    base = re.sub(r"_(bucket|sum|count)$", "", name)
                    self.assertTrue(name in declared or base in declared, f"{service}: undeclared sample {line}")
                    self.assertRegex(line, r" (-?[0-9.e+-]+|NaN|[+-]Inf)$", f"{service}: bad sample {line}")
        for service in ("auth-service", "video-service", "interaction-service", "notification-service",
                        "analytics-service"):
            with self.subTest(service=service):
                self.assertGreaterEqual(value(scrape(service), "tt_db_pool_connections"), 1, service)

    def test_a_like_moves_route_grpc_kafka_and_lag_metrics(self):
        owner = register_user("mo")
        fan = register_user("mf")
        video = create_video(owner["token"], "metrics video")
        gw_before = scrape("api-gateway")
        ix_before = scrape("interaction-service")
        route = dict(method="POST", route="/api/interactions/like", status="2xx")

        resp = request("POST", "/api/interactions/like", {"videoId": video["id"]}, token=fan["token"])
        self.assertIn(resp.status, (200, 201), resp.describe())
        resp = request("GET", f"/api/videos/{video['id']}")
        self.assertEqual(resp.status, 200, resp.describe())

        gw = scrape("api-gateway")
        # One series per route template, not per video id.
        self.assertEqual(value(gw, "tt_http_request_duration_seconds_count", **route),
                         value(gw_before, "tt_http_request_duration_seconds_count", **route) + 1)
        self.assertGreaterEqual(
            value(gw, "tt_http_request_duration_seconds_count", method="GET", route="/api/videos/:id", status="2xx"), 1)
        for labels, _ in samples(gw, "tt_http_request_duration_seconds_count"):
            self.assertNotIn(video["id"], labels.get("route", ""), labels)
        self.assertEqual(value(gw, "tt_http_request_duration_seconds_bucket", le="+Inf", **route),
                         value(gw, "tt_http_request_duration_seconds_count", **route))
        self.assertGreaterEqual(value(gw, "tt_grpc_client_duration_seconds_count", peer="interaction-service",
                                      code="OK"), 1)

        ix = scrape("interaction-service")
        self.assertEqual(value(ix, "tt_grpc_server_duration_seconds_count", method="LikeVideo", code="OK"),
                         value(ix_before, "tt_grpc_server_duration_seconds_count", method="LikeVideo", code="OK") + 1)
        self.assertGreaterEqual(value(ix, "tt_db_pool_acquires_total"), 1)

        # The relay publishes video.liked; the notification consumer handles it and has no lag left.
        support.eventually(
            lambda: value(scrape("interaction-service"), "tt_kafka_produced_total", topic="video.liked",
                          result="delivered") >= 1,
            timeout=20, desc="video.liked delivered by interaction-service's relay")
        support.eventually(
            lambda: value(scrape("notification-service"), "tt_kafka_consumed_total", topic="video.liked") >= 1,
            timeout=20, desc="video.liked consumed by notification-service")

        def lag_reported():
            text = scrape("notification-service")
            lags = [(labels, v) for labels, v in samples(text, "tt_kafka_consumer_lag") if labels["topic"] == "video.liked"]
            return lags if lags and all(v == 0 for _, v in lags) else None

        lags = support.eventually(lag_reported, timeout=30, desc="notification-service lag 0 on video.liked")
        self.assertTrue(all(labels.get("partition", "").isdigit() for labels, _ in lags), lags)

    def test_anonymous_feed_pages_come_from_the_gateway_cache_and_a_new_video_clears_it(self):
        before = value(scrape("api-gateway"), "tt_page_cache_hits_total", cache="feed")
        first = request("GET", "/api/videos/feed?page=1&limit=5")
        second = request("GET", "/api/videos/feed?page=1&limit=5")
        self.assertEqual((first.status, second.status), (200, 200))
        self.assertEqual(first.data, second.data)
        self.assertGreaterEqual(value(scrape("api-gateway"), "tt_page_cache_hits_total", cache="feed"), before + 1)
        # A video created through this gateway is in the next anonymous page at once.
        owner = register_user("mc")
        video = create_video(owner["token"], "cache video")
        ids = [v["id"] for v in request("GET", "/api/videos/feed?page=1&limit=5").data["videos"]]
        self.assertIn(video["id"], ids)
        # Signed-in callers never go through it (their pages carry their own isLiked).
        gw = scrape("api-gateway")
        lookups = sum(value(gw, f"tt_page_cache_{k}_total", cache="feed") for k in ("hits", "misses", "stale"))
        mine = request("GET", "/api/videos/feed?page=1&limit=5", token=owner["token"])
        self.assertEqual(mine.status, 200, mine.describe())
        gw = scrape("api-gateway")
        self.assertEqual(sum(value(gw, f"tt_page_cache_{k}_total", cache="feed") for k in ("hits", "misses", "stale")), lookups)

    def test_gateway_readiness_reports_analytics_without_requiring_it(self):
        resp = request("GET", "/ready")
        self.assertEqual(resp.status, 200, resp.describe())
        checks = resp.json["checks"]
        self.assertIn("analytics-service", checks)
        for core in ("auth-service", "video-service", "interaction-service", "notification-service"):
            self.assertIs(checks[core], True, checks)


if __name__ == "__main__":
    unittest.main()
