"""End-to-end: comments (create with validation, one-level replies, listing with page and cursor
pagination, delete by author or video owner with cascade to replies), comment likes, the video's
commentsCount, and comment/reply notifications through Kafka (with retraction on delete)."""

import os
import sys
import threading
import unittest
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import support  # noqa: E402
from support import eventually, holds_for, notifications, register_user, request  # noqa: E402

NOTIFICATION_TIMEOUT = 10.0
COMMENT_FIELDS = {
    "id", "userId", "videoId", "parentId", "content", "createdAt",
    "likesCount", "repliesCount", "isLiked", "user",
}  # fmt: skip
USER_FIELDS = {"id", "username", "fullName", "avatar"}


class CommentBase(unittest.TestCase):
    def setUp(self):
        support.wait_ready(60)

    def assert_error(self, resp, status):
        self.assertEqual(resp.status, status, resp.describe())
        body = resp.json
        self.assertIsInstance(body, dict, resp.describe())
        self.assertEqual(body.get("statusCode"), status, resp.describe())
        for key in ("timestamp", "path", "method", "message"):
            self.assertIn(key, body, resp.describe())

    def ok(self, resp, status=200):
        self.assertEqual(resp.status, status, resp.describe())
        self.assertIs(resp.json.get("success"), True, resp.describe())
        self.assertIn("timestamp", resp.json)
        return resp.data

    def comment(self, user, video_id, content, parent_id=None, **extra):
        body = {"videoId": video_id, "content": content}
        if parent_id is not None:
            body["parentId"] = parent_id
        body.update(extra)
        return request("POST", "/api/interactions/comment", body, token=user["token"] if user else None)

    def add(self, user, video_id, content, parent_id=None):
        return self.ok(self.comment(user, video_id, content, parent_id), 201)

    def listing(self, video_id, user=None, **params):
        qs = urllib.parse.urlencode(params)
        return request(
            "GET",
            f"/api/interactions/comments/{video_id}" + (f"?{qs}" if qs else ""),
            token=user["token"] if user else None,
        )

    def delete(self, user, comment_id):
        return request("DELETE", f"/api/interactions/comment/{comment_id}", token=user["token"] if user else None)

    def like(self, user, comment_id):
        return request("POST", f"/api/interactions/comment/{comment_id}/like", token=user["token"] if user else None)

    def unlike(self, user, comment_id):
        return request("DELETE", f"/api/interactions/comment/{comment_id}/like", token=user["token"] if user else None)

    def video(self, video_id, user=None):
        return self.ok(request("GET", f"/api/videos/{video_id}", token=user["token"] if user else None))

    def comments_count(self, video_id):
        return self.video(video_id)["commentsCount"]

    def find(self, video_id, comment_id, user=None, **params):
        """The comment as listed (top level, or among the replies with parentId=...), or None."""
        data = self.ok(self.listing(video_id, user, limit=100, **params))
        return next((c for c in data["comments"] if c["id"] == comment_id), None)


