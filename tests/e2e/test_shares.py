"""End-to-end: sharing a video (every share counts, exact sharesCount, video.shared event)."""

import os
import sys
import threading
import unittest
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import support  # noqa: E402
from support import register_user, request  # noqa: E402


class ShareTest(unittest.TestCase):
    def setUp(self):
        support.wait_ready(60)
        self.owner = register_user("sho")
        self.fan = register_user("shf")
        self.video = support.create_video(self.owner["token"], "share me")

    def share(self, body, token=None, video_id=None):
        return request("POST", f"/api/videos/{video_id or self.video['id']}/share", body,
                       token=token or self.fan["token"])

    def test_each_share_counts_and_shows_on_the_video(self):
        first = self.share({"shareType": "copy_link"})
        self.assertEqual(first.status, 201, first.describe())
        self.assertEqual(first.data["sharesCount"], 1)
        second = self.share({"shareType": "social", "platform": "whatsapp"})
        self.assertEqual(second.data["sharesCount"], 2)
        direct = self.share({"shareType": "direct", "targetUserId": self.owner["id"]})
        self.assertEqual(direct.data["sharesCount"], 3)
        video = request("GET", f"/api/videos/{self.video['id']}")
        self.assertEqual(video.data["sharesCount"], 3, video.describe())

    def test_concurrent_shares_are_all_counted(self):
        results = []
        threads = [threading.Thread(target=lambda: results.append(self.share({"shareType": "download"}).status))
                   for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(results, [201] * 8)
        self.assertEqual(request("GET", f"/api/videos/{self.video['id']}").data["sharesCount"], 8)

    def test_bad_input(self):
        cases = [
            ({"shareType": "fax"}, 400),
            ({}, 400),
            ({"shareType": 3}, 400),
            ({"shareType": "social", "platform": "p" * 51}, 400),
            ({"shareType": "direct", "targetUserId": "nope"}, 400),
            ({"shareType": "social", "extra": 1}, 400),
        ]
        for body, status in cases:
            with self.subTest(body=body):
                resp = self.share(body)
                self.assertEqual(resp.status, status, resp.describe())
                self.assertEqual(resp.json["statusCode"], status)
        self.assertEqual(self.share({"shareType": "social"}, video_id=str(uuid.uuid4())).status, 404)
        self.assertEqual(self.share({"shareType": "social"}, video_id="not-a-video").status, 404)
        anonymous = request("POST", f"/api/videos/{self.video['id']}/share", {"shareType": "social"})
        self.assertEqual(anonymous.status, 401, anonymous.describe())
        self.assertEqual(request("GET", f"/api/videos/{self.video['id']}").data["sharesCount"], 0)

    def test_share_publishes_video_shared(self):
        reason = support.kafka_available()
        if reason:
            self.fail(f"needs KAFKA_BROKERS and kcat: {reason}")
        self.assertEqual(self.share({"shareType": "social", "platform": "telegram"}).status, 201)
        events = support.wait_kafka_event("video.shared", videoId=self.video["id"])
        self.assertEqual(len(events), 1)
        key, payload = events[0]
        self.assertEqual(key, self.video["id"])
        self.assertEqual(payload["userId"], self.fan["id"])
        self.assertEqual(payload["shareType"], "social")
        self.assertEqual(payload["platform"], "telegram")
        self.assertEqual(payload["totalShares"], 1)
        self.assertEqual(payload["eventType"], "video.shared")
        self.assertEqual(payload["producer"], "interaction-service")


if __name__ == "__main__":
    unittest.main()
