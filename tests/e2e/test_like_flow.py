"""End-to-end: register, upload, like (idempotent), notification through Kafka, unlike."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import support  # noqa: E402
from support import eventually, holds_for, like_notifications, register_user, request  # noqa: E402

NOTIFICATION_TIMEOUT = 5.0  # the issue: "within 5 s"


class LikeFlowTest(unittest.TestCase):
    def setUp(self):
        support.wait_ready(60)

    def like(self, user, video_id):
        return request("POST", "/api/interactions/like", {"videoId": video_id}, token=user["token"])

    def unlike(self, user, video_id):
        return request("POST", "/api/interactions/unlike", {"videoId": video_id}, token=user["token"])

    def like_status(self, user, video_id):
        resp = request("GET", f"/api/interactions/like-status/{video_id}", token=user["token"])
        self.assertEqual(resp.status, 200, resp.describe())
        return resp.data

    def get_video(self, video_id, user=None):
        resp = request("GET", f"/api/videos/{video_id}", token=user["token"] if user else None)
        self.assertEqual(resp.status, 200, resp.describe())
        return resp.data

    def test_like_notification_flow(self):
        a = register_user("a")
        video = support.create_video(a["token"], "A's video", description="desc", duration=12)
        vid = video["id"]
        self.assertEqual(video["userId"], a["id"])
        self.assertEqual(video["likesCount"], 0)
        self.assertFalse(video["isLiked"])

        b = register_user("b")

        # --- B likes: 201, changed
        resp = self.like(b, vid)
        self.assertEqual(resp.status, 201, resp.describe())
        self.assertEqual(resp.data["liked"], True)
        self.assertEqual(resp.data["changed"], True)
        self.assertEqual(resp.data["likesCount"], 1)
        self.assertTrue(resp.data["success"])

        st = self.like_status(b, vid)
        self.assertEqual(st["hasLiked"], True)
        self.assertEqual(st["videoId"], vid)
        self.assertEqual(st["userId"], b["id"])
        self.assertEqual(st["likesCount"], 1)
        self.assertFalse(self.like_status(a, vid)["hasLiked"])

        v = self.get_video(vid, b)
        self.assertEqual(v["likesCount"], 1)
        self.assertTrue(v["isLiked"])
        self.assertFalse(self.get_video(vid, a)["isLiked"])
        self.assertFalse(self.get_video(vid)["isLiked"])  # anonymous

        # --- within 5 s A sees exactly one like notification from B
        notes = eventually(
            lambda: like_notifications(a["token"], b["id"], vid),
            timeout=NOTIFICATION_TIMEOUT,
            desc="A's like notification from B",
        )
        self.assertEqual(len(notes), 1, notes)
        note = notes[0]
        self.assertEqual(note["userId"], a["id"])
        self.assertEqual(note["type"], "like")
        self.assertEqual(note["actorId"], b["id"])
        self.assertEqual(note["relatedId"], vid)
        self.assertFalse(note["read"])
        self.assertTrue(note["message"])
        # B gets nothing for liking someone else's video
        self.assertEqual(support.list_notifications(b["token"]), [])

        # --- B likes again: idempotent 200, changed false, count unchanged
        resp = self.like(b, vid)
        self.assertEqual(resp.status, 200, resp.describe())
        self.assertEqual(resp.data["liked"], True)
        self.assertEqual(resp.data["changed"], False)
        self.assertEqual(resp.data["likesCount"], 1)
        self.assertEqual(self.get_video(vid)["likesCount"], 1)

        # --- A likes own video: counted, but no notification from A
        resp = self.like(a, vid)
        self.assertEqual(resp.status, 201, resp.describe())
        self.assertEqual(resp.data["likesCount"], 2)
        self.assertTrue(self.like_status(a, vid)["hasLiked"])

        # --- marker: C likes after B's repeat and A's self-like; once C's notification is there the
        # consumer has processed everything before it (per-video ordering)
        c = register_user("c")
        resp = self.like(c, vid)
        self.assertEqual(resp.status, 201, resp.describe())
        self.assertEqual(resp.data["likesCount"], 3)
        eventually(
            lambda: like_notifications(a["token"], c["id"], vid),
            timeout=NOTIFICATION_TIMEOUT,
            desc="A's like notification from C (marker)",
        )

        def only_expected():
            notes = [n for n in support.list_notifications(a["token"]) if n.get("relatedId") == vid]
            from_b = [n for n in notes if n["actorId"] == b["id"]]
            from_c = [n for n in notes if n["actorId"] == c["id"]]
            from_a = [n for n in notes if n["actorId"] == a["id"]]
            ok = len(from_b) == 1 and len(from_c) == 1 and not from_a and len(notes) == 2
            if not ok:
                raise AssertionError(f"expected exactly one like notification from B and C, none from A: {notes}")
            return True

        holds_for(only_expected, duration=2.0, desc="exactly one notification from B and C, none from A")

        # --- unlikes bring the count back to 0
        resp = self.unlike(b, vid)
        self.assertEqual(resp.status, 200, resp.describe())
        self.assertEqual(resp.data["liked"], False)
        self.assertEqual(resp.data["changed"], True)
        self.assertEqual(resp.data["likesCount"], 2)
        self.assertFalse(self.like_status(b, vid)["hasLiked"])
        self.assertFalse(self.get_video(vid, b)["isLiked"])

        resp = self.unlike(b, vid)  # idempotent
        self.assertEqual(resp.status, 200, resp.describe())
        self.assertEqual(resp.data["changed"], False)
        self.assertEqual(resp.data["likesCount"], 2)

        for user in (a, c):
            resp = self.unlike(user, vid)
            self.assertEqual(resp.status, 200, resp.describe())
            self.assertEqual(resp.data["changed"], True)
        v = self.get_video(vid, a)
        self.assertEqual(v["likesCount"], 0)
        self.assertFalse(v["isLiked"])
        st = self.like_status(c, vid)
        self.assertEqual((st["hasLiked"], st["likesCount"]), (False, 0))

    def test_cookie_auth_for_me(self):
        u = register_user("k", full_name="Cookie Monster")
        reg = u["response"]
        self.assertIn("access_token", reg.cookies)
        self.assertIn("refresh_token", reg.cookies)
        for name in ("access_token", "refresh_token"):
            self.assertIn("httponly", reg.cookies[name]["raw"].lower())
        self.assertEqual(reg.cookies["access_token"]["value"], u["token"])
        self.assertEqual(reg.json.get("success"), True)
        self.assertTrue(reg.json.get("message"))
        self.assertEqual(u["user"]["username"], u["username"])
        self.assertEqual(u["user"]["fullName"], "Cookie Monster")

        resp = request("GET", "/api/auth/me", headers={"Cookie": f"access_token={u['token']}"})
        self.assertEqual(resp.status, 200, resp.describe())
        self.assertEqual(resp.data["id"], u["id"])
        self.assertEqual(resp.data["username"], u["username"])
        self.assertNotIn("password", resp.data)

        resp = request("GET", "/api/auth/me", token=u["token"])
        self.assertEqual(resp.status, 200, resp.describe())
        self.assertEqual(resp.data["email"], u["email"])

        # login by username, by email (emailOrUsername), and case-insensitively
        for body in (
            {"username": u["username"], "password": u["password"]},
            {"emailOrUsername": u["email"], "password": u["password"]},
        ):
            resp = request("POST", "/api/auth/login", body)
            self.assertEqual(resp.status, 200, f"{body}: {resp.describe()}")
            self.assertEqual(resp.data["user"]["id"], u["id"])
            self.assertIn("access_token", resp.cookies)
            me = request("GET", "/api/auth/me", token=resp.data["accessToken"])
            self.assertEqual(me.status, 200, me.describe())
            self.assertEqual(me.data["id"], u["id"])


if __name__ == "__main__":
    unittest.main()