class CommentCreateTest(CommentBase):
    def test_create_top_level_and_replies(self):
        a = register_user("ca", full_name="Alice Owner")
        vid = support.create_video(a["token"], "commented video")["id"]
        self.assertEqual(self.comments_count(vid), 0)
        b = register_user("cb", full_name="Bob Commenter")

        data = self.add(b, vid, "  first!  \n")
        self.assertEqual(set(data), COMMENT_FIELDS | {"commentsCount"}, data)
        self.assertEqual(data["content"], "first!")  # trimmed
        self.assertEqual((data["userId"], data["videoId"], data["parentId"]), (b["id"], vid, None))
        self.assertEqual((data["likesCount"], data["repliesCount"], data["isLiked"]), (0, 0, False))
        self.assertEqual(data["commentsCount"], 1)
        self.assertTrue(data["createdAt"])
        uuid.UUID(data["id"])
        self.assertEqual(
            data["user"], {"id": b["id"], "username": b["username"], "fullName": "Bob Commenter", "avatar": None}
        )
        top = data["id"]
        v = self.video(vid)
        self.assertEqual(v["commentsCount"], 1)

        # A replies to B's comment; B replies to A's reply -> attached to the top-level comment
        reply = self.add(a, vid, "thanks", top)
        self.assertEqual((reply["parentId"], reply["commentsCount"], reply["userId"]), (top, 2, a["id"]))
        nested = self.add(b, vid, "you're welcome", reply["id"])
        self.assertEqual(nested["parentId"], top, "replies are one level deep: attach to the top-level comment")
        self.assertEqual(nested["commentsCount"], 3)

        # top-level listing: only B's comment, with repliesCount 2
        data = self.ok(self.listing(vid))
        self.assertEqual([c["id"] for c in data["comments"]], [top])
        listed = data["comments"][0]
        self.assertEqual(set(listed), COMMENT_FIELDS, listed)
        self.assertEqual(set(listed["user"]), USER_FIELDS)
        self.assertEqual((listed["repliesCount"], listed["content"], listed["parentId"]), (2, "first!", None))
        self.assertEqual(data["total"], 1)
        self.assertEqual((data["page"], data["limit"], data["hasMore"], data["nextCursor"]), (1, 20, False, None))

        # replies listing: total = the parent's repliesCount, newest first
        data = self.ok(self.listing(vid, parentId=top))
        self.assertEqual([c["id"] for c in data["comments"]], [nested["id"], reply["id"]])
        self.assertEqual(data["total"], 2)
        for c in data["comments"]:
            self.assertEqual(c["parentId"], top)
            self.assertEqual(c["repliesCount"], 0)
        self.assertEqual(self.comments_count(vid), 3)

        # replies of a reply: the reply has none (nested went to the top level)
        data = self.ok(self.listing(vid, parentId=reply["id"]))
        self.assertEqual((data["comments"], data["total"]), ([], 0))

    def test_content_length_counts_characters(self):
        a = register_user("la")
        vid = support.create_video(a["token"])["id"]
        for content in ("x" * 2000, "é" * 2000, "😀" * 2000, "  " + "y" * 2000 + "  ", "z"):
            with self.subTest(content=content[:3], length=len(content)):
                data = self.add(a, vid, content)
                self.assertEqual(data["content"], content.strip())
        for content in ("x" * 2001, "é" * 2001, "😀" * 2001):
            with self.subTest(content=content[:3], length=len(content)):
                self.assert_error(self.comment(a, vid, content), 400)
        self.assertEqual(self.comments_count(vid), 5)
        # non-ASCII round-trips unchanged through the listing
        text = "Ünïcödé ✓ 日本語 🎉"
        created = self.add(a, vid, text)
        self.assertEqual(self.find(vid, created["id"])["content"], text)

    def test_create_errors(self):
        a = register_user("ea")
        vid = support.create_video(a["token"])["id"]
        other_vid = support.create_video(a["token"])["id"]
        b = register_user("eb")
        foreign = self.add(b, other_vid, "on the other video")

        cases = [
            ("unknown video", lambda: self.comment(b, str(uuid.uuid4()), "hello"), 404),
            ("malformed videoId", lambda: self.comment(b, "not-a-uuid", "hello"), 404),
            ("empty content", lambda: self.comment(b, vid, ""), 400),
            ("whitespace content", lambda: self.comment(b, vid, " \t\n  "), 400),
            ("2001 characters", lambda: self.comment(b, vid, "a" * 2001), 400),
            ("unknown field", lambda: self.comment(b, vid, "hello", extra="x"), 400),
            ("no token", lambda: self.comment(None, vid, "hello"), 401),
            ("parent of another video", lambda: self.comment(b, vid, "hello", foreign["id"]), 404),
            ("unknown parent", lambda: self.comment(b, vid, "hello", str(uuid.uuid4())), 404),
            (
                "missing content",
                lambda: request("POST", "/api/interactions/comment", {"videoId": vid}, token=b["token"]),
                400,
            ),
            (
                "content not a string",
                lambda: request("POST", "/api/interactions/comment", {"videoId": vid, "content": 5}, token=b["token"]),
                400,
            ),
            (
                "invalid JSON",
                lambda: request("POST", "/api/interactions/comment", raw_body='{"videoId": ', token=b["token"]),
                400,
            ),
            (
                "invalid UTF-8",
                lambda: request(
                    "POST",
                    "/api/interactions/comment",
                    raw_body=b'{"videoId": "' + vid.encode() + b'", "content": "bad \xff\xfe bytes"}',
                    token=b["token"],
                ),
                400,
            ),
            (
                "bad token",
                lambda: request(
                    "POST", "/api/interactions/comment", {"videoId": vid, "content": "x"}, token="garbage.token.here"
                ),
                401,
            ),
        ]
        for name, call, status in cases:
            with self.subTest(name):
                self.assert_error(call(), status)
        # nothing was created by the failed attempts
        self.assertEqual(self.comments_count(vid), 0)
        self.assertEqual(self.ok(self.listing(vid))["total"], 0)
        self.assertEqual(self.comments_count(other_vid), 1)

    def test_concurrent_comments_are_all_counted(self):
        a = register_user("pa")
        vid = support.create_video(a["token"])["id"]
        with ThreadPoolExecutor(8) as pool:
            users = list(pool.map(lambda i: register_user(f"pc{i}"), range(8)))
        barrier = threading.Barrier(8)

        def go(u):
            barrier.wait()
            return self.comment(u, vid, f"from {u['username']}")

        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(go, users))
        self.assertEqual([r.status for r in results], [201] * 8, [r.describe() for r in results if r.status != 201])
        self.assertEqual(max(r.data["commentsCount"] for r in results), 8)
        self.assertEqual(self.comments_count(vid), 8)
        data = self.ok(self.listing(vid, limit=100))
        self.assertEqual(data["total"], 8)
        self.assertEqual(sorted(c["userId"] for c in data["comments"]), sorted(u["id"] for u in users))

        # concurrent replies to one comment: repliesCount exact
        top = data["comments"][0]["id"]
        barrier = threading.Barrier(8)

        def reply(u):
            barrier.wait()
            return self.comment(u, vid, "reply", top)

        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(reply, users))
        self.assertEqual([r.status for r in results], [201] * 8, [r.describe() for r in results if r.status != 201])
        self.assertEqual(self.find(vid, top)["repliesCount"], 8)
        self.assertEqual(self.comments_count(vid), 16)


