"""End-to-end: uploads streamed to storage (type by content, size limit), the processing worker
(uploading -> processing -> ready | failed), video.created with new_video and mention notifications,
and media playback with Range, ETag and caching."""

import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import support  # noqa: E402
from support import fetch, register_user, request, upload, wait_video_status  # noqa: E402

MAX_FILE_SIZE = int(os.environ.get("MAX_FILE_SIZE", "104857600"))
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\0" * 64


class UploadTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        support.wait_ready(60)
        cls.clip = support.make_clip(2)

    def setUp(self):
        self.owner = register_user("upo")

    def upload_video(self, fields, content=None, token=None):
        return upload("/api/videos", token or self.owner["token"], fields,
                      self.clip if content is None else content)

    def test_upload_is_processed_announced_and_playable(self):
        follower = register_user("upf")
        mentioned = register_user("upm")
        self.assertEqual(request("POST", f"/api/users/{self.owner['id']}/follow", token=follower["token"]).status, 201)
        resp = self.upload_video({"title": "Clip #e2eupload", "description": f"with @{mentioned['username']}"})
        self.assertEqual(resp.status, 201, resp.describe())
        video = resp.data
        self.assertIn(video["status"], ("processing", "ready"))
        self.assertEqual(video["size"], len(self.clip))
        self.assertTrue(video["videoUrl"].startswith("/uploads/videos/") and video["videoUrl"].endswith(".mp4"))

        ready = wait_video_status(self.owner["token"], video["id"])
        self.assertEqual(ready["status"], "ready", ready)
        self.assertEqual((ready["width"], ready["height"], ready["duration"]), (320, 240, 2))
        self.assertTrue(ready["thumbnailUrl"].startswith("/uploads/thumbnails/"))
        status, headers, body = fetch(ready["thumbnailUrl"])
        self.assertEqual((status, headers["Content-Type"]), (200, "image/jpeg"))
        self.assertEqual(body[:3], b"\xff\xd8\xff")
        # Anyone sees it now, in the feed and by id.
        self.assertEqual(request("GET", f"/api/videos/{video['id']}").status, 200)
        self.assertIsNotNone(support.find_in_video_list("/api/videos/hashtag/e2eupload", video["id"]))

        if not support.kafka_available():
            support.wait_kafka_event("video.created", videoId=video["id"], userId=self.owner["id"])
        support.eventually(lambda: support.notifications(follower["token"], "new_video", self.owner["id"], video["id"]),
                           timeout=20, desc="new_video notification for the follower")
        support.eventually(lambda: support.notifications(mentioned["token"], "mention", self.owner["id"], video["id"]),
                           timeout=20, desc="mention notification for @mentioned")

    def test_private_upload_is_announced_to_nobody_and_hidden_from_others(self):
        follower = register_user("upp")
        request("POST", f"/api/users/{self.owner['id']}/follow", token=follower["token"])
        resp = self.upload_video({"title": "secret", "isPublic": "false"})
        self.assertEqual(resp.status, 201, resp.describe())
        ready = wait_video_status(self.owner["token"], resp.data["id"])
        self.assertEqual((ready["status"], ready["isPublic"]), ("ready", False))
        support.holds_for(lambda: not support.notifications(follower["token"], "new_video", self.owner["id"],
                                                            ready["id"]), 2, desc="no new_video notification")

    def test_unreadable_video_fails_with_a_reason_and_its_file_is_removed(self):
        junk = b"\0\0\0\x18ftypisom" + b"\0" * 4 + os.urandom(20000)
        resp = self.upload_video({"title": "broken"}, junk)
        self.assertEqual(resp.status, 201, resp.describe())
        failed = wait_video_status(self.owner["token"], resp.data["id"])
        self.assertEqual(failed["status"], "failed")
        self.assertIn("ffprobe", failed["failureReason"])
        self.assertEqual(request("GET", f"/api/videos/{failed['id']}").status, 404)  # not the owner
        self.assertEqual(fetch(failed["videoUrl"])[0], 404)
        self.assertIsNone(support.find_in_video_list("/api/videos/feed", failed["id"], max_pages=2))

    def test_bad_uploads_are_rejected_with_clear_errors(self):
        html = b"<html><body>" + b"x" * 5000 + b"</body></html>"
        wrong = self.upload_video({"title": "fake"}, html)
        self.assertEqual(wrong.status, 415, wrong.describe())
        self.assertIn("checked by content", wrong.json["message"])
        big = self.upload_video({"title": "big"}, b"\0\0\0\x18ftypisom" + b"\0" * (MAX_FILE_SIZE + 10))
        self.assertEqual(big.status, 413, big.describe())
        self.assertEqual(upload("/api/videos", None, {"title": "x"}, self.clip).status, 401)
        no_file = upload("/api/videos", self.owner["token"], {"title": "x"}, None)
        self.assertEqual(no_file.status, 400, no_file.describe())
        extra = self.upload_video({"title": "x", "isAdmin": "true"})
        self.assertEqual(extra.status, 400, extra.describe())
        # Only the oversized one got as far as a video (it existed, "uploading", once its type was known);
        # its owner sees why it failed. The others left nothing behind.
        mine = request("GET", f"/api/videos/user/{self.owner['id']}", token=self.owner["token"])
        self.assertEqual(mine.data["total"], 1, mine.describe())
        self.assertEqual(mine.data["videos"][0]["status"], "failed")
        self.assertIn("File too large", mine.data["videos"][0]["failureReason"])

    def test_upload_routes_then_json_create_is_processed_too(self):
        stored = upload("/api/upload/video", self.owner["token"], {}, self.clip)
        self.assertEqual(stored.status, 201, stored.describe())
        self.assertEqual(stored.data["mimeType"], "video/mp4")
        self.assertEqual(stored.data["size"], len(self.clip))
        self.assertEqual(stored.data["originalName"], "clip.mp4")
        created = request("POST", "/api/videos", {"title": "two-step", "videoUrl": stored.data["videoUrl"]},
                          token=self.owner["token"])
        self.assertEqual(created.status, 201, created.describe())
        self.assertEqual(created.data["status"], "processing")
        self.assertEqual(wait_video_status(self.owner["token"], created.data["id"])["status"], "ready")
        bogus = request("POST", "/api/videos", {"title": "x", "videoUrl": "/uploads/videos/nope.mp4"},
                        token=self.owner["token"])
        self.assertEqual(bogus.status, 400, bogus.describe())

        image = upload("/api/upload/image", self.owner["token"], {}, PNG, filename="a.png")
        self.assertEqual(image.status, 201, image.describe())
        self.assertEqual(image.data["mimeType"], "image/png")
        self.assertEqual(fetch(image.data["imageUrl"])[2], PNG)
        thumb = upload("/api/upload/thumbnail", self.owner["token"], {}, PNG, filename="t.png")
        self.assertEqual(thumb.status, 201, thumb.describe())
        self.assertTrue(thumb.data["thumbnailUrl"].startswith("/uploads/thumbnails/"))
        self.assertEqual(upload("/api/upload/image", self.owner["token"], {}, self.clip).status, 415)

    def test_playback_supports_ranges_and_caching(self):
        resp = self.upload_video({"title": "ranges"})
        url = resp.data["videoUrl"]
        status, headers, body = fetch(url)
        self.assertEqual((status, body), (200, self.clip))
        self.assertEqual(headers["Accept-Ranges"], "bytes")
        self.assertIn("max-age", headers["Cache-Control"])
        etag, size, modified = headers["ETag"], len(self.clip), headers["Last-Modified"]

        status, headers, body = fetch(url, {"Range": "bytes=100-199"})
        self.assertEqual((status, body), (206, self.clip[100:200]))
        self.assertEqual(headers["Content-Range"], f"bytes 100-199/{size}")
        status, headers, body = fetch(url, {"Range": "bytes=-50"})
        self.assertEqual((status, body), (206, self.clip[-50:]))
        status, headers, _ = fetch(url, {"Range": f"bytes={size}-"})
        self.assertEqual((status, headers["Content-Range"]), (416, f"bytes */{size}"))
        self.assertEqual(fetch(url, {"If-None-Match": etag})[0], 304)
        self.assertEqual(fetch(url, {"If-Modified-Since": modified})[0], 304)
        status, _, body = fetch(url, {"Range": "bytes=0-9", "If-Range": '"stale"'})
        self.assertEqual((status, len(body)), (200, size))
        status, headers, body = fetch(url, method="HEAD")
        self.assertEqual((status, headers["Content-Length"], body), (200, str(size), b""))
        self.assertEqual(fetch("/uploads/videos/..%2f..%2fetc%2fpasswd")[0], 404)
        self.assertEqual(fetch("/uploads/secrets/x.mp4")[0], 404)

    def test_delete_removes_the_files(self):
        resp = self.upload_video({"title": "to delete"})
        ready = wait_video_status(self.owner["token"], resp.data["id"])
        # The detail is served from the Redis cache now; deleting must still end it at once.
        self.assertEqual(request("GET", f"/api/videos/{ready['id']}").status, 200)
        cached = subprocess.run(["redis-cli", "-h", os.environ.get("REDIS_HOST", "127.0.0.1"), "-p",
                                 os.environ.get("REDIS_PORT", "6379"), "--scan", "--pattern",
                                 f"cache:video:{ready['id']}:*"], capture_output=True, text=True, timeout=10)
        self.assertIn(ready["id"], cached.stdout)
        other = register_user("upx")
        self.assertEqual(request("DELETE", f"/api/videos/{ready['id']}", token=other["token"]).status, 403)
        self.assertEqual(request("DELETE", f"/api/videos/{ready['id']}", token=self.owner["token"]).status, 200)
        self.assertEqual(fetch(ready["videoUrl"])[0], 404)
        self.assertEqual(fetch(ready["thumbnailUrl"])[0], 404)
        self.assertEqual(request("GET", f"/api/videos/{ready['id']}").status, 404)


if __name__ == "__main__":
    unittest.main()
