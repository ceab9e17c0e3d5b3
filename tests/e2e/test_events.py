"""End-to-end: every write publishes its Kafka event (read back with kcat): envelope, key and payload;
idempotent repeats and deduplicated views publish nothing."""

import os
import sys
import unittest
import uuid
from datetime import datetime

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import support  # noqa: E402
from support import kafka_find, register_user, request, wait_kafka_event  # noqa: E402

ENVELOPE = {"eventId", "eventType", "occurredAt", "producer", "version"}


class EventTest(unittest.TestCase):
    def setUp(self):
        reason = support.kafka_available()
        if reason:
            self.fail(f"event tests need KAFKA_BROKERS and kcat: {reason}")
        support.wait_ready(60)

    def ok(self, resp, status=200):
        self.assertEqual(resp.status, status, resp.describe())
        return resp.data

    def one_event(self, topic, key, **match):
        """Waits for the event matching `match`; asserts there is exactly one, its key and envelope."""
        events = wait_kafka_event(topic, **match)
        self.assertEqual(len(events), 1, f"{topic} {match}: {events}")
        got_key, payload = events[0]
        self.assertEqual(got_key, key, f"{topic} key: {payload}")
        self.assert_envelope(topic, payload)
        return payload

    def assert_envelope(self, topic, payload):
        for name in ENVELOPE:
            self.assertIn(name, payload, payload)
        uuid.UUID(payload["eventId"])
        self.assertEqual(payload["eventType"], topic)
        self.assertEqual(payload["producer"], "interaction-service")
        self.assertEqual(payload["version"], 1)
        self.assertIsInstance(payload["occurredAt"], str)
        datetime.fromisoformat(payload["occurredAt"].replace("Z", "+00:00"))

    def body(self, payload):
        """The payload without the envelope fields."""
        return {k: v for k, v in payload.items() if k not in ENVELOPE}

    def exactly(self, topic, count, **match):
        events = kafka_find(topic, **match)
        self.assertEqual(len(events), count, f"{topic} {match}: {events}")
        return events

    # --------------------------------------------------------------------------------------------

    def test_video_liked_and_unliked(self):
        a = register_user("ea")
        vid = support.create_video(a["token"])["id"]
        b = register_user("eb")
        c = register_user("ec")

        def like(u, path="like"):
            return request("POST", f"/api/interactions/{path}", {"videoId": vid}, token=u["token"])

        self.ok(like(b), 201)
        payload = self.one_event("video.liked", vid, videoId=vid, userId=b["id"])
        self.assertEqual(
            self.body(payload), {"userId": b["id"], "videoId": vid, "videoOwnerId": a["id"], "totalLikes": 1}
        )

        # repeat like publishes nothing: C's later like (same key, same partition) is the marker
        self.assertFalse(self.ok(like(b))["changed"])
        self.ok(like(c), 201)
        payload = self.one_event("video.liked", vid, videoId=vid, userId=c["id"])
        self.assertEqual(payload["totalLikes"], 2)
        self.exactly("video.liked", 1, videoId=vid, userId=b["id"])
        self.assertNotEqual(payload["eventId"], kafka_find("video.liked", videoId=vid, userId=b["id"])[0][1]["eventId"])

        self.ok(like(b, "unlike"))
        payload = self.one_event("video.unliked", vid, videoId=vid, userId=b["id"])
        self.assertEqual(
            self.body(payload), {"userId": b["id"], "videoId": vid, "videoOwnerId": a["id"], "totalLikes": 1}
        )
        self.assertFalse(self.ok(like(b, "unlike"))["changed"])
        self.ok(like(c, "unlike"))
        payload = self.one_event("video.unliked", vid, videoId=vid, userId=c["id"])
        self.assertEqual(payload["totalLikes"], 0)
        self.exactly("video.unliked", 1, videoId=vid, userId=b["id"])

    def test_comment_created_and_deleted(self):
        a = register_user("ca")
        vid = support.create_video(a["token"])["id"]
        b = register_user("cb")

        top = self.ok(
            request("POST", "/api/interactions/comment", {"videoId": vid, "content": "  hello  "}, token=b["token"]),
            201,
        )
        payload = self.one_event("comment.created", vid, commentId=top["id"])
        body = self.body(payload)
        self.assertIsNone(body.pop("parentId", None))
        self.assertIsNone(body.pop("parentAuthorId", None))
        self.assertEqual(
            body,
            {
                "commentId": top["id"],
                "userId": b["id"],
                "videoId": vid,
                "videoOwnerId": a["id"],
                "content": "hello",
                "totalComments": 1,
            },
        )

        reply = self.ok(
            request(
                "POST",
                "/api/interactions/comment",
                {"videoId": vid, "content": "réponse ✓", "parentId": top["id"]},
                token=a["token"],
            ),
            201,
        )
        payload = self.one_event("comment.created", vid, commentId=reply["id"])
        self.assertEqual(
            self.body(payload),
            {
                "commentId": reply["id"],
                "userId": a["id"],
                "videoId": vid,
                "videoOwnerId": a["id"],
                "content": "réponse ✓",
                "totalComments": 2,
                "parentId": top["id"],
                "parentAuthorId": b["id"],
            },
        )

        # the video's owner deletes B's top-level comment: its reply goes with it
        self.assertEqual(self.ok(request("DELETE", f"/api/interactions/comment/{top['id']}", token=a["token"]))["commentsCount"], 0)
        payload = self.one_event("comment.deleted", vid, commentId=top["id"])
        body = self.body(payload)
        self.assertIsNone(body.pop("parentId", None))
        self.assertEqual(sorted(body.pop("deletedIds")), sorted([top["id"], reply["id"]]))
        self.assertEqual(
            body, {"commentId": top["id"], "userId": a["id"], "videoId": vid, "videoOwnerId": a["id"], "totalComments": 0}
        )

        # a refused delete (403) and an unknown one (404) publish nothing
        c = register_user("cc")
        keep = self.ok(
            request("POST", "/api/interactions/comment", {"videoId": vid, "content": "keep"}, token=b["token"]), 201
        )
        self.assertEqual(request("DELETE", f"/api/interactions/comment/{keep['id']}", token=c["token"]).status, 403)
        unknown = str(uuid.uuid4())
        self.assertEqual(request("DELETE", f"/api/interactions/comment/{unknown}", token=c["token"]).status, 404)
        marker = self.ok(
            request("POST", "/api/interactions/comment", {"videoId": vid, "content": "marker"}, token=c["token"]), 201
        )
        self.one_event("comment.created", vid, commentId=marker["id"])
        self.exactly("comment.deleted", 0, commentId=keep["id"])
        self.exactly("comment.deleted", 0, commentId=unknown)
        self.exactly("comment.deleted", 1, videoId=vid)

    def test_reply_deleted(self):
        a = register_user("ra")
        vid = support.create_video(a["token"])["id"]
        b = register_user("rb")
        top = self.ok(
            request("POST", "/api/interactions/comment", {"videoId": vid, "content": "top"}, token=b["token"]), 201
        )
        self.ok(
            request(
                "POST", "/api/interactions/comment", {"videoId": vid, "content": "r1", "parentId": top["id"]}, token=a["token"]
            ),
            201,
        )
        # deleting a single reply (by its author): the payload names its parent
        reply2 = self.ok(
            request(
                "POST", "/api/interactions/comment", {"videoId": vid, "content": "r2", "parentId": top["id"]}, token=b["token"]
            ),
            201,
        )
        self.assertEqual(self.ok(request("DELETE", f"/api/interactions/comment/{reply2['id']}", token=b["token"]))["commentsCount"], 2)
        payload = self.one_event("comment.deleted", vid, commentId=reply2["id"])
        body = self.body(payload)
        if "parentAuthorId" in body:  # optional here; when present it must be the parent's author
            self.assertEqual(body.pop("parentAuthorId"), b["id"], f"comment.deleted parentAuthorId: {payload}")
        self.assertEqual(
            body,
            {
                "commentId": reply2["id"],
                "userId": b["id"],
                "videoId": vid,
                "videoOwnerId": a["id"],
                "totalComments": 2,
                "deletedIds": [reply2["id"]],
                "parentId": top["id"],
            },
        )


    def test_video_viewed_only_when_counted(self):
        a = register_user("va")
        vid = support.create_video(a["token"])["id"]
        b = register_user("vb")
        c = register_user("vc")

        def view(u=None, sid=None):
            return request(
                "POST",
                "/api/interactions/view",
                {"videoId": vid},
                token=u["token"] if u else None,
                headers={"Cookie": f"tt_sid={sid}"} if sid else None,
            )

        self.assertTrue(self.ok(view(b))["counted"])
        payload = self.one_event("video.viewed", vid, videoId=vid, userId=b["id"])
        self.assertEqual(self.body(payload), {"videoId": vid, "userId": b["id"], "totalViews": 1})

        # deduplicated views publish nothing; C's view is the marker
        for _ in range(3):
            self.assertFalse(self.ok(view(b))["counted"])
        self.assertTrue(self.ok(view(c))["counted"])
        payload = self.one_event("video.viewed", vid, videoId=vid, userId=c["id"])
        self.assertEqual(payload["totalViews"], 2)
        self.exactly("video.viewed", 1, videoId=vid, userId=b["id"])

        # anonymous: no userId
        resp = view()
        self.assertTrue(self.ok(resp)["counted"])
        sid = resp.cookies["tt_sid"]["value"]

        def anonymous():
            return [(k, p) for k, p in kafka_find("video.viewed", videoId=vid) if "userId" not in p or p["userId"] is None]

        events = support.eventually(anonymous, timeout=15, interval=0.5, desc="the anonymous video.viewed event")
        self.assertEqual(len(events), 1, events)
        key, payload = events[0]
        self.assertEqual(key, vid)
        self.assert_envelope("video.viewed", payload)
        self.assertNotIn("userId", payload)
        self.assertEqual(self.body(payload), {"videoId": vid, "totalViews": 3})

        self.assertFalse(self.ok(view(sid=sid))["counted"])
        marker = register_user("vm")
        self.assertTrue(self.ok(view(marker))["counted"])
        self.one_event("video.viewed", vid, videoId=vid, userId=marker["id"])
        self.assertEqual(len(anonymous()), 1)
        self.exactly("video.viewed", 4, videoId=vid)

    def test_user_followed_and_unfollowed(self):
        a = register_user("fa")
        b = register_user("fb")
        c = register_user("fc")

        def follow(u, target, method="POST"):
            return request(method, f"/api/users/{target['id']}/follow", token=u["token"])

        self.ok(follow(b, a), 201)
        payload = self.one_event("user.followed", a["id"], followerId=b["id"], followingId=a["id"])
        self.assertEqual(
            self.body(payload), {"followerId": b["id"], "followingId": a["id"], "followersCount": 1, "followingCount": 1}
        )

        self.assertFalse(self.ok(follow(b, a))["changed"])
        self.ok(follow(c, a), 201)
        payload = self.one_event("user.followed", a["id"], followerId=c["id"], followingId=a["id"])
        self.assertEqual((payload["followersCount"], payload["followingCount"]), (2, 1))
        self.exactly("user.followed", 1, followerId=b["id"], followingId=a["id"])

        self.ok(follow(b, a, "DELETE"))
        payload = self.one_event("user.unfollowed", a["id"], followerId=b["id"], followingId=a["id"])
        self.assertEqual(
            self.body(payload), {"followerId": b["id"], "followingId": a["id"], "followersCount": 1, "followingCount": 0}
        )
        self.assertFalse(self.ok(follow(b, a, "DELETE"))["changed"])
        self.ok(follow(c, a, "DELETE"))
        payload = self.one_event("user.unfollowed", a["id"], followerId=c["id"], followingId=a["id"])
        self.assertEqual((payload["followersCount"], payload["followingCount"]), (0, 0))
        self.exactly("user.unfollowed", 1, followerId=b["id"], followingId=a["id"])

    def test_comment_like_changes_counts_without_comment_events(self):
        """Liking a comment is not a comment.created/deleted: those topics stay untouched."""
        a = register_user("la")
        vid = support.create_video(a["token"])["id"]
        cm = self.ok(request("POST", "/api/interactions/comment", {"videoId": vid, "content": "x"}, token=a["token"]), 201)
        self.ok(request("POST", f"/api/interactions/comment/{cm['id']}/like", token=a["token"]), 201)
        self.ok(request("DELETE", f"/api/interactions/comment/{cm['id']}/like", token=a["token"]))
        marker = self.ok(
            request("POST", "/api/interactions/comment", {"videoId": vid, "content": "m"}, token=a["token"]), 201
        )
        self.one_event("comment.created", vid, commentId=marker["id"])
        self.exactly("comment.created", 2, videoId=vid)
        self.exactly("comment.deleted", 0, videoId=vid)


if __name__ == "__main__":
    unittest.main()