class CommentListTest(CommentBase):
    def test_pages_and_cursor_walk(self):
        a = register_user("ga")
        vid = support.create_video(a["token"])["id"]
        created = [self.add(a, vid, f"comment {i}")["id"] for i in range(5)]
        newest_first = list(reversed(created))
        # a reply does not count as a top-level comment
        reply = self.add(a, vid, "a reply", created[0])

        got = []
        for page, size, more in ((1, 2, True), (2, 2, True), (3, 1, False)):
            data = self.ok(self.listing(vid, page=page, limit=2))
            self.assertEqual((data["page"], data["limit"], data["total"], data["hasMore"]), (page, 2, 5, more), data)
            self.assertEqual(len(data["comments"]), size)
            if not more:
                self.assertIsNone(data["nextCursor"])
            got += [c["id"] for c in data["comments"]]
        self.assertEqual(got, newest_first)
        data = self.ok(self.listing(vid, page=4, limit=2))
        self.assertEqual((data["comments"], data["hasMore"], data["nextCursor"]), ([], False, None))

        walked, cursor, pages = [], None, 0
        while True:
            params = {"limit": 2} if cursor is None else {"limit": 2, "cursor": cursor}
            data = self.ok(self.listing(vid, **params))
            self.assertLessEqual(len(data["comments"]), 2)
            walked += [c["id"] for c in data["comments"]]
            pages += 1
            cursor = data["nextCursor"]
            self.assertEqual(data["hasMore"], cursor is not None, data)
            if cursor is None or pages > 10:
                break
        self.assertEqual(walked, newest_first, "each comment exactly once, newest first")
        self.assertEqual(pages, 3)
        self.assertNotIn(reply["id"], walked)

        # cursor walk over the replies of one comment
        replies = [reply["id"]] + [self.add(a, vid, f"reply {i}", created[0])["id"] for i in range(4)]
        walked, cursor, pages = [], None, 0
        while True:
            params = {"limit": 2, "parentId": created[0]}
            if cursor is not None:
                params["cursor"] = cursor
            data = self.ok(self.listing(vid, **params))
            self.assertEqual(data["total"], 5)
            walked += [c["id"] for c in data["comments"]]
            pages += 1
            cursor = data["nextCursor"]
            if cursor is None or pages > 10:
                break
        self.assertEqual(walked, list(reversed(replies)))
        self.assertEqual(pages, 3)

        # a video without comments
        empty = support.create_video(a["token"])["id"]
        data = self.ok(self.listing(empty))
        self.assertEqual((data["comments"], data["total"], data["hasMore"], data["nextCursor"]), ([], 0, False, None))

    def test_cursor_walk_is_stable_when_comments_arrive(self):
        a = register_user("sa")
        vid = support.create_video(a["token"])["id"]
        created = [self.add(a, vid, f"c{i}")["id"] for i in range(5)]
        walked, cursor, pages, latecomer = [], None, 0, None
        while True:
            params = {"limit": 2} if cursor is None else {"limit": 2, "cursor": cursor}
            data = self.ok(self.listing(vid, **params))
            walked += [c["id"] for c in data["comments"]]
            pages += 1
            if latecomer is None:
                latecomer = self.add(a, vid, "late")["id"]
            cursor = data["nextCursor"]
            if cursor is None or pages > 10:
                break
        self.assertEqual(walked, list(reversed(created)))
        data = self.ok(self.listing(vid, limit=2))
        self.assertEqual(data["comments"][0]["id"], latecomer)
        self.assertEqual(data["total"], 6)

    def test_list_parameter_errors(self):
        a = register_user("ra")
        vid = support.create_video(a["token"])["id"]
        self.add(a, vid, "x")
        for params in (
            {"limit": 101},
            {"page": 0},
            {"page": -1},
            {"cursor": "garbage"},
            {"cursor": "!!!"},
            {"cursor": "eyJ4IjoxfQ"},
        ):
            with self.subTest(params=params):
                self.assert_error(self.listing(vid, **params), 400)
        data = self.ok(self.listing(vid, limit=100))
        self.assertEqual((data["limit"], data["total"]), (100, 1))


