"""End-to-end: like status for one video and for many at once."""

import os
import sys
import unittest
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import support  # noqa: E402
from support import register_user, request  # noqa: E402


class LikeStatusTest(unittest.TestCase):
    def setUp(self):
        support.wait_ready(60)

    def test_batch_status_reports_each_video_in_order(self):
        owner = register_user("lso")
        fan = register_user("lsf")
        first = support.create_video(owner["token"], "first")
        second = support.create_video(owner["token"], "second")
        self.assertEqual(request("POST", "/api/interactions/like", {"videoId": second["id"]},
                                 token=fan["token"]).status, 201)
        unknown = str(uuid.uuid4())
        ids = ",".join([first["id"], second["id"], unknown])
        resp = request("GET", f"/api/interactions/like-status?videoIds={ids}", token=fan["token"])
        self.assertEqual(resp.status, 200, resp.describe())
        infos = resp.data["likeInfos"]
        self.assertEqual([i["videoId"] for i in infos], [first["id"], second["id"], unknown])
        self.assertEqual([i["hasLiked"] for i in infos], [False, True, False])
        self.assertEqual([i["likesCount"] for i in infos], [0, 1, 0])
        single = request("GET", f"/api/interactions/like-status/{second['id']}", token=fan["token"])
        self.assertTrue(single.data["hasLiked"], single.describe())

    def test_batch_status_errors(self):
        user = register_user("lse")
        self.assertEqual(request("GET", "/api/interactions/like-status?videoIds=x").status, 401)
        for query in ("", "?videoIds=", "?videoIds=" + ",".join(str(uuid.uuid4()) for _ in range(101))):
            with self.subTest(query=query[:30]):
                resp = request("GET", f"/api/interactions/like-status{query}", token=user["token"])
                self.assertEqual(resp.status, 400, resp.describe())
                self.assertEqual(resp.json["statusCode"], 400)


if __name__ == "__main__":
    unittest.main()
