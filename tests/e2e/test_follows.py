"""End-to-end: following users (idempotent follow/unfollow, counts, follower/following lists with
page and cursor pagination), follow notifications through Kafka, concurrency, and the like
notification being withdrawn on unlike."""

import os
import sys
import threading
import unittest
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import support  # noqa: E402
from support import eventually, holds_for, like_notifications, notifications, register_user, request  # noqa: E402

NOTIFICATION_TIMEOUT = 10.0
LIST_USER_FIELDS = {"id", "username", "fullName", "avatar"}


class FollowBase(unittest.TestCase):
    def setUp(self):
        support.wait_ready(60)

    def assert_error(self, resp, status, message=None):
        self.assertEqual(resp.status, status, resp.describe())
        body = resp.json
        self.assertIsInstance(body, dict, resp.describe())
        self.assertEqual(body.get("statusCode"), status, resp.describe())
        for key in ("timestamp", "path", "method", "message"):
            self.assertIn(key, body, resp.describe())
        if message is not None:
            self.assertEqual(body["message"], message, resp.describe())

    def ok(self, resp, status=200):
        self.assertEqual(resp.status, status, resp.describe())
        self.assertIs(resp.json.get("success"), True, resp.describe())
        return resp.data

    def follow(self, user, target_id):
        return request("POST", f"/api/users/{target_id}/follow", token=user["token"])

    def unfollow(self, user, target_id):
        return request("DELETE", f"/api/users/{target_id}/follow", token=user["token"])

    def status(self, user, target_id):
        return self.ok(request("GET", f"/api/users/{target_id}/follow-status", token=user["token"]))

    def counts(self, user_id):
        data = self.ok(request("GET", f"/api/users/{user_id}"))
        return data["followersCount"], data["followingCount"]

    def listing(self, user_id, kind, **params):
        qs = urllib.parse.urlencode(params)
        return request("GET", f"/api/users/{user_id}/{kind}" + (f"?{qs}" if qs else ""))