class CommentDeleteTest(CommentBase):
    def test_delete_permissions_and_cascade(self):
        owner = register_user("da")
        vid = support.create_video(owner["token"])["id"]
        author = register_user("db")
        stranger = register_user("dc")

        c1 = self.add(author, vid, "to be deleted by the author")
        c2 = self.add(author, vid, "to be deleted by the owner")
        r1 = self.add(stranger, vid, "reply 1", c2["id"])
        r2 = self.add(owner, vid, "reply 2", c2["id"])
        self.assertEqual(self.comments_count(vid), 4)

        # nobody else may delete; no token -> 401; unknown -> 404
        self.assert_error(self.delete(stranger, c1["id"]), 403)
        self.assert_error(self.delete(None, c1["id"]), 401)
        self.assert_error(self.delete(author, str(uuid.uuid4())), 404)
        self.assert_error(self.delete(author, r1["id"]), 403)  # not the reply's author nor the video's owner
        self.assertEqual(self.comments_count(vid), 4)

        # the author deletes their own comment
        data = self.ok(self.delete(author, c1["id"]))
        self.assertEqual(data, {"success": True, "commentsCount": 3})
        self.assertIsNone(self.find(vid, c1["id"]))
        self.assert_error(self.delete(author, c1["id"]), 404)  # gone

        # a reply's author deletes the reply: parent's repliesCount shrinks
        data = self.ok(self.delete(stranger, r1["id"]))
        self.assertEqual(data["commentsCount"], 2)
        self.assertEqual(self.find(vid, c2["id"])["repliesCount"], 1)

        # the video's owner deletes someone else's top-level comment: its replies go with it
        data = self.ok(self.delete(owner, c2["id"]))
        self.assertEqual(data["commentsCount"], 0)
        self.assertEqual(self.comments_count(vid), 0)
        listing = self.ok(self.listing(vid))
        self.assertEqual((listing["comments"], listing["total"]), ([], 0))
        self.assert_error(self.delete(owner, r2["id"]), 404)  # the reply went with its parent
        self.assert_error(self.like(owner, r2["id"]), 404)

    def test_delete_top_level_with_replies_counts(self):
        owner = register_user("xa")
        vid = support.create_video(owner["token"])["id"]
        keep = self.add(owner, vid, "keep")
        top = self.add(owner, vid, "top")
        for i in range(3):
            self.add(owner, vid, f"r{i}", top["id"])
        self.add(owner, vid, "keep reply", keep["id"])
        self.assertEqual(self.comments_count(vid), 6)
        data = self.ok(self.delete(owner, top["id"]))
        self.assertEqual(data["commentsCount"], 2, "1 comment + 3 replies removed")
        self.assertEqual(self.comments_count(vid), 2)
        listing = self.ok(self.listing(vid))
        self.assertEqual([c["id"] for c in listing["comments"]], [keep["id"]])
        self.assertEqual(listing["comments"][0]["repliesCount"], 1)


