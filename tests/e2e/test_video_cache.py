"""End-to-end: a video's detail comes from the gateway's cache (signed-in callers get the same page
with their own like and current counts), and a like, view, comment, share or deletion refreshes it:
at once on the gateway that took the write, through the video's Kafka event on every other gateway
(long before VIDEO_DETAIL_CACHE_TTL_MS)."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import support  # noqa: E402
from support import create_video, eventually, register_user, request  # noqa: E402


def cache_lookups(base_url: str | None = None) -> float:
    resp = request("GET", "/metrics", base_url=base_url) if base_url else request("GET", "/metrics")
    total = 0.0
    for line in resp.text.splitlines():
        if line.startswith("tt_page_cache_") and 'cache="video"' in line:
            total += float(line.rsplit(" ", 1)[1])
    return total


class VideoCacheTest(unittest.TestCase):
    def setUp(self):
        support.wait_ready(60)

    def detail(self, video_id, base_url=None, token=None):
        kwargs = {"base_url": base_url} if base_url else {}
        resp = request("GET", f"/api/videos/{video_id}", token=token, **kwargs)
        self.assertEqual(resp.status, 200, resp.describe())
        return resp.data

    def test_writes_through_this_gateway_show_at_once(self):
        owner, fan = register_user("vco"), register_user("vcf")
        vid = create_video(owner["token"], "cached detail")["id"]
        first = self.detail(vid)
        self.assertEqual(self.detail(vid), first)
        self.assertFalse(first["isLiked"])

        self.assertEqual(request("POST", "/api/interactions/like", {"videoId": vid}, token=fan["token"]).status, 201)
        self.assertEqual(self.detail(vid)["likesCount"], 1)
        comment = request("POST", "/api/interactions/comment", {"videoId": vid, "content": "hi"}, token=fan["token"])
        self.assertEqual(comment.status, 201, comment.describe())
        self.assertEqual(self.detail(vid)["commentsCount"], 1)
        deleted = request("DELETE", f"/api/interactions/comment/{comment.data['id']}", token=fan["token"])
        self.assertEqual(deleted.status, 200, deleted.describe())
        self.assertEqual(self.detail(vid)["commentsCount"], 0)
        self.assertEqual(request("POST", f"/api/videos/{vid}/share", {"shareType": "copy_link"}, token=fan["token"]).status,
                         201)
        self.assertEqual(self.detail(vid)["sharesCount"], 1)
        self.assertEqual(request("POST", "/api/interactions/view", {"videoId": vid}, token=fan["token"]).status, 200)
        self.assertEqual(self.detail(vid)["views"], 1)
        # Signed-in callers get the shared page with their own like and the counts of that moment.
        shared = self.detail(vid)
        before = cache_lookups()
        mine = self.detail(vid, token=fan["token"])
        self.assertGreater(cache_lookups(), before)
        self.assertTrue(mine["isLiked"])
        self.assertFalse(self.detail(vid, token=owner["token"])["isLiked"])
        self.assertEqual({k: v for k, v in mine.items() if k not in ("isLiked",)},
                         {k: v for k, v in shared.items() if k not in ("isLiked",)})
        self.assertEqual((mine["likesCount"], mine["commentsCount"], mine["sharesCount"], mine["views"]), (1, 0, 1, 1))

        self.assertEqual(request("DELETE", f"/api/videos/{vid}", token=owner["token"]).status, 200)
        self.assertEqual(request("GET", f"/api/videos/{vid}").status, 404)

    def test_other_gateways_refresh_from_the_event(self):
        owner = register_user("vce")
        vid = create_video(owner["token"], "cached elsewhere")["id"]
        with support.ExtraGateway(VIDEO_DETAIL_CACHE_TTL_MS="60000") as other:
            self.assertEqual(self.detail(vid, base_url=other.base)["views"], 0)
            lookups = cache_lookups(other.base)
            self.assertEqual(self.detail(vid, base_url=other.base)["views"], 0)  # cached for a minute
            self.assertGreater(cache_lookups(other.base), lookups)

            # Views go through the shared gateway; the extra one hears of them from Kafka only. Its
            # real-time bridge starts at the latest offsets once it has joined its group, so views
            # sent before that are not seen: keep viewing until one is.
            def refreshed_by_an_event():
                viewed = request("POST", "/api/interactions/view", {"videoId": vid})  # a new anonymous viewer
                self.assertEqual(viewed.status, 200, viewed.describe())
                return self.detail(vid, base_url=other.base)["views"] > 0

            eventually(refreshed_by_an_event, timeout=30, interval=0.2,
                       desc="the other gateway's cached detail to show the views")

            # Deleted through the shared gateway: the other one drops its copy on video.deleted.
            self.assertEqual(request("DELETE", f"/api/videos/{vid}", token=owner["token"]).status, 200)
            eventually(lambda: request("GET", f"/api/videos/{vid}", base_url=other.base).status == 404, timeout=30,
                       interval=0.1, desc="the other gateway to stop serving the deleted video")

if __name__ == "__main__":
    unittest.main()
