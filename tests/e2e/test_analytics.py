"""End-to-end: analytics-service through the gateway.

GET /api/videos/:id/stats follows views, likes, unlikes, comments (and their deletion) and shares
within seconds and counts every acknowledged action exactly once (also across a SIGKILL of
analytics-service); GET /api/videos/trending ranks the more engaged video higher in both windows,
with the same video objects as the other lists; bad input gives 400 / 404; a video whose 1 h score
crosses ANALYTICS_TRENDING_THRESHOLD gets exactly one video.trending event.
"""

import math
import os
import subprocess
import sys
import unittest
import uuid
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import support  # noqa: E402
from support import eventually, holds_for, register_user, request  # noqa: E402

STATS_KEYS = {"videoId", "views", "uniqueViewers", "likes", "comments", "shares", "trendingScore1h",
              "trendingScore24h"}
COUNTERS = ("views", "uniqueViewers", "likes", "comments", "shares")
# Defaults of analytics-service (apps/analytics-service/README.md); the stack may override the threshold.
THRESHOLD = float(os.environ.get("ANALYTICS_TRENDING_THRESHOLD", "200"))
ACTOR_CAP = 10


def view(video_id, user=None, sid=None):
    headers = {"Cookie": f"tt_sid={sid}"} if sid else None
    return request("POST", "/api/interactions/view", {"videoId": video_id}, token=user["token"] if user else None,
                   headers=headers)


def like(video_id, user, unlike=False):
    return request("POST", "/api/interactions/unlike" if unlike else "/api/interactions/like", {"videoId": video_id},
                   token=user["token"])


def comment(video_id, user, parent_id=None):
    body = {"videoId": video_id, "content": "analytics " + uuid.uuid4().hex[:8]}
    if parent_id:
        body["parentId"] = parent_id
    return request("POST", "/api/interactions/comment", body, token=user["token"])


def share(video_id, user):
    return request("POST", f"/api/videos/{video_id}/share", {"shareType": "copy_link"}, token=user["token"])


def engage_fully(video_id, user):
    """view + like + comment + share: more than one actor's cap."""
    for call in (lambda: view(video_id, user), lambda: like(video_id, user), lambda: comment(video_id, user),
                 lambda: share(video_id, user)):
        resp = call()
        assert resp.status in (200, 201), resp.describe()


def register_many(n, prefix):
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(lambda _: register_user(prefix), range(n)))