class CommentLikeTest(CommentBase):
    def test_like_unlike_comment(self):
        a = register_user("ka")
        vid = support.create_video(a["token"])["id"]
        b = register_user("kb")
        c = register_user("kc")
        cm = self.add(a, vid, "like me")

        data = self.ok(self.like(b, cm["id"]), 201)
        self.assertEqual(data, {"success": True, "likesCount": 1, "liked": True, "changed": True})
        data = self.ok(self.like(b, cm["id"]), 200)
        self.assertEqual((data["likesCount"], data["liked"], data["changed"]), (1, True, False))

        self.assertTrue(self.find(vid, cm["id"], b)["isLiked"])
        self.assertFalse(self.find(vid, cm["id"], c)["isLiked"])
        self.assertFalse(self.find(vid, cm["id"])["isLiked"])  # anonymous
        self.assertEqual(self.find(vid, cm["id"])["likesCount"], 1)

        data = self.ok(self.like(c, cm["id"]), 201)
        self.assertEqual(data["likesCount"], 2)

        data = self.ok(self.unlike(b, cm["id"]))
        self.assertEqual((data["likesCount"], data["liked"], data["changed"]), (1, False, True))
        data = self.ok(self.unlike(b, cm["id"]))
        self.assertEqual((data["likesCount"], data["liked"], data["changed"]), (1, False, False))
        self.assertFalse(self.find(vid, cm["id"], b)["isLiked"])
        self.assertTrue(self.find(vid, cm["id"], c)["isLiked"])

        self.ok(self.unlike(c, cm["id"]))
        data = self.ok(self.unlike(c, cm["id"]))
        self.assertEqual(data["likesCount"], 0)  # never negative
        self.assertEqual(self.find(vid, cm["id"])["likesCount"], 0)

        # likes on a reply show up in the replies listing
        reply = self.add(b, vid, "reply", cm["id"])
        self.ok(self.like(a, reply["id"]), 201)
        listed = self.find(vid, reply["id"], a, parentId=cm["id"])
        self.assertEqual((listed["likesCount"], listed["isLiked"]), (1, True))

        self.assert_error(self.like(None, cm["id"]), 401)
        self.assert_error(self.unlike(None, cm["id"]), 401)
        self.assert_error(self.like(b, str(uuid.uuid4())), 404)

    def test_same_user_likes_concurrently(self):
        a = register_user("ya")
        vid = support.create_video(a["token"])["id"]
        cm = self.add(a, vid, "race")
        b = register_user("yb")
        barrier = threading.Barrier(10)

        def go(_):
            barrier.wait()
            return self.like(b, cm["id"])

        with ThreadPoolExecutor(10) as pool:
            results = list(pool.map(go, range(10)))
        self.assertEqual(sorted(r.status for r in results), [200] * 9 + [201], [r.describe() for r in results])
        self.assertEqual(sum(1 for r in results if r.data["changed"]), 1)
        self.assertEqual(self.find(vid, cm["id"])["likesCount"], 1)

        barrier = threading.Barrier(10)

        def leave(_):
            barrier.wait()
            return self.unlike(b, cm["id"])

        with ThreadPoolExecutor(10) as pool:
            results = list(pool.map(leave, range(10)))
        self.assertEqual([r.status for r in results], [200] * 10)
        self.assertEqual(sum(1 for r in results if r.data["changed"]), 1)
        self.assertEqual(self.find(vid, cm["id"])["likesCount"], 0)