class FollowTest(FollowBase):
    def test_follow_unfollow_idempotent_with_counts(self):
        a = register_user("fa")
        b = register_user("fb")

        st = self.status(b, a["id"])
        self.assertEqual(st, {"isFollowing": False, "followerId": b["id"], "followingId": a["id"]})

        # --- B follows A: 201, changed
        data = self.ok(self.follow(b, a["id"]), 201)
        self.assertEqual(
            {k: data[k] for k in ("success", "isFollowing", "followersCount", "followingCount", "changed")},
            {"success": True, "isFollowing": True, "followersCount": 1, "followingCount": 1, "changed": True},
        )
        self.assertEqual(self.status(b, a["id"]), {"isFollowing": True, "followerId": b["id"], "followingId": a["id"]})
        self.assertFalse(self.status(a, b["id"])["isFollowing"])  # not mutual
        self.assertEqual(self.counts(a["id"]), (1, 0))
        self.assertEqual(self.counts(b["id"]), (0, 1))

        # --- repeat: 200, unchanged, same counts
        data = self.ok(self.follow(b, a["id"]), 200)
        self.assertEqual((data["isFollowing"], data["changed"]), (True, False))
        self.assertEqual((data["followersCount"], data["followingCount"]), (1, 1))
        self.assertEqual(self.counts(a["id"]), (1, 0))

        # --- A follows back: counts of both sides
        data = self.ok(self.follow(a, b["id"]), 201)
        self.assertEqual((data["followersCount"], data["followingCount"]), (1, 1))
        self.assertEqual(self.counts(a["id"]), (1, 1))
        self.assertEqual(self.counts(b["id"]), (1, 1))

        # --- B unfollows A: changed, then idempotent
        data = self.ok(self.unfollow(b, a["id"]))
        self.assertEqual((data["isFollowing"], data["changed"]), (False, True))
        self.assertEqual(self.status(b, a["id"])["isFollowing"], False)
        self.assertEqual(self.counts(a["id"]), (0, 1))
        self.assertEqual(self.counts(b["id"]), (1, 0))
        data = self.ok(self.unfollow(b, a["id"]))
        self.assertEqual((data["isFollowing"], data["changed"]), (False, False))
        self.assertEqual(self.counts(a["id"]), (0, 1))
        self.assertEqual(self.counts(b["id"]), (1, 0))

        # --- unfollowing someone never followed: no change, counts never negative
        c = register_user("fc")
        data = self.ok(self.unfollow(c, a["id"]))
        self.assertEqual((data["isFollowing"], data["changed"]), (False, False))
        for key in ("followersCount", "followingCount"):
            if key in data:
                self.assertGreaterEqual(data[key], 0, data)
        self.assertEqual(self.counts(c["id"]), (0, 0))
        self.assertEqual(self.counts(a["id"]), (0, 1))

        # --- follow again after unfollow works
        data = self.ok(self.follow(b, a["id"]), 201)
        self.assertEqual((data["changed"], data["followersCount"]), (True, 1))

    def test_follow_errors(self):
        a = register_user("ea")
        self.assert_error(self.follow(a, a["id"]), 400, "You cannot follow yourself")
        self.assertEqual(self.counts(a["id"]), (0, 0))
        self.assert_error(self.follow(a, str(uuid.uuid4())), 404)
        for bad in ("nope", "123", "not-a-uuid-at-all"):
            with self.subTest(id=bad):
                self.assert_error(self.follow(a, bad), 404)
        self.assertEqual(self.counts(a["id"]), (0, 0))
        # auth required
        b = register_user("eb")
        for method in ("POST", "DELETE"):
            self.assert_error(request(method, f"/api/users/{b['id']}/follow"), 401)
            self.assert_error(request(method, f"/api/users/{b['id']}/follow", token="garbage"), 401)
        self.assert_error(request("GET", f"/api/users/{b['id']}/follow-status"), 401)
        self.assertEqual(self.counts(b["id"]), (0, 0))

    def test_follower_and_following_lists(self):
        target = register_user("lt", full_name="List Target")
        followers = [register_user(f"lf{i}", full_name=f"Follower {i}") for i in range(5)]
        for f in followers:
            self.ok(self.follow(f, target["id"]), 201)
        newest_first = [f["id"] for f in reversed(followers)]

        data = self.ok(self.listing(target["id"], "followers"))
        self.assertEqual([u["id"] for u in data["users"]], newest_first)
        self.assertEqual(data["total"], 5)
        self.assertFalse(data["hasMore"])
        self.assertIsNone(data["nextCursor"])
        self.assertEqual(data["page"], 1)
        first = data["users"][0]
        self.assertEqual(set(first), LIST_USER_FIELDS, first)
        self.assertEqual((first["username"], first["fullName"]), (followers[-1]["username"], "Follower 4"))

        # page-based
        got = []
        for page, size, more in ((1, 2, True), (2, 2, True), (3, 1, False)):
            data = self.ok(self.listing(target["id"], "followers", page=page, limit=2))
            self.assertEqual((data["page"], data["limit"], data["total"], data["hasMore"]), (page, 2, 5, more), data)
            self.assertEqual(len(data["users"]), size, data)
            if not more:
                self.assertIsNone(data["nextCursor"], data)
            got += [u["id"] for u in data["users"]]
        self.assertEqual(got, newest_first)
        data = self.ok(self.listing(target["id"], "followers", page=4, limit=2))
        self.assertEqual((data["users"], data["hasMore"], data["nextCursor"]), ([], False, None))

        # following side: one follower follows three more users
        f0 = followers[0]
        others = [register_user(f"lo{i}") for i in range(3)]
        for o in others:
            self.ok(self.follow(f0, o["id"]), 201)
        data = self.ok(self.listing(f0["id"], "following"))
        self.assertEqual([u["id"] for u in data["users"]], [o["id"] for o in reversed(others)] + [target["id"]])
        self.assertEqual((data["total"], data["hasMore"], data["nextCursor"]), (4, False, None))
        self.assertEqual(set(data["users"][-1]), LIST_USER_FIELDS)
        self.assertNotIn("email", data["users"][-1])

        # cursor walk where the last page is exactly full: the end is still signalled with null
        walked, cursor, pages = [], None, 0
        while True:
            params = {"limit": 2} if cursor is None else {"limit": 2, "cursor": cursor}
            data = self.ok(self.listing(f0["id"], "following", **params))
            walked += [u["id"] for u in data["users"]]
            pages += 1
            cursor = data["nextCursor"]
            self.assertEqual(data["hasMore"], cursor is not None, data)
            if cursor is None or pages > 5:
                break
        self.assertEqual(walked, [o["id"] for o in reversed(others)] + [target["id"]])
        self.assertEqual(pages, 2)

        # unfollow removes the entry from both lists
        self.ok(self.unfollow(f0, target["id"]))
        data = self.ok(self.listing(target["id"], "followers"))
        self.assertEqual([u["id"] for u in data["users"]], newest_first[:-1])
        self.assertEqual(data["total"], 4)
        data = self.ok(self.listing(f0["id"], "following"))
        self.assertNotIn(target["id"], [u["id"] for u in data["users"]])

        # a user with nobody
        lonely = register_user("ll")
        for kind in ("followers", "following"):
            data = self.ok(self.listing(lonely["id"], kind))
            self.assertEqual((data["users"], data["total"], data["hasMore"], data["nextCursor"]), ([], 0, False, None))

    def test_cursor_walk_is_stable_when_followers_arrive(self):
        target = register_user("ct")
        followers = [register_user(f"cf{i}") for i in range(5)]
        for f in followers:
            self.ok(self.follow(f, target["id"]), 201)
        expected = [f["id"] for f in reversed(followers)]

        walked, cursor, pages = [], None, 0
        latecomer = None
        while True:
            params = {"limit": 2} if cursor is None else {"limit": 2, "cursor": cursor}
            data = self.ok(self.listing(target["id"], "followers", **params))
            self.assertLessEqual(len(data["users"]), 2)
            walked += [u["id"] for u in data["users"]]
            pages += 1
            if latecomer is None:
                # a new follower arrives between the first and second page
                latecomer = register_user("cl")
                self.ok(self.follow(latecomer, target["id"]), 201)
            cursor = data["nextCursor"]
            self.assertEqual(data["hasMore"], cursor is not None, data)
            if cursor is None or pages > 10:
                break
        self.assertEqual(walked, expected, "each of the 5 followers exactly once, newest first, no latecomer")
        self.assertEqual(pages, 3)

        # a fresh walk sees the latecomer first
        data = self.ok(self.listing(target["id"], "followers", limit=2))
        self.assertEqual(data["users"][0]["id"], latecomer["id"])
        self.assertEqual(data["total"], 6)

    def test_list_parameter_errors(self):
        u = register_user("pe")
        for kind in ("followers", "following"):
            for params in ({"limit": 101}, {"page": 0}, {"cursor": "garbage"}, {"cursor": "!!!"}, {"cursor": "eyJ4IjoxfQ"}):
                with self.subTest(kind=kind, params=params):
                    self.assert_error(self.listing(u["id"], kind, **params), 400)
            self.ok(self.listing(u["id"], kind, limit=100))


