"""End-to-end: video views (deduplicated per signed-in user, or per anonymous tt_sid cookie set by
the gateway) and the video's views count."""

import os
import sys
import threading
import unittest
import uuid
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import support  # noqa: E402
from support import cookie_attrs, register_user, request  # noqa: E402


class ViewTest(unittest.TestCase):
    def setUp(self):
        support.wait_ready(60)

    def assert_error(self, resp, status):
        self.assertEqual(resp.status, status, resp.describe())
        body = resp.json
        self.assertIsInstance(body, dict, resp.describe())
        self.assertEqual(body.get("statusCode"), status, resp.describe())
        for key in ("timestamp", "path", "method", "message"):
            self.assertIn(key, body, resp.describe())

    def view(self, video_id, user=None, sid=None):
        headers = {"Cookie": f"tt_sid={sid}"} if sid else None
        return request(
            "POST", "/api/interactions/view", {"videoId": video_id}, token=user["token"] if user else None, headers=headers
        )

    def ok_view(self, video_id, user=None, sid=None):
        resp = self.view(video_id, user, sid)
        self.assertEqual(resp.status, 200, resp.describe())
        self.assertIs(resp.json.get("success"), True, resp.describe())
        data = resp.data
        self.assertEqual(set(data), {"success", "views", "counted"}, data)
        return resp, data

    def views(self, video_id):
        resp = request("GET", f"/api/videos/{video_id}")
        self.assertEqual(resp.status, 200, resp.describe())
        return resp.data["views"]

    def new_video(self):
        owner = register_user("vo")
        video = support.create_video(owner["token"], "viewed video")
        self.assertEqual(self.views(video["id"]), 0)
        return owner, video["id"]

    def test_signed_in_viewer_counted_once(self):
        _, vid = self.new_video()
        u = register_user("vu")
        results = [self.ok_view(vid, u)[1] for _ in range(5)]
        self.assertEqual([r["counted"] for r in results], [True, False, False, False, False])
        self.assertEqual([r["views"] for r in results], [1] * 5)
        self.assertEqual(self.views(vid), 1)

        # a second signed-in viewer counts
        w = register_user("vw")
        _, data = self.ok_view(vid, w)
        self.assertEqual((data["counted"], data["views"]), (True, 2))
        _, data = self.ok_view(vid, w)
        self.assertEqual((data["counted"], data["views"]), (False, 2))
        self.assertEqual(self.views(vid), 2)

        # the same user on another video counts there
        _, other = self.new_video()
        _, data = self.ok_view(other, u)
        self.assertEqual((data["counted"], data["views"]), (True, 1))
        self.assertEqual(self.views(vid), 2)

    def test_owner_view_counts_like_anyone(self):
        owner, vid = self.new_video()
        _, data = self.ok_view(vid, owner)
        self.assertEqual(data["views"], 1)
        _, data = self.ok_view(vid, owner)
        self.assertEqual((data["counted"], data["views"]), (False, 1))

    def test_anonymous_viewer_deduplicated_by_cookie(self):
        _, vid = self.new_video()
        resp, data = self.ok_view(vid)
        self.assertEqual((data["counted"], data["views"]), (True, 1))
        self.assertIn("tt_sid", resp.cookies, f"no tt_sid cookie set: {resp.headers.get_all('Set-Cookie')}")
        raw = resp.cookies["tt_sid"]["raw"]
        sid = resp.cookies["tt_sid"]["value"]
        self.assertTrue(sid)
        attrs = cookie_attrs(raw)
        self.assertTrue(attrs.get("httponly"), raw)
        self.assertEqual(attrs.get("path"), "/", raw)

        # the same anonymous viewer (cookie sent back) is not counted again
        for _ in range(4):
            _, data = self.ok_view(vid, sid=sid)
            self.assertEqual((data["counted"], data["views"]), (False, 1))
        self.assertEqual(self.views(vid), 1)

        # a new anonymous client without the cookie counts again (and gets its own cookie)
        resp2, data = self.ok_view(vid)
        self.assertEqual((data["counted"], data["views"]), (True, 2))
        self.assertIn("tt_sid", resp2.cookies)
        sid2 = resp2.cookies["tt_sid"]["value"]
        self.assertNotEqual(sid2, sid)
        _, data = self.ok_view(vid, sid=sid2)
        self.assertEqual((data["counted"], data["views"]), (False, 2))
        # the first anonymous client is still deduplicated
        _, data = self.ok_view(vid, sid=sid)
        self.assertFalse(data["counted"])

        # the cookie is per viewer, not per video: the same anonymous viewer counts on another video
        _, other = self.new_video()
        _, data = self.ok_view(other, sid=sid)
        self.assertEqual((data["counted"], data["views"]), (True, 1))
        _, data = self.ok_view(other, sid=sid)
        self.assertFalse(data["counted"])
        self.assertEqual(self.views(vid), 2)

    def test_signed_in_and_anonymous_are_different_viewers(self):
        _, vid = self.new_video()
        u = register_user("va")
        _, data = self.ok_view(vid, u)
        self.assertTrue(data["counted"])
        _, data = self.ok_view(vid)  # anonymous, no cookie
        self.assertEqual((data["counted"], data["views"]), (True, 2))
        _, data = self.ok_view(vid, u)
        self.assertEqual((data["counted"], data["views"]), (False, 2))

    def test_concurrent_views_by_one_user_count_once(self):
        _, vid = self.new_video()
        u = register_user("vc")
        barrier = threading.Barrier(10)

        def go(_):
            barrier.wait()
            return self.view(vid, u)

        with ThreadPoolExecutor(10) as pool:
            results = list(pool.map(go, range(10)))
        self.assertEqual([r.status for r in results], [200] * 10, [r.describe() for r in results if r.status != 200])
        self.assertEqual(sum(1 for r in results if r.data["counted"]), 1, [r.text for r in results])
        self.assertEqual(self.views(vid), 1)

    def test_concurrent_views_by_many_users_all_count(self):
        _, vid = self.new_video()
        with ThreadPoolExecutor(10) as pool:
            users = list(pool.map(lambda i: register_user(f"vm{i}"), range(10)))
        barrier = threading.Barrier(10)

        def go(u):
            barrier.wait()
            return self.view(vid, u)

        with ThreadPoolExecutor(10) as pool:
            results = list(pool.map(go, users))
        self.assertEqual([r.status for r in results], [200] * 10, [r.describe() for r in results if r.status != 200])
        self.assertTrue(all(r.data["counted"] for r in results), [r.text for r in results])
        self.assertEqual(max(r.data["views"] for r in results), 10)
        self.assertEqual(self.views(vid), 10)

    def test_view_errors(self):
        _, vid = self.new_video()
        u = register_user("ve")
        self.assert_error(self.view(str(uuid.uuid4())), 404)
        self.assert_error(self.view(str(uuid.uuid4()), u), 404)
        for name, raw in (
            ("invalid JSON", '{"videoId": '),
            ("not an object", "[]"),
            ("missing videoId", "{}"),
            ("videoId not a string", '{"videoId": 5}'),
        ):
            with self.subTest(name):
                self.assert_error(request("POST", "/api/interactions/view", raw_body=raw), 400)
        self.assertEqual(self.views(vid), 0)


if __name__ == "__main__":
    unittest.main()