class AnalyticsTest(unittest.TestCase):
    def setUp(self):
        support.wait_ready(60)
        self.owner = register_user("ano")
        self.video = support.create_video(self.owner["token"], "analytics video")
        self.vid = self.video["id"]

    def stats(self, video_id=None, token=None):
        resp = request("GET", f"/api/videos/{video_id or self.vid}/stats", token=token)
        self.assertEqual(resp.status, 200, resp.describe())
        self.assertEqual(set(resp.data), STATS_KEYS, resp.data)
        return resp.data

    def wait_counters(self, expected, video_id=None, timeout=20.0):
        def check():
            data = self.stats(video_id)
            return data if all(data[k] == v for k, v in expected.items()) else None
        return eventually(check, timeout=timeout, desc=f"stats {expected}")

    def assert_error(self, resp, status):
        self.assertEqual(resp.status, status, resp.describe())
        self.assertEqual(resp.json.get("statusCode"), status, resp.describe())
        self.assertTrue(resp.json.get("message"), resp.describe())

    def test_counters_follow_each_kind_of_action(self):
        data = self.stats()
        self.assertEqual(data["videoId"], self.vid)
        self.assertEqual({k: data[k] for k in COUNTERS}, dict.fromkeys(COUNTERS, 0))
        self.assertEqual((data["trendingScore1h"], data["trendingScore24h"]), (0, 0))

        fans = register_many(3, "anf")
        for fan in fans:
            self.assertEqual(view(self.vid, fan).status, 200)
        self.assertEqual(view(self.vid, fans[0]).data["counted"], False)  # deduplicated by interaction-service
        self.assertEqual(view(self.vid, sid="anon-" + uuid.uuid4().hex).data["counted"], True)
        self.assertEqual(like(self.vid, fans[0]).status, 201)
        self.assertEqual(like(self.vid, fans[1]).status, 201)
        self.assertEqual(like(self.vid, fans[0], unlike=True).status, 200)
        first = comment(self.vid, fans[0])
        self.assertEqual(first.status, 201, first.describe())
        self.assertEqual(comment(self.vid, fans[1], parent_id=first.data["id"]).status, 201)
        self.assertEqual(comment(self.vid, fans[2]).status, 201)
        deleted = request("DELETE", f"/api/interactions/comment/{first.data['id']}", token=fans[0]["token"])
        self.assertEqual(deleted.status, 200, deleted.describe())  # the comment and its reply
        for _ in range(2):
            self.assertEqual(share(self.vid, fans[2]).status, 201)

        data = self.wait_counters({"views": 4, "uniqueViewers": 3, "likes": 1, "comments": 1, "shares": 2})
        self.assertGreater(data["trendingScore1h"], 0)
        self.assertGreater(data["trendingScore24h"], 0)
        # the same numbers interaction-service shows on the video itself
        video = request("GET", f"/api/videos/{self.vid}").data
        self.assertEqual((video["views"], video["likesCount"], video["commentsCount"], video["sharesCount"]),
                         (data["views"], data["likes"], data["comments"], data["shares"]))

    def test_every_acknowledged_action_counts_exactly_once(self):
        fans = register_many(6, "anx")
        jobs = []
        for fan in fans:
            jobs += [lambda f=fan: like(self.vid, f), lambda f=fan: view(self.vid, f),
                     lambda f=fan: comment(self.vid, f)] + [lambda f=fan: share(self.vid, f)] * 3
        with ThreadPoolExecutor(max_workers=12) as pool:
            statuses = list(pool.map(lambda job: job().status, jobs))
        self.assertTrue(all(s in (200, 201) for s in statuses), statuses)
        expected = {"views": 6, "uniqueViewers": 6, "likes": 6, "comments": 6, "shares": 18}
        self.wait_counters(expected)
        holds_for(lambda: all(self.stats()[k] == v for k, v in expected.items()), 3.0,
                  desc="stats stay at the acknowledged counts")

    def test_exactly_once_across_a_crash_of_analytics_service(self):
        if support.infra_available():
            self.skipTest(support.infra_available())
        fan = register_user("anc")
        done, shares = [], 0

        def crash_and_restart():
            script = ('set -euo pipefail; for f in common env postgres redis kafka services; do '
                      'source "$TT_SCRIPTS_DIR/lib/$f.sh"; done; service_kill analytics-service; '
                      'service_start analytics-service')
            env = dict(os.environ, TT_SCRIPTS_DIR=support.SCRIPTS_DIR)
            proc = subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True, timeout=180,
                                  check=False)
            done.append(proc)

        with ThreadPoolExecutor(max_workers=1) as pool:
            for i in range(60):
                if i == 20:
                    crasher = pool.submit(crash_and_restart)
                resp = share(self.vid, fan)
                self.assertEqual(resp.status, 201, resp.describe())
                shares += 1
            crasher.result()
        proc = done[0]
        self.assertEqual(proc.returncode, 0, f"kill/start analytics-service failed:\n{proc.stdout}\n{proc.stderr}")
        # The dead member's partitions move on once its Kafka session times out (about 10 s).
        self.wait_counters({"shares": shares}, timeout=120)
        holds_for(lambda: self.stats()["shares"] == shares, 3.0, desc="no share counted twice after the restart")

    def test_trending_ranks_the_more_engaged_video_higher_in_both_windows(self):
        warm = support.create_video(self.owner["token"], "analytics warm")["id"]
        cold = support.create_video(self.owner["token"], "analytics cold")["id"]
        fans = register_many(4, "ant")
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(lambda f: engage_fully(self.vid, f), fans))
        self.assertEqual(like(warm, fans[0]).status, 201)

        for window in ("1h", "24h"):
            def ranked(w=window):
                resp = request("GET", f"/api/videos/trending?window={w}&limit=50", token=fans[0]["token"])
                self.assertEqual(resp.status, 200, resp.describe())
                ids = [v["id"] for v in resp.data["videos"]]
                return resp.data if self.vid in ids and warm in ids else None
            data = eventually(ranked, timeout=20, desc=f"both videos trending in {window}")
            self.assertEqual(data["window"], window)
            ids = [v["id"] for v in data["videos"]]
            self.assertLess(ids.index(self.vid), ids.index(warm), ids)
            self.assertNotIn(cold, ids)
            scores = [v["trendingScore"] for v in data["videos"]]
            self.assertEqual(scores, sorted(scores, reverse=True))
            hot = data["videos"][ids.index(self.vid)]
            # the same video object as the other lists, with the caller's like and the counts
            for key in ("id", "userId", "title", "videoUrl", "user", "likesCount", "commentsCount", "views",
                        "sharesCount", "isLiked", "status", "createdAt"):
                self.assertIn(key, hot)
            self.assertIs(hot["isLiked"], True)
            self.assertEqual(hot["likesCount"], 4)
            self.assertEqual(hot["user"]["id"], self.owner["id"])
            self.assertLessEqual(hot["trendingScore"], 4 * ACTOR_CAP)  # each fan capped
            self.assertGreater(hot["trendingScore"], data["videos"][ids.index(warm)]["trendingScore"])

        stats = self.stats()
        self.assertGreater(stats["trendingScore1h"], self.stats(warm)["trendingScore1h"])
        self.assertEqual(self.stats(cold)["trendingScore1h"], 0)

    def test_deleted_video_leaves_trending_and_its_stats_are_gone(self):
        fan = register_user("and")
        engage_fully(self.vid, fan)
        eventually(lambda: self.vid in [v["id"] for v in request(
            "GET", "/api/videos/trending?limit=50").data["videos"]], timeout=20, desc="the video trending")
        resp = request("DELETE", f"/api/videos/{self.vid}", token=self.owner["token"])
        self.assertEqual(resp.status, 200, resp.describe())
        trending = request("GET", "/api/videos/trending?limit=50")
        self.assertEqual(trending.status, 200, trending.describe())
        self.assertNotIn(self.vid, [v["id"] for v in trending.data["videos"]])
        self.assert_error(request("GET", f"/api/videos/{self.vid}/stats"), 404)

    def test_bad_input(self):
        for query in ("window=7d", "window=1H", "window=", "limit=0", "limit=51", "limit=abc", "window=24h&limit=-1"):
            with self.subTest(query=query):
                resp = request("GET", f"/api/videos/trending?{query}")
                if query == "window=":  # empty means the default
                    self.assertEqual(resp.status, 200, resp.describe())
                    self.assertEqual(resp.data["window"], "1h")
                else:
                    self.assert_error(resp, 400)
        for video_id in ("not-a-uuid", str(uuid.uuid4())):
            with self.subTest(video_id=video_id):
                self.assert_error(request("GET", f"/api/videos/{video_id}/stats"), 404)
        default = request("GET", "/api/videos/trending")
        self.assertEqual(default.status, 200, default.describe())
        self.assertEqual((default.data["window"], default.data["limit"]), ("1h", 20))
        self.assertLessEqual(len(default.data["videos"]), 20)

    def test_crossing_the_threshold_publishes_one_video_trending_event(self):
        reason = support.kafka_available()
        if reason:
            self.fail(reason)
        actors = math.ceil(THRESHOLD / (ACTOR_CAP * 0.9)) + 1  # fresh buckets decay by < 10 %
        fans = register_many(actors, "anv")
        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(lambda f: engage_fully(self.vid, f), fans))
        events = support.wait_kafka_event("video.trending", timeout=30, videoId=self.vid)
        self.assertEqual(len(events), 1, events)
        key, payload = events[0]
        self.assertEqual(key, self.vid)
        self.assertEqual(payload["eventType"], "video.trending")
        self.assertEqual(payload["producer"], "analytics-service")
        self.assertEqual(payload["version"], 1)
        self.assertEqual(payload["videoOwnerId"], self.owner["id"])
        self.assertEqual(payload["window"], "1h")
        self.assertGreaterEqual(payload["score"], THRESHOLD)
        uuid.UUID(payload["eventId"])
        self.assertGreaterEqual(self.stats()["trendingScore1h"], THRESHOLD)
        # more engagement within the cooldown announces nothing more
        engage_fully(self.vid, register_user("anv"))
        self.wait_counters({"likes": actors + 1})
        holds_for(lambda: len(support.kafka_find("video.trending", videoId=self.vid)) == 1, 3.0,
                  desc="a single video.trending event per cooldown")


if __name__ == "__main__":
    unittest.main()