class FollowConcurrencyTest(FollowBase):
    def test_many_followers_at_once(self):
        target = register_user("mt")
        with ThreadPoolExecutor(10) as pool:
            followers = list(pool.map(lambda i: register_user(f"mf{i}"), range(10)))
        barrier = threading.Barrier(10)

        def go(f):
            barrier.wait()
            return self.follow(f, target["id"])

        with ThreadPoolExecutor(10) as pool:
            results = list(pool.map(go, followers))
        self.assertEqual([r.status for r in results], [201] * 10, [r.describe() for r in results if r.status != 201])
        self.assertEqual(sorted(r.data["followersCount"] for r in results)[-1], 10)
        self.assertEqual(self.counts(target["id"]), (10, 0))
        data = self.ok(self.listing(target["id"], "followers", limit=100))
        self.assertEqual(data["total"], 10)
        self.assertEqual(sorted(u["id"] for u in data["users"]), sorted(f["id"] for f in followers))
        for f in followers:
            self.assertEqual(self.counts(f["id"]), (0, 1))

        # follows made in the same instant still page cleanly: a cursor walk sees each exactly once
        walked, cursor, pages = [], None, 0
        while True:
            params = {"limit": 3} if cursor is None else {"limit": 3, "cursor": cursor}
            data = self.ok(self.listing(target["id"], "followers", **params))
            walked += [u["id"] for u in data["users"]]
            pages += 1
            cursor = data["nextCursor"]
            if cursor is None or pages > 10:
                break
        self.assertEqual(sorted(walked), sorted(f["id"] for f in followers), walked)
        self.assertEqual(pages, 4)
        paged = []
        for page in (1, 2, 3, 4):
            paged += [u["id"] for u in self.ok(self.listing(target["id"], "followers", page=page, limit=3))["users"]]
        self.assertEqual(sorted(paged), sorted(f["id"] for f in followers), paged)

        # and all unfollow at once
        barrier = threading.Barrier(10)

        def leave(f):
            barrier.wait()
            return self.unfollow(f, target["id"])

        with ThreadPoolExecutor(10) as pool:
            results = list(pool.map(leave, followers))
        self.assertEqual([(r.status, r.data["changed"]) for r in results], [(200, True)] * 10)
        self.assertEqual(self.counts(target["id"]), (0, 0))

    def test_same_follower_clicks_ten_times(self):
        target = register_user("st")
        f = register_user("sf")
        barrier = threading.Barrier(10)

        def go(_):
            barrier.wait()
            return self.follow(f, target["id"])

        with ThreadPoolExecutor(10) as pool:
            results = list(pool.map(go, range(10)))
        statuses = sorted(r.status for r in results)
        self.assertEqual(statuses, [200] * 9 + [201], [r.describe() for r in results])
        self.assertEqual(sum(1 for r in results if r.data["changed"]), 1)
        for r in results:
            self.assertEqual((r.data["isFollowing"], r.data["followersCount"], r.data["followingCount"]), (True, 1, 1))
        self.assertEqual(self.counts(target["id"]), (1, 0))
        self.assertEqual(self.counts(f["id"]), (0, 1))

        # ten concurrent unfollows: exactly one change, counts back to 0 (never negative)
        barrier = threading.Barrier(10)

        def leave(_):
            barrier.wait()
            return self.unfollow(f, target["id"])

        with ThreadPoolExecutor(10) as pool:
            results = list(pool.map(leave, range(10)))
        self.assertEqual([r.status for r in results], [200] * 10)
        self.assertEqual(sum(1 for r in results if r.data["changed"]), 1, [r.text for r in results])
        self.assertEqual(self.counts(target["id"]), (0, 0))
        self.assertEqual(self.counts(f["id"]), (0, 0))