class CommentNotificationTest(CommentBase):
    def test_comment_and_reply_notifications(self):
        a = register_user("na")
        vid = support.create_video(a["token"], "notified video")["id"]
        b = register_user("nb")

        cm = self.add(b, vid, "nice video")
        notes = eventually(
            lambda: notifications(a["token"], "comment", b["id"], cm["id"]),
            timeout=NOTIFICATION_TIMEOUT,
            desc="A's comment notification from B",
        )
        self.assertEqual(len(notes), 1, notes)
        note = notes[0]
        self.assertEqual((note["userId"], note["type"], note["actorId"], note["relatedId"]), (a["id"], "comment", b["id"], cm["id"]))
        self.assertFalse(note["read"])
        self.assertTrue(note["message"])

        # A replies to B's comment -> B gets a reply notification
        reply = self.add(a, vid, "thank you", cm["id"])
        notes = eventually(
            lambda: notifications(b["token"], "reply", a["id"], reply["id"]),
            timeout=NOTIFICATION_TIMEOUT,
            desc="B's reply notification from A",
        )
        self.assertEqual(len(notes), 1, notes)
        self.assertEqual(notes[0]["userId"], b["id"])

        # self-interactions notify nobody: A comments on own video, B replies to own comment
        own = self.add(a, vid, "my own comment")
        self_reply = self.add(b, vid, "replying to myself", cm["id"])
        # marker: C comments afterwards; once A has it, everything before was processed
        c = register_user("nc")
        marker = self.add(c, vid, "marker")
        eventually(
            lambda: notifications(a["token"], "comment", c["id"], marker["id"]),
            timeout=NOTIFICATION_TIMEOUT,
            desc="A's comment notification from C (marker)",
        )

        def only_expected():
            a_notes = support.list_notifications(a["token"])
            b_notes = support.list_notifications(b["token"])
            related_a = sorted(n["relatedId"] for n in a_notes)
            related_b = sorted(n["relatedId"] for n in b_notes)
            if related_a != sorted([cm["id"], marker["id"]]) or related_b != [reply["id"]]:
                raise AssertionError(f"A: {a_notes}\nB: {b_notes}")
            if own["id"] in related_a or self_reply["id"] in related_a + related_b:
                raise AssertionError("self-interaction notified")
            return True

        holds_for(only_expected, duration=2.0, desc="only the comment/reply notifications expected")
        self.assertEqual(support.list_notifications(c["token"]), [])

    def test_reply_to_a_reply_notifies_the_replied_author(self):
        a = register_user("ra")
        vid = support.create_video(a["token"])["id"]
        b = register_user("rb")
        c = register_user("rc")
        top = self.add(a, vid, "top by owner")
        b_reply = self.add(b, vid, "b replies", top["id"])
        c_reply = self.add(c, vid, "c replies to b", b_reply["id"])
        self.assertEqual(c_reply["parentId"], top["id"])
        # B's reply notifies A (author of the comment replied to); C replied to B's reply, so B is
        # notified even though the reply is attached to A's top-level comment
        eventually(
            lambda: notifications(a["token"], "reply", b["id"], b_reply["id"])
            and notifications(b["token"], "reply", c["id"], c_reply["id"]),
            timeout=NOTIFICATION_TIMEOUT,
            desc="A's reply notification from B and B's from C",
        )
        # replies on A's own video are "reply" notifications, never "comment" ones
        holds_for(
            lambda: not [n for n in support.list_notifications(a["token"]) if n["type"] == "comment"],
            duration=1.0,
            desc="no comment notifications for replies",
        )
        self.assertEqual(support.list_notifications(c["token"]), [])

    def test_delete_removes_notifications_of_comment_and_replies(self):
        a = register_user("wa")
        vid = support.create_video(a["token"])["id"]
        b = register_user("wb")
        c = register_user("wc")
        cm = self.add(b, vid, "to be removed")
        reply = self.add(c, vid, "reply to be removed", cm["id"])
        keep = self.add(c, vid, "stays")
        eventually(
            lambda: notifications(a["token"], "comment", b["id"], cm["id"])
            and notifications(b["token"], "reply", c["id"], reply["id"])
            and notifications(a["token"], "comment", c["id"], keep["id"]),
            timeout=NOTIFICATION_TIMEOUT,
            desc="comment and reply notifications",
        )

        self.ok(self.delete(a, cm["id"]))  # by the video's owner
        eventually(
            lambda: not notifications(a["token"], "comment", b["id"], cm["id"])
            and not notifications(b["token"], "reply", c["id"], reply["id"]),
            timeout=NOTIFICATION_TIMEOUT,
            desc="the deleted comment's and its reply's notifications to disappear",
        )
        self.assertEqual(len(notifications(a["token"], "comment", c["id"], keep["id"])), 1)

        # deleting a single reply removes only its notification
        r2 = self.add(a, vid, "owner replies", keep["id"])
        eventually(
            lambda: notifications(c["token"], "reply", a["id"], r2["id"]),
            timeout=NOTIFICATION_TIMEOUT,
            desc="C's reply notification from A",
        )
        self.ok(self.delete(a, r2["id"]))
        eventually(
            lambda: not notifications(c["token"], "reply", a["id"], r2["id"]),
            timeout=NOTIFICATION_TIMEOUT,
            desc="C's reply notification to disappear",
        )
        self.assertEqual(len(notifications(a["token"], "comment", c["id"], keep["id"])), 1)


if __name__ == "__main__":
    unittest.main()