class FollowNotificationTest(FollowBase):
    def test_follow_notification_created_once_and_removed_on_unfollow(self):
        a = register_user("na")
        b = register_user("nb")

        self.ok(self.follow(b, a["id"]), 201)
        notes = eventually(
            lambda: notifications(a["token"], "follow", b["id"], a["id"]),
            timeout=NOTIFICATION_TIMEOUT,
            desc="A's follow notification from B",
        )
        self.assertEqual(len(notes), 1, notes)
        note = notes[0]
        self.assertEqual((note["userId"], note["type"], note["actorId"], note["relatedId"]), (a["id"], "follow", b["id"], a["id"]))
        self.assertFalse(note["read"])
        self.assertTrue(note["message"])
        # the follower gets nothing
        self.assertEqual(support.list_notifications(b["token"]), [])

        # repeat follow adds nothing; marker: C follows afterwards and its notification arrives
        self.ok(self.follow(b, a["id"]), 200)
        c = register_user("nc")
        self.ok(self.follow(c, a["id"]), 201)
        eventually(
            lambda: notifications(a["token"], "follow", c["id"], a["id"]),
            timeout=NOTIFICATION_TIMEOUT,
            desc="A's follow notification from C (marker)",
        )

        def exactly_one_each():
            notes = [n for n in support.list_notifications(a["token"]) if n.get("type") == "follow"]
            by_b = [n for n in notes if n["actorId"] == b["id"]]
            by_c = [n for n in notes if n["actorId"] == c["id"]]
            if not (len(by_b) == 1 and len(by_c) == 1 and len(notes) == 2):
                raise AssertionError(f"expected one follow notification from B and one from C: {notes}")
            return True

        holds_for(exactly_one_each, duration=2.0, desc="one follow notification from B and C each")

        # unfollow removes B's notification (eventually), C's stays
        self.ok(self.unfollow(b, a["id"]))
        eventually(
            lambda: not notifications(a["token"], "follow", b["id"], a["id"]),
            timeout=NOTIFICATION_TIMEOUT,
            desc="B's follow notification to disappear after unfollow",
        )
        self.assertEqual(len(notifications(a["token"], "follow", c["id"], a["id"])), 1)

        # a repeated unfollow does not disturb anything
        self.ok(self.unfollow(b, a["id"]))
        holds_for(
            lambda: len(notifications(a["token"], "follow", c["id"], a["id"])) == 1
            and not notifications(a["token"], "follow", b["id"], a["id"]),
            duration=1.0,
            desc="only C's follow notification",
        )


    def test_rapid_follow_unfollow_toggles_settle(self):
        """Quick toggles must not leave a stale notification (or lose the last one)."""
        a = register_user("ta")
        b = register_user("tb")
        c = register_user("tc")
        # B: follow, unfollow, follow, unfollow -> no notification in the end
        for step in (self.follow, self.unfollow, self.follow, self.unfollow):
            self.assertIn(step(b, a["id"]).status, (200, 201))
        # C: follow, unfollow, follow -> exactly one notification in the end
        for step in (self.follow, self.unfollow, self.follow):
            self.assertIn(step(c, a["id"]).status, (200, 201))
        eventually(
            lambda: len(notifications(a["token"], "follow", c["id"], a["id"])) == 1,
            timeout=NOTIFICATION_TIMEOUT,
            desc="exactly one follow notification from C",
        )

        def settled():
            from_b = notifications(a["token"], "follow", b["id"], a["id"])
            from_c = notifications(a["token"], "follow", c["id"], a["id"])
            if from_b or len(from_c) != 1:
                raise AssertionError(f"from B (want none): {from_b}; from C (want one): {from_c}")
            return True

        eventually(settled, timeout=NOTIFICATION_TIMEOUT, desc="toggles to settle")
        holds_for(settled, duration=2.0, desc="settled notifications")
        self.assertEqual(self.counts(a["id"]), (1, 0))


class LikeNotificationRemovalTest(FollowBase):
    def test_like_notification_removed_on_unlike(self):
        a = register_user("ka")
        video = support.create_video(a["token"], "unlike target")
        b = register_user("kb")

        resp = request("POST", "/api/interactions/like", {"videoId": video["id"]}, token=b["token"])
        self.assertEqual(resp.status, 201, resp.describe())
        notes = eventually(
            lambda: like_notifications(a["token"], b["id"], video["id"]),
            timeout=NOTIFICATION_TIMEOUT,
            desc="A's like notification from B",
        )
        self.assertEqual(len(notes), 1, notes)

        resp = request("POST", "/api/interactions/unlike", {"videoId": video["id"]}, token=b["token"])
        self.assertEqual(resp.status, 200, resp.describe())
        self.assertTrue(resp.data["changed"])
        eventually(
            lambda: not like_notifications(a["token"], b["id"], video["id"]),
            timeout=NOTIFICATION_TIMEOUT,
            desc="A's like notification from B to disappear after unlike",
        )

    def test_quick_like_unlike_leaves_no_notification(self):
        a = register_user("qa")
        video = support.create_video(a["token"], "quick toggle target")
        b = register_user("qb")
        c = register_user("qc")
        for path in ("like", "unlike", "like", "unlike"):
            resp = request("POST", f"/api/interactions/{path}", {"videoId": video["id"]}, token=b["token"])
            self.assertIn(resp.status, (200, 201), resp.describe())
        # marker on the same video: once C's notification is there, B's events were processed
        resp = request("POST", "/api/interactions/like", {"videoId": video["id"]}, token=c["token"])
        self.assertEqual(resp.status, 201, resp.describe())
        eventually(
            lambda: like_notifications(a["token"], c["id"], video["id"]),
            timeout=NOTIFICATION_TIMEOUT,
            desc="A's like notification from C (marker)",
        )
        eventually(
            lambda: not like_notifications(a["token"], b["id"], video["id"]),
            timeout=NOTIFICATION_TIMEOUT,
            desc="no like notification from B after like/unlike toggles",
        )
        holds_for(
            lambda: not like_notifications(a["token"], b["id"], video["id"]),
            duration=2.0,
            desc="no like notification from B",
        )


if __name__ == "__main__":
    unittest.main()
